import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI shares two cores with builds and databases: give findBy/waitFor more than the default 1 s.
configure({ asyncUtilTimeout: 5000 });

import { jest } from '@jest/globals';

// Starting the app on a fresh database, real HTTP and MariaDB round trips take seconds when the
// machine is busy: 60 s per test and hook (the project's `testTimeout` is not read by Jest 30).
jest.setTimeout(60_000);

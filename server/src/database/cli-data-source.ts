// For the TypeORM CLI only (run with tsx): `pnpm --filter @xc/server migration:generate src/database/migrations/mariadb/Name`.
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource({ ...dataSourceOptions(loadConfig().database), migrationsRun: false });

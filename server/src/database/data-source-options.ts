import fs from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MARIADB_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';

/** TypeORM options for either engine. `synchronize` is never on: migrations own the schema. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  if (db.type === 'sqlite') {
    fs.mkdirSync(path.dirname(db.path), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: db.path,
      entities: ENTITIES,
      migrations: SQLITE_MIGRATIONS,
      migrationsRun: true,
      synchronize: false,
      // WAL lets the health check and readers run while a write transaction is open.
      prepareDatabase: (conn: { pragma: (s: string) => unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
      },
    };
  }
  return {
    type: 'mariadb',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MARIADB_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    extra: { connectionLimit: 20, connectTimeout: 5000 },
  };
}

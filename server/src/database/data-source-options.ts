import fs from 'node:fs';
import path from 'node:path';
import { format } from 'mysql2';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig, MariaDbConnection } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MARIADB_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';

/**
 * mysql2's own query formatting, except that a query without parameters is sent as it is: mysql2
 * otherwise scans the whole text for placeholders (and through every quoted string) only to find
 * nothing to replace — 5–6 % of the server's CPU on the patrol points route, whose 10–200 KB
 * INSERTs carry their values as literals (patrols/points-sql.ts). The result is the same text.
 */
export function formatQuery(this: { config: { stringifyObjects?: boolean } }, sql: string, values: unknown, timezone: string): string {
  if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) return sql;
  return format(sql, values as Parameters<typeof format>[1], this.config.stringifyObjects ?? false, timezone);
}

/**
 * TypeORM options for either engine. `synchronize` is never on: migrations own the schema. With
 * replicas, every query goes to the primary unless a request runs in the replica scope
 * (read-replica.ts: anonymous public reads).
 */
export function dataSourceOptions(db: DatabaseConfig, replicas: MariaDbConnection[] = []): DataSourceOptions {
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
  const connection = (c: MariaDbConnection) => ({
    host: c.host,
    port: c.port,
    username: c.username,
    password: c.password,
    database: c.database,
  });
  return {
    type: 'mariadb',
    ...(replicas.length
      ? { replication: { master: connection(db), slaves: replicas.map(connection), defaultMode: 'master' as const } }
      : connection(db)),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MARIADB_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    // trace: false: mysql2 otherwise captures a stack trace for every query (~5 % of a report's CPU,
    // measured by test/bench/case-create.bench.mjs); TypeORM's QueryFailedError names the query anyway.
    extra: { connectionLimit: 20, connectTimeout: 5000, trace: false, queryFormat: formatQuery },
  };
}

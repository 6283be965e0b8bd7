import type { DataSource } from 'typeorm';

/** True when the error is a unique-key violation, on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  let err: any = e;
  for (let i = 0; err && i < 3; i++) {
    const code = String(err.code ?? '');
    if (code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') || code.startsWith('SQLITE_CONSTRAINT_UNIQUE'))
      return true;
    err = err.driverError;
  }
  return false;
}

/**
 * A Date as a query parameter both engines compare correctly with their stored datetimes:
 * 'YYYY-MM-DD HH:MM:SS.mmm' in UTC (TypeORM stores SQLite datetimes so; MariaDB runs with timezone Z).
 */
export function sqlDate(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime read by a raw query: a Date (MariaDB) or a UTC string (SQLite). */
export function fromSqlDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
}

export function isSqlite(db: DataSource): boolean {
  return db.options.type === 'better-sqlite3';
}

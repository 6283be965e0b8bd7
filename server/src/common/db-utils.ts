import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

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

const insertSql = new WeakMap<object, Map<number, { sql: string; columns: ColumnMetadata[] }>>();

/**
 * INSERT of whole rows of an entity in one statement, without TypeORM's insert builder (which
 * re-parses its own SQL text and reads back generated values: about a third of a report's CPU in
 * test/bench/case-create.bench.mjs). Values go through the driver's own `preparePersistentValue`
 * (transformers, dates, JSON, booleans), exactly as the builder does. A column a row leaves out gets
 * its plain DEFAULT or NULL (or the call throws); auto-increment ids are the database's; nothing is
 * read back.
 */
export async function insertRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  if (!rows.length) return;
  const meta = manager.connection.getMetadata(target);
  let byCount = insertSql.get(meta);
  if (!byCount) insertSql.set(meta, (byCount = new Map()));
  let plan = byCount.get(rows.length);
  if (!plan) {
    const columns = meta.columns.filter((c) => !c.isVirtual && !(c.isGenerated && c.generationStrategy === 'increment'));
    const driver = manager.connection.driver;
    const one = `(${columns.map(() => '?').join(', ')})`;
    plan = {
      columns,
      sql: `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${Array(rows.length).fill(one).join(', ')}`,
    };
    byCount.set(rows.length, plan);
  }
  const driver = manager.connection.driver;
  const params: unknown[] = [];
  for (const row of rows)
    for (const c of plan.columns) {
      let v = c.getEntityValue(row);
      if (v === undefined) {
        // What the column's DEFAULT would give; a column without one must be given.
        if (c.default !== undefined && typeof c.default !== 'function') {
          params.push(c.default);
          continue;
        }
        if (!c.isNullable) throw new Error(`insertRows(${meta.name}): no value for ${c.propertyName}`);
        v = null;
      }
      params.push(driver.preparePersistentValue(v, c));
    }
  await manager.query(plan.sql, params);
}

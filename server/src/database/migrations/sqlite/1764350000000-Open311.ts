import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 for real clients (see the MariaDB migration of the same name). SQLite cannot alter a
 * column, so `cases` is rebuilt from its own current definition with only the three columns
 * changed: whatever other columns and indexes earlier migrations gave it are carried over.
 */
export class Open311Sqlite1764350000000 implements MigrationInterface {
  name = 'Open311Sqlite1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "open311_keys" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "key_hash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "created_by" varchar(36) NOT NULL, "created_at" datetime NOT NULL, "revoked_at" datetime, "last_used_at" datetime)`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_open311_keys_hash" ON "open311_keys" ("key_hash") `);
    await q.query(
      `CREATE TABLE "open311_submissions" ("case_id" varchar(36) PRIMARY KEY NOT NULL, "key_id" varchar(36), "first_name" varchar(64), "last_name" varchar(64), "email" varchar(254), "phone" varchar(32), "attributes" json NOT NULL, "media_url" varchar(2000), "media_status" varchar(16), "created_at" datetime NOT NULL)`,
    );
    await q.query(`CREATE INDEX "idx_open311_submissions_key" ON "open311_submissions" ("key_id") `);
    await rebuildCases(q, [
      ['"description" varchar(1000) NOT NULL', '"description" varchar(4000) NOT NULL'],
      ['"lat" decimal(10,7) NOT NULL', '"lat" decimal(10,7)'],
      ['"lng" decimal(10,7) NOT NULL', '"lng" decimal(10,7)'],
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await rebuildCases(q, [
      ['"description" varchar(4000) NOT NULL', '"description" varchar(1000) NOT NULL'],
      ['"lat" decimal(10,7)', '"lat" decimal(10,7) NOT NULL'],
      ['"lng" decimal(10,7)', '"lng" decimal(10,7) NOT NULL'],
    ]);
    await q.query(`DROP TABLE "open311_submissions"`);
    await q.query(`DROP TABLE "open311_keys"`);
  }
}

/** Recreates `cases` with column definitions replaced (each must occur exactly once), keeping rows and indexes. */
async function rebuildCases(q: QueryRunner, replacements: [from: string, to: string][]): Promise<void> {
  const [table] = (await q.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cases'`)) as { sql: string }[];
  const indexes = (await q.query(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL`)) as {
    sql: string;
  }[];
  let ddl = table.sql.replace(/^CREATE TABLE "cases"/, 'CREATE TABLE "temporary_cases"');
  for (const [from, to] of replacements) {
    // A definition ends at the next comma or closing parenthesis of the column list.
    const re = new RegExp(`${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[,)])`, 'g');
    const hits = ddl.match(re)?.length ?? 0;
    if (hits !== 1) throw new Error(`cases: expected one column definition ${from}, found ${hits}`);
    ddl = ddl.replace(re, to);
  }
  await q.query(ddl);
  await q.query(`INSERT INTO "temporary_cases" SELECT * FROM "cases"`);
  await q.query(`DROP TABLE "cases"`);
  await q.query(`ALTER TABLE "temporary_cases" RENAME TO "cases"`);
  for (const { sql } of indexes) await q.query(sql);
}

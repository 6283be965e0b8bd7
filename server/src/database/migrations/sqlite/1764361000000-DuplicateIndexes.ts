import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 15, intake: the place joins the (category, status) and (theme, status) indexes (see the MariaDB migration). */
export class DuplicateIndexesSqlite1764361000000 implements MigrationInterface {
  name = 'DuplicateIndexesSqlite1764361000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_cases_category_status"`);
    await q.query(`CREATE INDEX "idx_cases_category_status" ON "cases" ("category_code", "status", "lat", "lng") `);
    await q.query(`DROP INDEX "idx_cases_theme_status"`);
    await q.query(`CREATE INDEX "idx_cases_theme_status" ON "cases" ("theme", "status", "lat", "lng") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_cases_theme_status"`);
    await q.query(`CREATE INDEX "idx_cases_theme_status" ON "cases" ("theme", "status") `);
    await q.query(`DROP INDEX "idx_cases_category_status"`);
    await q.query(`CREATE INDEX "idx_cases_category_status" ON "cases" ("category_code", "status") `);
  }
}

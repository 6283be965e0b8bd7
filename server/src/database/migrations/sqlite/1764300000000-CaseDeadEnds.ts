import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BACKFILL_INSPECTORS_SQL } from '../backfill-inspectors.js';

/**
 * Issue 11, dead ends in the case path: duplicates are searched by theme when the category is not
 * known (an index on theme and status), and open 核实/核查 tasks without an inspector get one.
 */
export class CaseDeadEndsSqlite1764300000000 implements MigrationInterface {
  name = 'CaseDeadEndsSqlite1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_cases_theme_status" ON "cases" ("theme", "status") `);
    await q.query(BACKFILL_INSPECTORS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_cases_theme_status"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the monthly figures over a million cases (test/bench/evaluation-month.bench.mjs):
 * the month's reports by unit, and a covering index for one pass over each case's history.
 */
export class FigureIndexesMariadb1764270000000 implements MigrationInterface {
  name = 'FigureIndexesMariadb1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX \`idx_cases_reported_unit\` ON \`cases\` (\`reported_at\`, \`unit_id\`)`);
    await q.query(`CREATE INDEX \`idx_history_case_at\` ON \`case_history\` (\`case_id\`, \`at\`, \`seq\`, \`action\`, \`to_status\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_history_case_at\` ON \`case_history\``);
    await q.query(`DROP INDEX \`idx_cases_reported_unit\` ON \`cases\``);
  }
}

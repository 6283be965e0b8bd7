import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, intake: the duplicate search at each report (附近已有相同问题) reads only the open cases
 * of its category or theme inside its box. The place is added to the (category, status) and
 * (theme, status) indexes, so the box is a range of the index and the query stops at its limit
 * instead of reading every open case of the category (test/bench/case-create.bench.mjs).
 */
export class DuplicateIndexesMariadb1764361000000 implements MigrationInterface {
  name = 'DuplicateIndexesMariadb1764361000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE \`cases\` DROP INDEX \`idx_cases_category_status\`, ADD INDEX \`idx_cases_category_status\` (\`category_code\`, \`status\`, \`lat\`, \`lng\`), DROP INDEX \`idx_cases_theme_status\`, ADD INDEX \`idx_cases_theme_status\` (\`theme\`, \`status\`, \`lat\`, \`lng\`)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE \`cases\` DROP INDEX \`idx_cases_category_status\`, ADD INDEX \`idx_cases_category_status\` (\`category_code\`, \`status\`), DROP INDEX \`idx_cases_theme_status\`, ADD INDEX \`idx_cases_theme_status\` (\`theme\`, \`status\`)`,
    );
  }
}

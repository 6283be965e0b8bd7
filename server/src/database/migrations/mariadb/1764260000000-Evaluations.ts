import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Monthly evaluation: schemes, revisions, scores and manual items. */
export class EvaluationsMariadb1764260000000 implements MigrationInterface {
  name = 'EvaluationsMariadb1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`evaluation_schemes\` (\`id\` int NOT NULL AUTO_INCREMENT, \`group_code\` varchar(16) NOT NULL, \`from_month\` varchar(7) NOT NULL, \`items\` json NOT NULL, \`grades\` json NOT NULL, \`created_at\` datetime NOT NULL, UNIQUE INDEX \`uq_schemes_group_month\` (\`group_code\`, \`from_month\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`evaluations\` (\`month\` varchar(7) NOT NULL, \`revision\` int NOT NULL, \`status\` varchar(12) NOT NULL, \`source\` varchar(12) NOT NULL, \`figures\` json NULL, \`created_by\` varchar(36) NOT NULL, \`created_at\` datetime NOT NULL, \`published_by\` varchar(36) NULL, \`published_at\` datetime NULL, \`reason\` varchar(500) NULL, PRIMARY KEY (\`month\`, \`revision\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`evaluation_scores\` (\`month\` varchar(7) NOT NULL, \`revision\` int NOT NULL, \`unit_id\` varchar(32) NOT NULL, \`unit_name\` varchar(64) NOT NULL, \`group_code\` varchar(16) NOT NULL, \`unit_order\` int NOT NULL, \`score\` decimal(5,2) NOT NULL, \`grade\` varchar(8) NOT NULL, \`breakdown\` json NULL, INDEX \`idx_scores_unit\` (\`unit_id\`, \`month\`), PRIMARY KEY (\`month\`, \`revision\`, \`unit_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`evaluation_adjustments\` (\`id\` varchar(36) NOT NULL, \`month\` varchar(7) NOT NULL, \`unit_id\` varchar(32) NOT NULL, \`item\` varchar(16) NOT NULL, \`points\` decimal(6,2) NOT NULL, \`reason\` varchar(500) NOT NULL, \`evidence\` json NOT NULL, \`created_by\` varchar(36) NOT NULL, \`created_at\` datetime NOT NULL, \`revoked_at\` datetime NULL, INDEX \`idx_adjustments_month_unit\` (\`month\`, \`unit_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`evaluation_adjustments\``);
    await q.query(`DROP TABLE \`evaluation_scores\``);
    await q.query(`DROP TABLE \`evaluations\``);
    await q.query(`DROP TABLE \`evaluation_schemes\``);
  }
}

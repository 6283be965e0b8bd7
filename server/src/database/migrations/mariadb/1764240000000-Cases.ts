import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases, their history, idempotency keys, case-number counters and media. */
export class CasesMariadb1764240000000 implements MigrationInterface {
  name = 'CasesMariadb1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`cases\` (\`id\` varchar(36) NOT NULL, \`case_no\` varchar(20) NOT NULL, \`status\` varchar(16) NOT NULL, \`version\` int NOT NULL, \`channel\` varchar(8) NOT NULL, \`category_code\` varchar(6) NULL, \`theme\` varchar(16) NULL, \`description\` varchar(1000) NOT NULL, \`lat\` decimal(10,7) NOT NULL, \`lng\` decimal(10,7) NOT NULL, \`address\` varchar(200) NULL, \`grid_code\` varchar(15) NULL, \`street_code\` varchar(12) NULL, \`district_code\` varchar(12) NULL, \`reporter_id\` varchar(36) NOT NULL, \`unit_id\` varchar(32) NULL, \`inspector_id\` varchar(36) NULL, \`open_request\` varchar(16) NULL, \`requested_deadline\` datetime NULL, \`deadline\` datetime NULL, \`reported_at\` datetime NOT NULL, \`registered_at\` datetime NULL, \`dispatched_at\` datetime NULL, \`last_finished_at\` datetime NULL, \`closed_at\` datetime NULL, \`reworked\` int NOT NULL DEFAULT '0', \`self_handled\` int NOT NULL DEFAULT '0', \`duplicate_of\` varchar(36) NULL, \`media_ids\` json NOT NULL, \`after_media_ids\` json NOT NULL, \`rating\` int NULL, \`rating_comment\` varchar(500) NULL, \`rated_at\` datetime NULL, \`updated_at\` datetime NOT NULL, UNIQUE INDEX \`uq_cases_case_no\` (\`case_no\`), INDEX \`idx_cases_grid\` (\`grid_code\`), INDEX \`idx_cases_registered\` (\`registered_at\`), INDEX \`idx_cases_rated\` (\`rated_at\`), INDEX \`idx_cases_status_reported\` (\`status\`, \`reported_at\`), INDEX \`idx_cases_category_status\` (\`category_code\`, \`status\`), INDEX \`idx_cases_reporter\` (\`reporter_id\`, \`reported_at\`), INDEX \`idx_cases_unit_status\` (\`unit_id\`, \`status\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`case_history\` (\`id\` int NOT NULL AUTO_INCREMENT, \`case_id\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`action\` varchar(24) NOT NULL, \`from_status\` varchar(16) NULL, \`to_status\` varchar(16) NOT NULL, \`actor_id\` varchar(36) NOT NULL, \`actor_role\` varchar(16) NOT NULL, \`note\` varchar(500) NULL, \`media_ids\` json NOT NULL, \`data\` json NULL, \`at\` datetime NOT NULL, UNIQUE INDEX \`uq_history_case_seq\` (\`case_id\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`idempotency_keys\` (\`user_id\` varchar(36) NOT NULL, \`idem_key\` varchar(128) NOT NULL, \`request_hash\` varchar(64) NOT NULL, \`case_id\` varchar(36) NULL, \`created_at\` datetime NOT NULL, PRIMARY KEY (\`user_id\`, \`idem_key\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`case_counters\` (\`day\` varchar(8) NOT NULL, \`value\` int NOT NULL, PRIMARY KEY (\`day\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`media\` (\`id\` varchar(36) NOT NULL, \`owner_id\` varchar(36) NOT NULL, \`token\` varchar(64) NOT NULL, \`mime\` varchar(32) NOT NULL, \`ext\` varchar(8) NOT NULL, \`width\` int NOT NULL, \`height\` int NOT NULL, \`bytes\` int NOT NULL, \`storage_key\` varchar(128) NOT NULL, \`thumb_key\` varchar(128) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_media_owner\` (\`owner_id\`), UNIQUE INDEX \`uq_media_token\` (\`token\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`media\``);
    await q.query(`DROP TABLE \`case_counters\``);
    await q.query(`DROP TABLE \`idempotency_keys\``);
    await q.query(`DROP TABLE \`case_history\``);
    await q.query(`DROP TABLE \`cases\``);
  }
}

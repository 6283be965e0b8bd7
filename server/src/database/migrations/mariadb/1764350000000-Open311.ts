import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open311 for real clients: integrators' api keys (hashed), what a POST brought besides the case
 * (contact, attributes, a media link), and cases that may come with only an address (no
 * location until 核实) and a description of up to 4,000 characters.
 */
export class Open311Mariadb1764350000000 implements MigrationInterface {
  name = 'Open311Mariadb1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`open311_keys\` (\`id\` varchar(36) NOT NULL, \`name\` varchar(64) NOT NULL, \`key_hash\` varchar(64) NOT NULL, \`prefix\` varchar(16) NOT NULL, \`created_by\` varchar(36) NOT NULL, \`created_at\` datetime NOT NULL, \`revoked_at\` datetime NULL, \`last_used_at\` datetime NULL, UNIQUE INDEX \`uq_open311_keys_hash\` (\`key_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`open311_submissions\` (\`case_id\` varchar(36) NOT NULL, \`key_id\` varchar(36) NULL, \`first_name\` varchar(64) NULL, \`last_name\` varchar(64) NULL, \`email\` varchar(254) NULL, \`phone\` varchar(32) NULL, \`attributes\` json NOT NULL, \`media_url\` varchar(2000) NULL, \`media_status\` varchar(16) NULL, \`created_at\` datetime NOT NULL, INDEX \`idx_open311_submissions_key\` (\`key_id\`), PRIMARY KEY (\`case_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    // MODIFY keeps the data (a generated migration would drop and re-add the column).
    await q.query(
      `ALTER TABLE \`cases\` MODIFY \`description\` varchar(4000) NOT NULL, MODIFY \`lat\` decimal(10,7) NULL, MODIFY \`lng\` decimal(10,7) NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Address-only cases have no location to go back to: they would block the NOT NULL.
    await q.query(
      `ALTER TABLE \`cases\` MODIFY \`description\` varchar(1000) NOT NULL, MODIFY \`lat\` decimal(10,7) NOT NULL, MODIFY \`lng\` decimal(10,7) NOT NULL`,
    );
    await q.query(`DROP TABLE \`open311_submissions\``);
    await q.query(`DROP TABLE \`open311_keys\``);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (safe to put in public): users can be disabled and carry a token version (revocation);
 * photos get a public copy, can be hidden from the public, and record when a case first used them
 * (unattached ones are purged); job_leases lets one process run each scheduled job. Photos stored
 * before this migration count as attached, so the purge never touches them.
 */
export class SecurityMariadb1764330000000 implements MigrationInterface {
  name = 'SecurityMariadb1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`job_leases\` (\`name\` varchar(64) NOT NULL, \`next_run_at\` datetime NOT NULL, \`lease_until\` datetime NULL, \`holder\` varchar(96) NULL, \`last_started_at\` datetime NULL, \`last_finished_at\` datetime NULL, \`last_result\` varchar(500) NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(`ALTER TABLE \`media\` ADD \`public_key\` varchar(128) NULL`);
    await q.query(`ALTER TABLE \`media\` ADD \`public_thumb_key\` varchar(128) NULL`);
    await q.query(`ALTER TABLE \`media\` ADD \`public_hidden_at\` datetime NULL`);
    await q.query(`ALTER TABLE \`media\` ADD \`public_hidden_by\` varchar(36) NULL`);
    await q.query(`ALTER TABLE \`media\` ADD \`attached_at\` datetime NULL`);
    await q.query(`ALTER TABLE \`users\` ADD \`active\` int NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE \`users\` ADD \`token_version\` int NOT NULL DEFAULT '0'`);
    await q.query(`UPDATE \`media\` SET \`attached_at\` = \`created_at\``);
    await q.query(`CREATE INDEX \`idx_media_unattached\` ON \`media\` (\`attached_at\`, \`created_at\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX \`idx_media_unattached\` ON \`media\``);
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`token_version\``);
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`active\``);
    await q.query(`ALTER TABLE \`media\` DROP COLUMN \`attached_at\``);
    await q.query(`ALTER TABLE \`media\` DROP COLUMN \`public_hidden_by\``);
    await q.query(`ALTER TABLE \`media\` DROP COLUMN \`public_hidden_at\``);
    await q.query(`ALTER TABLE \`media\` DROP COLUMN \`public_thumb_key\``);
    await q.query(`ALTER TABLE \`media\` DROP COLUMN \`public_key\``);
    await q.query(`DROP TABLE \`job_leases\``);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal information: the published policy texts, users' consents, the append-only audit log,
 * a user's phone and deletion time, the time the retention job erased a case's contact, and the
 * patrol figures it keeps when it drops old tracks.
 */
export class PrivacyMariadb1764380000000 implements MigrationInterface {
  name = 'PrivacyMariadb1764380000000';

  async up(q: QueryRunner): Promise<void> {
    const tail = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(
      `CREATE TABLE \`policy_versions\` (\`kind\` varchar(16) NOT NULL, \`version\` varchar(32) NOT NULL, \`title\` varchar(100) NOT NULL, \`body\` text NOT NULL, \`published_at\` datetime NOT NULL, PRIMARY KEY (\`kind\`, \`version\`)) ${tail}`,
    );
    await q.query(
      `CREATE TABLE \`consents\` (\`id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`policy_version\` varchar(32) NOT NULL, \`terms_version\` varchar(32) NULL, \`accepted_at\` datetime NOT NULL, INDEX \`idx_consents_user_at\` (\`user_id\`, \`accepted_at\`), PRIMARY KEY (\`id\`)) ${tail}`,
    );
    await q.query(
      `CREATE TABLE \`audit_log\` (\`id\` int NOT NULL AUTO_INCREMENT, \`at\` datetime NOT NULL, \`actor_id\` varchar(36) NULL, \`actor_role\` varchar(16) NULL, \`action\` varchar(32) NOT NULL, \`subject_id\` varchar(64) NULL, \`detail\` json NULL, INDEX \`idx_audit_at\` (\`at\`), INDEX \`idx_audit_action\` (\`action\`, \`id\`), INDEX \`idx_audit_actor\` (\`actor_id\`, \`id\`), PRIMARY KEY (\`id\`)) ${tail}`,
    );
    await q.query(`ALTER TABLE \`cases\` ADD \`contact_erased_at\` datetime NULL`);
    await q.query(`ALTER TABLE \`users\` ADD \`phone\` varchar(20) NULL, ADD \`deleted_at\` datetime NULL`);
    await q.query(
      `CREATE TABLE \`patrol_week_figures\` (\`user_id\` varchar(36) NOT NULL, \`week\` varchar(8) NOT NULL, \`half_days\` json NOT NULL, \`daily_coverage\` json NOT NULL, \`kept_at\` datetime NOT NULL, PRIMARY KEY (\`user_id\`, \`week\`)) ${tail}`,
    );
    await q.query(`ALTER TABLE \`patrols\` ADD \`track_dropped_at\` datetime NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`patrols\` DROP COLUMN \`track_dropped_at\``);
    await q.query(`DROP TABLE \`patrol_week_figures\``);
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`deleted_at\`, DROP COLUMN \`phone\``);
    await q.query(`ALTER TABLE \`cases\` DROP COLUMN \`contact_erased_at\``);
    await q.query(`DROP TABLE \`audit_log\``);
    await q.query(`DROP TABLE \`consents\``);
    await q.query(`DROP TABLE \`policy_versions\``);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Personal information (see the MariaDB migration of the same name). */
export class PrivacySqlite1764380000000 implements MigrationInterface {
  name = 'PrivacySqlite1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "policy_versions" ("kind" varchar(16) NOT NULL, "version" varchar(32) NOT NULL, "title" varchar(100) NOT NULL, "body" text NOT NULL, "published_at" datetime NOT NULL, PRIMARY KEY ("kind", "version"))`,
    );
    await q.query(
      `CREATE TABLE "consents" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "policy_version" varchar(32) NOT NULL, "terms_version" varchar(32), "accepted_at" datetime NOT NULL)`,
    );
    await q.query(`CREATE INDEX "idx_consents_user_at" ON "consents" ("user_id", "accepted_at") `);
    await q.query(
      `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL, "actor_id" varchar(36), "actor_role" varchar(16), "action" varchar(32) NOT NULL, "subject_id" varchar(64), "detail" json)`,
    );
    await q.query(`CREATE INDEX "idx_audit_at" ON "audit_log" ("at") `);
    await q.query(`CREATE INDEX "idx_audit_action" ON "audit_log" ("action", "id") `);
    await q.query(`CREATE INDEX "idx_audit_actor" ON "audit_log" ("actor_id", "id") `);
    await q.query(`ALTER TABLE "cases" ADD COLUMN "contact_erased_at" datetime`);
    await q.query(`ALTER TABLE "users" ADD COLUMN "phone" varchar(20)`);
    await q.query(`ALTER TABLE "users" ADD COLUMN "deleted_at" datetime`);
    await q.query(
      `CREATE TABLE "patrol_week_figures" ("user_id" varchar(36) NOT NULL, "week" varchar(8) NOT NULL, "half_days" json NOT NULL, "daily_coverage" json NOT NULL, "kept_at" datetime NOT NULL, PRIMARY KEY ("user_id", "week"))`,
    );
    await q.query(`ALTER TABLE "patrols" ADD COLUMN "track_dropped_at" datetime`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patrols" DROP COLUMN "track_dropped_at"`);
    await q.query(`DROP TABLE "patrol_week_figures"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "deleted_at"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "contact_erased_at"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "consents"`);
    await q.query(`DROP TABLE "policy_versions"`);
  }
}

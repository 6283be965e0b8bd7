import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (safe to put in public): users can be disabled and carry a token version (revocation);
 * photos get a public copy, can be hidden from the public, and record when a case first used them
 * (unattached ones are purged); job_leases lets one process run each scheduled job. Photos stored
 * before this migration count as attached, so the purge never touches them.
 */
export class SecuritySqlite1764330000000 implements MigrationInterface {
  name = 'SecuritySqlite1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "job_leases" ("name" varchar(64) PRIMARY KEY NOT NULL, "next_run_at" datetime NOT NULL, "lease_until" datetime, "holder" varchar(96), "last_started_at" datetime, "last_finished_at" datetime, "last_result" varchar(500))`,
    );
    await q.query(`DROP INDEX "uq_media_token"`);
    await q.query(`DROP INDEX "idx_media_owner"`);
    await q.query(
      `CREATE TABLE "temporary_media" ("id" varchar(36) PRIMARY KEY NOT NULL, "owner_id" varchar(36) NOT NULL, "token" varchar(64) NOT NULL, "mime" varchar(32) NOT NULL, "ext" varchar(8) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "storage_key" varchar(128) NOT NULL, "thumb_key" varchar(128) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "public_key" varchar(128), "public_thumb_key" varchar(128), "public_hidden_at" datetime, "public_hidden_by" varchar(36), "attached_at" datetime)`,
    );
    await q.query(
      `INSERT INTO "temporary_media"("id", "owner_id", "token", "mime", "ext", "width", "height", "bytes", "storage_key", "thumb_key", "created_at") SELECT "id", "owner_id", "token", "mime", "ext", "width", "height", "bytes", "storage_key", "thumb_key", "created_at" FROM "media"`,
    );
    await q.query(`UPDATE "temporary_media" SET "attached_at" = "created_at"`);
    await q.query(`DROP TABLE "media"`);
    await q.query(`ALTER TABLE "temporary_media" RENAME TO "media"`);
    await q.query(`CREATE UNIQUE INDEX "uq_media_token" ON "media" ("token") `);
    await q.query(`CREATE INDEX "idx_media_owner" ON "media" ("owner_id") `);
    await q.query(`DROP INDEX "uq_users_openid"`);
    await q.query(`DROP INDEX "uq_users_username"`);
    await q.query(
      `CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "openid" varchar(64), "roles" varchar(128) NOT NULL, "patrol_role" varchar(16), "unit_id" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "active" integer NOT NULL DEFAULT (1), "token_version" integer NOT NULL DEFAULT (0))`,
    );
    await q.query(
      `INSERT INTO "temporary_users"("id", "username", "name", "openid", "roles", "patrol_role", "unit_id", "created_at") SELECT "id", "username", "name", "openid", "roles", "patrol_role", "unit_id", "created_at" FROM "users"`,
    );
    await q.query(`DROP TABLE "users"`);
    await q.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await q.query(`CREATE UNIQUE INDEX "uq_users_openid" ON "users" ("openid") `);
    await q.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await q.query(`CREATE INDEX "idx_media_unattached" ON "media" ("attached_at", "created_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_media_unattached"`);
    await q.query(`DROP INDEX "uq_users_username"`);
    await q.query(`DROP INDEX "uq_users_openid"`);
    await q.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await q.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "openid" varchar(64), "roles" varchar(128) NOT NULL, "patrol_role" varchar(16), "unit_id" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(
      `INSERT INTO "users"("id", "username", "name", "openid", "roles", "patrol_role", "unit_id", "created_at") SELECT "id", "username", "name", "openid", "roles", "patrol_role", "unit_id", "created_at" FROM "temporary_users"`,
    );
    await q.query(`DROP TABLE "temporary_users"`);
    await q.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") `);
    await q.query(`CREATE UNIQUE INDEX "uq_users_openid" ON "users" ("openid") `);
    await q.query(`DROP INDEX "idx_media_owner"`);
    await q.query(`DROP INDEX "uq_media_token"`);
    await q.query(`ALTER TABLE "media" RENAME TO "temporary_media"`);
    await q.query(
      `CREATE TABLE "media" ("id" varchar(36) PRIMARY KEY NOT NULL, "owner_id" varchar(36) NOT NULL, "token" varchar(64) NOT NULL, "mime" varchar(32) NOT NULL, "ext" varchar(8) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "storage_key" varchar(128) NOT NULL, "thumb_key" varchar(128) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(
      `INSERT INTO "media"("id", "owner_id", "token", "mime", "ext", "width", "height", "bytes", "storage_key", "thumb_key", "created_at") SELECT "id", "owner_id", "token", "mime", "ext", "width", "height", "bytes", "storage_key", "thumb_key", "created_at" FROM "temporary_media"`,
    );
    await q.query(`DROP TABLE "temporary_media"`);
    await q.query(`CREATE INDEX "idx_media_owner" ON "media" ("owner_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_media_token" ON "media" ("token") `);
    await q.query(`DROP TABLE "job_leases"`);
  }
}

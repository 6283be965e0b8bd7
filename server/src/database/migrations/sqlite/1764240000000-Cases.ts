import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases, their history, idempotency keys, case-number counters and media. */
export class CasesSqlite1764240000000 implements MigrationInterface {
  name = 'CasesSqlite1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "cases" ("id" varchar(36) PRIMARY KEY NOT NULL, "case_no" varchar(20) NOT NULL, "status" varchar(16) NOT NULL, "version" integer NOT NULL, "channel" varchar(8) NOT NULL, "category_code" varchar(6), "theme" varchar(16), "description" varchar(1000) NOT NULL, "lat" decimal(10,7) NOT NULL, "lng" decimal(10,7) NOT NULL, "address" varchar(200), "grid_code" varchar(15), "street_code" varchar(12), "district_code" varchar(12), "reporter_id" varchar(36) NOT NULL, "unit_id" varchar(32), "inspector_id" varchar(36), "open_request" varchar(16), "requested_deadline" datetime, "deadline" datetime, "reported_at" datetime NOT NULL, "registered_at" datetime, "dispatched_at" datetime, "last_finished_at" datetime, "closed_at" datetime, "reworked" integer NOT NULL DEFAULT (0), "self_handled" integer NOT NULL DEFAULT (0), "duplicate_of" varchar(36), "media_ids" json NOT NULL, "after_media_ids" json NOT NULL, "rating" integer, "rating_comment" varchar(500), "rated_at" datetime, "updated_at" datetime NOT NULL)`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_cases_case_no" ON "cases" ("case_no")`);
    await q.query(`CREATE INDEX "idx_cases_grid" ON "cases" ("grid_code")`);
    await q.query(`CREATE INDEX "idx_cases_registered" ON "cases" ("registered_at")`);
    await q.query(`CREATE INDEX "idx_cases_rated" ON "cases" ("rated_at")`);
    await q.query(`CREATE INDEX "idx_cases_status_reported" ON "cases" ("status", "reported_at")`);
    await q.query(`CREATE INDEX "idx_cases_category_status" ON "cases" ("category_code", "status")`);
    await q.query(`CREATE INDEX "idx_cases_reporter" ON "cases" ("reporter_id", "reported_at")`);
    await q.query(`CREATE INDEX "idx_cases_unit_status" ON "cases" ("unit_id", "status")`);
    await q.query(
      `CREATE TABLE "case_history" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "case_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "action" varchar(24) NOT NULL, "from_status" varchar(16), "to_status" varchar(16) NOT NULL, "actor_id" varchar(36) NOT NULL, "actor_role" varchar(16) NOT NULL, "note" varchar(500), "media_ids" json NOT NULL, "data" json, "at" datetime NOT NULL)`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_history_case_seq" ON "case_history" ("case_id", "seq")`);
    await q.query(
      `CREATE TABLE "idempotency_keys" ("user_id" varchar(36) NOT NULL, "idem_key" varchar(128) NOT NULL, "request_hash" varchar(64) NOT NULL, "case_id" varchar(36), "created_at" datetime NOT NULL, PRIMARY KEY ("user_id", "idem_key"))`,
    );
    await q.query(`CREATE TABLE "case_counters" ("day" varchar(8) PRIMARY KEY NOT NULL, "value" integer NOT NULL)`);
    await q.query(
      `CREATE TABLE "media" ("id" varchar(36) PRIMARY KEY NOT NULL, "owner_id" varchar(36) NOT NULL, "token" varchar(64) NOT NULL, "mime" varchar(32) NOT NULL, "ext" varchar(8) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "storage_key" varchar(128) NOT NULL, "thumb_key" varchar(128) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(`CREATE INDEX "idx_media_owner" ON "media" ("owner_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_media_token" ON "media" ("token")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "media"`);
    await q.query(`DROP TABLE "case_counters"`);
    await q.query(`DROP TABLE "idempotency_keys"`);
    await q.query(`DROP TABLE "case_history"`);
    await q.query(`DROP TABLE "cases"`);
  }
}

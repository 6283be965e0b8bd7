import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications: the outbox, the message centre, outside deliveries and WeChat subscriptions. */
export class NotificationsSqlite1764390000000 implements MigrationInterface {
  name = 'NotificationsSqlite1764390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notify_outbox" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(24) NOT NULL, "case_id" varchar(36) NOT NULL, "actor_id" varchar(36), "data" json NOT NULL, "dedup_key" varchar(120), "state" varchar(12) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_at" datetime(3) NOT NULL, "claimed_by" varchar(64), "claimed_until" datetime(3), "last_error" varchar(500), "created_at" datetime NOT NULL, "done_at" datetime)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_dedup" ON "notify_outbox" ("dedup_key") `);
    await queryRunner.query(`CREATE INDEX "idx_outbox_state_next" ON "notify_outbox" ("state", "next_at") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "delivery_id" varchar(120) NOT NULL, "user_id" varchar(36) NOT NULL, "kind" varchar(24) NOT NULL, "title" varchar(64) NOT NULL, "body" varchar(300) NOT NULL, "case_id" varchar(36), "case_no" varchar(20), "created_at" datetime NOT NULL, "read_at" datetime)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_messages_delivery" ON "messages" ("delivery_id") `);
    await queryRunner.query(`CREATE INDEX "idx_messages_user_read" ON "messages" ("user_id", "read_at") `);
    await queryRunner.query(`CREATE INDEX "idx_messages_user_id" ON "messages" ("user_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "notify_deliveries" ("id" varchar(120) PRIMARY KEY NOT NULL, "event_id" integer NOT NULL, "channel" varchar(16) NOT NULL, "user_id" varchar(36) NOT NULL, "payload" json NOT NULL, "state" varchar(12) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "next_at" datetime(3) NOT NULL, "claimed_by" varchar(64), "claimed_until" datetime(3), "last_error" varchar(500), "created_at" datetime NOT NULL, "done_at" datetime)`,
    );
    await queryRunner.query(`CREATE INDEX "idx_deliveries_state_next" ON "notify_deliveries" ("state", "next_at") `);
    await queryRunner.query(
      `CREATE TABLE "wechat_subscriptions" ("user_id" varchar(36) NOT NULL, "template_id" varchar(64) NOT NULL, "remaining" integer NOT NULL, "updated_at" datetime NOT NULL, PRIMARY KEY ("user_id", "template_id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "wechat_subscriptions"`);
    await queryRunner.query(`DROP INDEX "idx_deliveries_state_next"`);
    await queryRunner.query(`DROP TABLE "notify_deliveries"`);
    await queryRunner.query(`DROP INDEX "idx_messages_user_id"`);
    await queryRunner.query(`DROP INDEX "idx_messages_user_read"`);
    await queryRunner.query(`DROP INDEX "uq_messages_delivery"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "idx_outbox_state_next"`);
    await queryRunner.query(`DROP INDEX "uq_outbox_dedup"`);
    await queryRunner.query(`DROP TABLE "notify_outbox"`);
  }
}

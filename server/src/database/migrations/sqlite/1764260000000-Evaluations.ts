import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Monthly evaluation: schemes, revisions, scores and manual items. */
export class EvaluationsSqlite1764260000000 implements MigrationInterface {
  name = 'EvaluationsSqlite1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "evaluation_schemes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "group_code" varchar(16) NOT NULL, "from_month" varchar(7) NOT NULL, "items" json NOT NULL, "grades" json NOT NULL, "created_at" datetime NOT NULL)`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_schemes_group_month" ON "evaluation_schemes" ("group_code", "from_month")`);
    await q.query(
      `CREATE TABLE "evaluations" ("month" varchar(7) NOT NULL, "revision" integer NOT NULL, "status" varchar(12) NOT NULL, "source" varchar(12) NOT NULL, "figures" json, "created_by" varchar(36) NOT NULL, "created_at" datetime NOT NULL, "published_by" varchar(36), "published_at" datetime, "reason" varchar(500), PRIMARY KEY ("month", "revision"))`,
    );
    await q.query(
      `CREATE TABLE "evaluation_scores" ("month" varchar(7) NOT NULL, "revision" integer NOT NULL, "unit_id" varchar(32) NOT NULL, "unit_name" varchar(64) NOT NULL, "group_code" varchar(16) NOT NULL, "unit_order" integer NOT NULL, "score" decimal(5,2) NOT NULL, "grade" varchar(8) NOT NULL, "breakdown" json, PRIMARY KEY ("month", "revision", "unit_id"))`,
    );
    await q.query(`CREATE INDEX "idx_scores_unit" ON "evaluation_scores" ("unit_id", "month")`);
    await q.query(
      `CREATE TABLE "evaluation_adjustments" ("id" varchar(36) PRIMARY KEY NOT NULL, "month" varchar(7) NOT NULL, "unit_id" varchar(32) NOT NULL, "item" varchar(16) NOT NULL, "points" decimal(6,2) NOT NULL, "reason" varchar(500) NOT NULL, "evidence" json NOT NULL, "created_by" varchar(36) NOT NULL, "created_at" datetime NOT NULL, "revoked_at" datetime)`,
    );
    await q.query(`CREATE INDEX "idx_adjustments_month_unit" ON "evaluation_adjustments" ("month", "unit_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "evaluation_adjustments"`);
    await q.query(`DROP TABLE "evaluation_scores"`);
    await q.query(`DROP TABLE "evaluations"`);
    await q.query(`DROP TABLE "evaluation_schemes"`);
  }
}

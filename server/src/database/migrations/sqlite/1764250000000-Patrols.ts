import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patrols and their GPS points, keyed by (patrol, device time) so a repeated point is stored once. */
export class PatrolsSqlite1764250000000 implements MigrationInterface {
  name = 'PatrolsSqlite1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "patrols" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "points" integer NOT NULL DEFAULT (0), "flagged" integer NOT NULL DEFAULT (0), "distance_m" decimal(12,2) NOT NULL DEFAULT (0), "last_t" datetime(3), "anchor_t" datetime(3), "anchor_lat" decimal(10,7), "anchor_lng" decimal(10,7), "created_at" datetime(3) NOT NULL)`,
    );
    await q.query(`CREATE INDEX "idx_patrols_user_started" ON "patrols" ("user_id", "started_at")`);
    await q.query(
      `CREATE TABLE "patrol_points" ("patrol_id" varchar(36) NOT NULL, "t" datetime(3) NOT NULL, "lat" decimal(10,7) NOT NULL, "lng" decimal(10,7) NOT NULL, "accuracy" decimal(8,2), "flags" integer NOT NULL DEFAULT (0), "received_at" datetime(3) NOT NULL, PRIMARY KEY ("patrol_id", "t"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "patrol_points"`);
    await q.query(`DROP INDEX "idx_patrols_user_started"`);
    await q.query(`DROP TABLE "patrols"`);
  }
}

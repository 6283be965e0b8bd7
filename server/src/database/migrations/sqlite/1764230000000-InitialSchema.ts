import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation, reference data and accounts (embedded SQLite). */
export class InitialSchemaSqlite1764230000000 implements MigrationInterface {
  name = 'InitialSchemaSqlite1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "districts" ("code" varchar(12) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "status" varchar(16) NOT NULL)`,
    );
    await q.query(
      `CREATE TABLE "streets" ("code" varchar(12) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "district_code" varchar(12) NOT NULL, "type" varchar(8) NOT NULL, "status" varchar(16) NOT NULL)`,
    );
    await q.query(`CREATE INDEX "idx_streets_district" ON "streets" ("district_code")`);
    await q.query(
      `CREATE TABLE "communities" ("code" varchar(15) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "street_code" varchar(12) NOT NULL, "status" varchar(16) NOT NULL)`,
    );
    await q.query(`CREATE INDEX "idx_communities_street" ON "communities" ("street_code")`);
    await q.query(
      `CREATE TABLE "grids" ("code" varchar(15) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "community_code" varchar(15) NOT NULL, "street_code" varchar(12) NOT NULL, "district_code" varchar(12) NOT NULL, "polygon" json NOT NULL, "min_lng" decimal(10,7) NOT NULL, "min_lat" decimal(10,7) NOT NULL, "max_lng" decimal(10,7) NOT NULL, "max_lat" decimal(10,7) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(`CREATE INDEX "idx_grids_community" ON "grids" ("community_code")`);
    await q.query(`CREATE INDEX "idx_grids_street" ON "grids" ("street_code")`);
    await q.query(
      `CREATE TABLE "evaluation_groups" ("code" varchar(16) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "sort_order" integer NOT NULL, "list_mode" varchar(16) NOT NULL, "noun" varchar(32) NOT NULL)`,
    );
    await q.query(
      `CREATE TABLE "units" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(64) NOT NULL, "kind" varchar(16) NOT NULL, "district_code" varchar(12), "street_code" varchar(12), "status" varchar(16) NOT NULL, "active" integer NOT NULL DEFAULT (1))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_units_name" ON "units" ("name")`);
    await q.query(
      `CREATE TABLE "group_memberships" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "group_code" varchar(16) NOT NULL, "unit_id" varchar(32) NOT NULL, "sort_order" integer NOT NULL, "from_month" varchar(7) NOT NULL, "to_month" varchar(7))`,
    );
    await q.query(`CREATE INDEX "idx_memberships_unit" ON "group_memberships" ("unit_id")`);
    await q.query(`CREATE INDEX "idx_memberships_group" ON "group_memberships" ("group_code", "from_month")`);
    await q.query(
      `CREATE TABLE "categories" ("code" varchar(6) PRIMARY KEY NOT NULL, "kind" varchar(8) NOT NULL, "major" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "parent_code" varchar(6), "theme" varchar(16), "time_limit_value" decimal(8,2), "time_limit_unit" varchar(16), "duplicate_radius_m" integer NOT NULL DEFAULT (50), "status" varchar(16) NOT NULL, "active" integer NOT NULL DEFAULT (1))`,
    );
    await q.query(`CREATE INDEX "idx_categories_parent" ON "categories" ("parent_code")`);
    await q.query(
      `CREATE TABLE "calendar_days" ("date" varchar(10) PRIMARY KEY NOT NULL, "kind" varchar(8) NOT NULL, "name" varchar(32) NOT NULL, "status" varchar(16) NOT NULL)`,
    );
    await q.query(
      `CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "name" varchar(64) NOT NULL, "openid" varchar(64), "roles" varchar(128) NOT NULL, "patrol_role" varchar(16), "unit_id" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username")`);
    await q.query(`CREATE UNIQUE INDEX "uq_users_openid" ON "users" ("openid")`);
    await q.query(
      `CREATE TABLE "inspector_grids" ("user_id" varchar(36) NOT NULL, "grid_code" varchar(15) NOT NULL, PRIMARY KEY ("user_id", "grid_code"))`,
    );
    await q.query(
      `CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "user_id" varchar(36) NOT NULL, "family_id" varchar(36) NOT NULL, "expires_at" datetime NOT NULL, "used_at" datetime, "revoked_at" datetime)`,
    );
    await q.query(`CREATE INDEX "idx_refresh_user" ON "refresh_tokens" ("user_id")`);
    await q.query(`CREATE INDEX "idx_refresh_family" ON "refresh_tokens" ("family_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'refresh_tokens',
      'inspector_grids',
      'users',
      'calendar_days',
      'categories',
      'group_memberships',
      'units',
      'evaluation_groups',
      'grids',
      'communities',
      'streets',
      'districts',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}

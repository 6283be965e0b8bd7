import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisation, reference data and accounts (MariaDB 10.11 / MySQL 8). */
export class InitialSchemaMariadb1764230000000 implements MigrationInterface {
  name = 'InitialSchemaMariadb1764230000000';

  async up(q: QueryRunner): Promise<void> {
    const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
    await q.query(
      `CREATE TABLE \`districts\` (\`code\` varchar(12) NOT NULL, \`name\` varchar(64) NOT NULL, \`status\` varchar(16) NOT NULL, PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`streets\` (\`code\` varchar(12) NOT NULL, \`name\` varchar(64) NOT NULL, \`district_code\` varchar(12) NOT NULL, \`type\` varchar(8) NOT NULL, \`status\` varchar(16) NOT NULL, INDEX \`idx_streets_district\` (\`district_code\`), PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`communities\` (\`code\` varchar(15) NOT NULL, \`name\` varchar(64) NOT NULL, \`street_code\` varchar(12) NOT NULL, \`status\` varchar(16) NOT NULL, INDEX \`idx_communities_street\` (\`street_code\`), PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`grids\` (\`code\` varchar(15) NOT NULL, \`name\` varchar(64) NOT NULL, \`community_code\` varchar(15) NOT NULL, \`street_code\` varchar(12) NOT NULL, \`district_code\` varchar(12) NOT NULL, \`polygon\` json NOT NULL, \`min_lng\` decimal(10,7) NOT NULL, \`min_lat\` decimal(10,7) NOT NULL, \`max_lng\` decimal(10,7) NOT NULL, \`max_lat\` decimal(10,7) NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`idx_grids_community\` (\`community_code\`), INDEX \`idx_grids_street\` (\`street_code\`), PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`evaluation_groups\` (\`code\` varchar(16) NOT NULL, \`name\` varchar(64) NOT NULL, \`sort_order\` int NOT NULL, \`list_mode\` varchar(16) NOT NULL, \`noun\` varchar(32) NOT NULL, PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`units\` (\`id\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, \`kind\` varchar(16) NOT NULL, \`district_code\` varchar(12) NULL, \`street_code\` varchar(12) NULL, \`status\` varchar(16) NOT NULL, \`active\` int NOT NULL DEFAULT 1, UNIQUE INDEX \`uq_units_name\` (\`name\`), PRIMARY KEY (\`id\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`group_memberships\` (\`id\` int NOT NULL AUTO_INCREMENT, \`group_code\` varchar(16) NOT NULL, \`unit_id\` varchar(32) NOT NULL, \`sort_order\` int NOT NULL, \`from_month\` varchar(7) NOT NULL, \`to_month\` varchar(7) NULL, INDEX \`idx_memberships_unit\` (\`unit_id\`), INDEX \`idx_memberships_group\` (\`group_code\`, \`from_month\`), PRIMARY KEY (\`id\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`categories\` (\`code\` varchar(6) NOT NULL, \`kind\` varchar(8) NOT NULL, \`major\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, \`parent_code\` varchar(6) NULL, \`theme\` varchar(16) NULL, \`time_limit_value\` decimal(8,2) NULL, \`time_limit_unit\` varchar(16) NULL, \`duplicate_radius_m\` int NOT NULL DEFAULT 50, \`status\` varchar(16) NOT NULL, \`active\` int NOT NULL DEFAULT 1, INDEX \`idx_categories_parent\` (\`parent_code\`), PRIMARY KEY (\`code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`calendar_days\` (\`date\` varchar(10) NOT NULL, \`kind\` varchar(8) NOT NULL, \`name\` varchar(32) NOT NULL, \`status\` varchar(16) NOT NULL, PRIMARY KEY (\`date\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`users\` (\`id\` varchar(36) NOT NULL, \`username\` varchar(64) NOT NULL, \`name\` varchar(64) NOT NULL, \`openid\` varchar(64) NULL, \`roles\` varchar(128) NOT NULL, \`patrol_role\` varchar(16) NULL, \`unit_id\` varchar(32) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_users_username\` (\`username\`), UNIQUE INDEX \`uq_users_openid\` (\`openid\`), PRIMARY KEY (\`id\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`inspector_grids\` (\`user_id\` varchar(36) NOT NULL, \`grid_code\` varchar(15) NOT NULL, PRIMARY KEY (\`user_id\`, \`grid_code\`)) ${opts}`,
    );
    await q.query(
      `CREATE TABLE \`refresh_tokens\` (\`id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`family_id\` varchar(36) NOT NULL, \`expires_at\` datetime NOT NULL, \`used_at\` datetime NULL, \`revoked_at\` datetime NULL, INDEX \`idx_refresh_user\` (\`user_id\`), INDEX \`idx_refresh_family\` (\`family_id\`), PRIMARY KEY (\`id\`)) ${opts}`,
    );
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
      await q.query(`DROP TABLE \`${t}\``);
    }
  }
}

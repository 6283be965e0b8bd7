import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patrols and their GPS points, keyed by (patrol, device time) so a repeated point is stored once. */
export class PatrolsMariadb1764250000000 implements MigrationInterface {
  name = 'PatrolsMariadb1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`patrols\` (\`id\` varchar(36) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`started_at\` datetime(3) NOT NULL, \`finished_at\` datetime(3) NULL, \`points\` int NOT NULL DEFAULT '0', \`flagged\` int NOT NULL DEFAULT '0', \`distance_m\` decimal(12,2) NOT NULL DEFAULT '0.00', \`last_t\` datetime(3) NULL, \`anchor_t\` datetime(3) NULL, \`anchor_lat\` decimal(10,7) NULL, \`anchor_lng\` decimal(10,7) NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`idx_patrols_user_started\` (\`user_id\`, \`started_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
    await q.query(
      `CREATE TABLE \`patrol_points\` (\`patrol_id\` varchar(36) NOT NULL, \`t\` datetime(3) NOT NULL, \`lat\` decimal(10,7) NOT NULL, \`lng\` decimal(10,7) NOT NULL, \`accuracy\` decimal(8,2) NULL, \`flags\` int NOT NULL DEFAULT '0', \`received_at\` datetime(3) NOT NULL, PRIMARY KEY (\`patrol_id\`, \`t\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`patrol_points\``);
    await q.query(`DROP TABLE \`patrols\``);
  }
}

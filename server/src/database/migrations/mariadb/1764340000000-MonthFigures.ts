import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A closed month's case figures per unit, taken once (stats/month-figures.entity.ts). */
export class MonthFiguresMariadb1764340000000 implements MigrationInterface {
  name = 'MonthFiguresMariadb1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE \`month_figures\` (\`month\` varchar(7) NOT NULL, \`unit_id\` varchar(32) NOT NULL, \`reported\` int NOT NULL, \`registered\` int NOT NULL, \`due\` int NOT NULL, \`closed\` int NOT NULL, \`closed_on_time\` int NOT NULL, \`overdue\` int NOT NULL, \`reworked\` int NOT NULL, \`rating_sum\` int NOT NULL, \`rating_count\` int NOT NULL, \`taken_at\` datetime NOT NULL, PRIMARY KEY (\`month\`, \`unit_id\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`month_figures\``);
  }
}

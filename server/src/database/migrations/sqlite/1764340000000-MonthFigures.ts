import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A closed month's case figures per unit, taken once (stats/month-figures.entity.ts). */
export class MonthFiguresSqlite1764340000000 implements MigrationInterface {
  name = 'MonthFiguresSqlite1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "month_figures" ("month" varchar(7) NOT NULL, "unit_id" varchar(32) NOT NULL, "reported" integer NOT NULL, "registered" integer NOT NULL, "due" integer NOT NULL, "closed" integer NOT NULL, "closed_on_time" integer NOT NULL, "overdue" integer NOT NULL, "reworked" integer NOT NULL, "rating_sum" integer NOT NULL, "rating_count" integer NOT NULL, "taken_at" datetime NOT NULL, PRIMARY KEY ("month", "unit_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "month_figures"`);
  }
}

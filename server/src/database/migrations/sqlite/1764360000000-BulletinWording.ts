import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The wording an imported month's bulletin was published with (paragraphs and closing). */
export class BulletinWordingSqlite1764360000000 implements MigrationInterface {
  name = 'BulletinWordingSqlite1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evaluations" ADD COLUMN "published_wording" json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evaluations" DROP COLUMN "published_wording"`);
  }
}

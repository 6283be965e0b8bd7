import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Thumbnails and public copies are made by a job: a request for one not made yet finds its photo by the public key. */
export class MediaCopyJobsMariadb1764400000000 implements MigrationInterface {
  name = 'MediaCopyJobsMariadb1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX \`idx_media_public_key\` ON \`media\` (\`public_key\`)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_media_public_key\` ON \`media\``);
  }
}

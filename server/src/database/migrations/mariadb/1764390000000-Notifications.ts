import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications: the outbox, the message centre, outside deliveries and WeChat subscriptions. */
export class NotificationsMariadb1764390000000 implements MigrationInterface {
  name = 'NotificationsMariadb1764390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`notify_outbox\` (\`id\` int NOT NULL AUTO_INCREMENT, \`kind\` varchar(24) NOT NULL, \`case_id\` varchar(36) NOT NULL, \`actor_id\` varchar(36) NULL, \`data\` json NOT NULL, \`dedup_key\` varchar(120) NULL, \`state\` varchar(12) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`next_at\` datetime(3) NOT NULL, \`claimed_by\` varchar(64) NULL, \`claimed_until\` datetime(3) NULL, \`last_error\` varchar(500) NULL, \`created_at\` datetime NOT NULL, \`done_at\` datetime NULL, UNIQUE INDEX \`uq_outbox_dedup\` (\`dedup_key\`), INDEX \`idx_outbox_state_next\` (\`state\`, \`next_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`messages\` (\`id\` int NOT NULL AUTO_INCREMENT, \`delivery_id\` varchar(120) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`kind\` varchar(24) NOT NULL, \`title\` varchar(64) NOT NULL, \`body\` varchar(300) NOT NULL, \`case_id\` varchar(36) NULL, \`case_no\` varchar(20) NULL, \`created_at\` datetime NOT NULL, \`read_at\` datetime NULL, UNIQUE INDEX \`uq_messages_delivery\` (\`delivery_id\`), INDEX \`idx_messages_user_read\` (\`user_id\`, \`read_at\`), INDEX \`idx_messages_user_id\` (\`user_id\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`notify_deliveries\` (\`id\` varchar(120) NOT NULL, \`event_id\` int NOT NULL, \`channel\` varchar(16) NOT NULL, \`user_id\` varchar(36) NOT NULL, \`payload\` json NOT NULL, \`state\` varchar(12) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`next_at\` datetime(3) NOT NULL, \`claimed_by\` varchar(64) NULL, \`claimed_until\` datetime(3) NULL, \`last_error\` varchar(500) NULL, \`created_at\` datetime NOT NULL, \`done_at\` datetime NULL, INDEX \`idx_deliveries_state_next\` (\`state\`, \`next_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`wechat_subscriptions\` (\`user_id\` varchar(36) NOT NULL, \`template_id\` varchar(64) NOT NULL, \`remaining\` int NOT NULL, \`updated_at\` datetime NOT NULL, PRIMARY KEY (\`user_id\`, \`template_id\`)) ENGINE=InnoDB`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`wechat_subscriptions\``);
    await queryRunner.query(`DROP INDEX \`idx_deliveries_state_next\` ON \`notify_deliveries\``);
    await queryRunner.query(`DROP TABLE \`notify_deliveries\``);
    await queryRunner.query(`DROP INDEX \`idx_messages_user_id\` ON \`messages\``);
    await queryRunner.query(`DROP INDEX \`idx_messages_user_read\` ON \`messages\``);
    await queryRunner.query(`DROP INDEX \`uq_messages_delivery\` ON \`messages\``);
    await queryRunner.query(`DROP TABLE \`messages\``);
    await queryRunner.query(`DROP INDEX \`idx_outbox_state_next\` ON \`notify_outbox\``);
    await queryRunner.query(`DROP INDEX \`uq_outbox_dedup\` ON \`notify_outbox\``);
    await queryRunner.query(`DROP TABLE \`notify_outbox\``);
  }
}

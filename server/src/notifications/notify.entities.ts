import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: one row per event, written in the same transaction as the change it
 * reports. The dispatcher of any process claims a row (claimed_by / claimed_until), delivers it,
 * and marks it done; a claim that runs out (the process died) is taken over.
 */
@Entity('notify_outbox')
@Index('idx_outbox_state_next', ['state', 'nextAt'])
export class OutboxEvent {
  @PrimaryGeneratedColumn() id: number;
  /** A case action, `report`, or a timed event (deadline-soon, overdue, rate-reminder). */
  @Column({ type: 'varchar', length: 24 }) kind: string;
  @Column({ name: 'case_id', type: 'varchar', length: 36 }) caseId: string;
  /** Who made the change (left out of staff audiences); null for timed events. */
  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true }) actorId: string | null;
  /** What the messages need to say: see CaseEvent in who-hears.ts. */
  @Column({ type: 'json' }) data: Record<string, any>;
  /** Timed events only: one per case and occasion (unique; null for transitions). */
  @Index('uq_outbox_dedup', { unique: true })
  @Column({ name: 'dedup_key', type: 'varchar', length: 120, nullable: true })
  dedupKey: string | null;
  /** `failed`: every try of its job failed (the job is listed with `GET /api/v1/admin/jobs?state=failed`). */
  @Column({ type: 'varchar', length: 12 }) state: 'pending' | 'done' | 'failed';
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'next_at', type: 'datetime', precision: 3 }) nextAt: Date;
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true }) claimedBy: string | null;
  @Column({ name: 'claimed_until', type: 'datetime', precision: 3, nullable: true }) claimedUntil: Date | null;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'done_at', type: 'datetime', nullable: true }) doneAt: Date | null;
}

/** A message in a user's 消息中心. `delivery_id` (event, channel, recipient) is unique: a retry never shows it twice. */
@Entity('messages')
@Index('idx_messages_user_id', ['userId', 'id'])
@Index('idx_messages_user_read', ['userId', 'readAt'])
export class Message {
  @PrimaryGeneratedColumn() id: number;
  @Index('uq_messages_delivery', { unique: true })
  @Column({ name: 'delivery_id', type: 'varchar', length: 120 })
  deliveryId: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'varchar', length: 24 }) kind: string;
  @Column({ type: 'varchar', length: 64 }) title: string;
  @Column({ type: 'varchar', length: 300 }) body: string;
  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true }) caseId: string | null;
  @Column({ name: 'case_no', type: 'varchar', length: 20, nullable: true }) caseNo: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'read_at', type: 'datetime', nullable: true }) readAt: Date | null;
}

/** A delivery to an outside channel (WeChat 订阅消息), retried with backoff; `failed` ones are listed for admins. */
@Entity('notify_deliveries')
@Index('idx_deliveries_state_next', ['state', 'nextAt'])
export class Delivery {
  /** `<event id>:<channel>:<user id>`. */
  @PrimaryColumn({ type: 'varchar', length: 120 }) id: string;
  @Column({ name: 'event_id', type: 'int' }) eventId: number;
  @Column({ type: 'varchar', length: 16 }) channel: 'wechat';
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'json' }) payload: Record<string, any>;
  /** done: sent; skipped: nothing to send (no acceptance left, 43101); failed: gave up after retries. */
  @Column({ type: 'varchar', length: 12 }) state: 'pending' | 'done' | 'skipped' | 'failed';
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'next_at', type: 'datetime', precision: 3 }) nextAt: Date;
  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true }) claimedBy: string | null;
  @Column({ name: 'claimed_until', type: 'datetime', precision: 3, nullable: true }) claimedUntil: Date | null;
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'done_at', type: 'datetime', nullable: true }) doneAt: Date | null;
}

/** What a user accepted in wx.requestSubscribeMessage: one acceptance allows one message of that template. */
@Entity('wechat_subscriptions')
export class WechatSubscription {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ name: 'template_id', type: 'varchar', length: 64 }) templateId: string;
  @Column({ type: 'int' }) remaining: number;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}

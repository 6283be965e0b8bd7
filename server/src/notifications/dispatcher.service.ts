import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { type DataSource, In, type TransactionCommitEvent } from 'typeorm';
import { WechatClient } from '../auth/wechat.client.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { OrgService } from '../org/org.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { LiveEvents, type LiveEvent } from './live.service.js';
import { Delivery, Message, OutboxEvent, WechatSubscription } from './notify.entities.js';
import { OUTBOX_MARK, outboxNudge } from './outbox.js';
import { subscribeData } from './wechat-data.js';
import { whoHears, type Audience, type CaseEvent } from './who-hears.js';

const BATCH = 100;
const MAX_BACKOFF_MS = 10 * 60_000;

type Recipient = Pick<User, 'id' | 'openid'>;

/** Retry delay after the n-th failed attempt: base · 2^(n-1), at most 10 minutes. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox, at least once, in every process. A batch is claimed with one UPDATE
 * (claimed_by = this batch's token, claimed_until = now + NOTIFY_CLAIM_MS) that only matches rows
 * no live claim holds, so two processes never work on one row; a process that dies leaves its
 * claim to run out and another takes the rows over. Every delivery has an id unique in the
 * database (event, channel, recipient): delivering a row again after a crash adds nothing.
 * Polls every NOTIFY_POLL_MS and is nudged at once when a transaction with outbox rows commits.
 */
@Injectable()
export class NotifyDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly holder = `${os.hostname().slice(0, 24)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private batchSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly nudge = () => this.kick();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly db: DataSource,
    private readonly live: LiveEvents,
    private readonly wechat: WechatClient,
    private readonly org: OrgService,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.notify.enabled) return;
    this.db.subscribers.push({
      afterTransactionCommit: (e: TransactionCommitEvent) => {
        // A query runner serves one transaction here (DataSource.transaction releases it after).
        if (e.queryRunner.data?.[OUTBOX_MARK]) setImmediate(this.nudge);
      },
    });
    outboxNudge.on('nudge', this.nudge);
    this.timer = setInterval(this.nudge, this.config.notify.pollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    outboxNudge.off('nudge', this.nudge);
    await this.running;
  }

  /** Starts a drain, or asks the running one to look again when it is done. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err) => this.logger.warn({ err: (err as Error).message }, 'notifications: drain failed'))
      .finally(() => (this.running = null));
  }

  /** Delivers everything that is due now; resolves when nothing is left (for tests and shutdown). */
  async drain(): Promise<void> {
    do {
      this.again = false;
      let worked: number;
      do {
        worked = (await this.runEvents()) + (await this.runDeliveries());
      } while (worked > 0 && !this.stopped);
    } while (this.again && !this.stopped);
  }

  /** Claims up to a batch of due events; returns them (claimed by this process until the claim runs out). */
  async claimEvents(now = new Date()): Promise<OutboxEvent[]> {
    return this.claim(OutboxEvent, 'notify_outbox', "state = 'pending'", now);
  }

  private async claim<T extends OutboxEvent | Delivery>(entity: new () => T, table: string, stateClause: string, now: Date): Promise<T[]> {
    const due = `${stateClause} AND next_at <= :now AND (claimed_until IS NULL OR claimed_until < :now)`;
    const params = { now: sqlDate(now) };
    const candidates = await this.db
      .createQueryBuilder()
      .select('t.id', 'id')
      .from(table, 't')
      .where(due.replace(/\b(state|next_at|claimed_until)\b/g, 't.$1'), params)
      .orderBy('t.id', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: number | string }>();
    if (!candidates.length) return [];
    const token = `${this.holder}:${++this.batchSeq}`;
    await this.db
      .createQueryBuilder()
      .update(entity)
      .set({ claimedBy: token, claimedUntil: new Date(now.getTime() + this.config.notify.claimMs) } as never)
      .where(`id IN (:...ids) AND ${due}`, { ...params, ids: candidates.map((c) => c.id) })
      .execute();
    return this.db.getRepository(entity).find({ where: { claimedBy: token } as never, order: { id: 'ASC' } as never });
  }

  private async runEvents(): Promise<number> {
    const events = await this.claimEvents();
    if (!events.length) return 0;
    try {
      // The whole batch with a few statements: one insert of all its messages, one update marking it done.
      await this.deliverEvents(events);
      await this.markEventsDone(events);
    } catch {
      // Something in the batch failed: one by one, so that only the failing event waits and retries.
      for (const e of events) {
        try {
          await this.deliverEvents([e]);
          await this.markEventsDone([e]);
        } catch (err) {
          await this.eventFailed(e, err as Error).catch(() => undefined);
        }
      }
    }
    return events.length;
  }

  /** Writes one event's messages (and WeChat deliveries) and tells the live streams. Safe to repeat. */
  deliverEvent(row: OutboxEvent): Promise<void> {
    return this.deliverEvents([row]);
  }

  /**
   * Writes the messages (and WeChat deliveries) of events, in their order, and tells the live
   * streams. Safe to repeat: rows written before keep their unique delivery ids and are left alone.
   */
  private async deliverEvents(rows: OutboxEvent[]): Promise<void> {
    const audiences = new Map<string, Promise<Recipient[]>>();
    const unitKinds = new Map<string, Promise<string | null>>();
    const now = new Date();
    const messages: Partial<Message>[] = [];
    const deliveries: Partial<Delivery>[] = [];
    const live: { userIds: string[]; event: LiveEvent }[] = [];
    for (const row of rows) {
      const e = {
        ...(row.data as Omit<CaseEvent, 'kind' | 'caseId' | 'actorId'>),
        kind: row.kind,
        caseId: row.caseId,
        actorId: row.actorId,
      };
      if (e.kind === 'dispatch' && e.unitId) {
        const unitId = e.unitId;
        if (!unitKinds.has(unitId))
          unitKinds.set(
            unitId,
            this.org.findUnit(unitId).then((u) => u?.kind ?? null),
          );
        e.unitKind = await unitKinds.get(unitId)!;
      }
      for (const notice of whoHears(e)) {
        const key = JSON.stringify(notice.audience);
        if (!audiences.has(key)) audiences.set(key, this.recipients(notice.audience));
        const everyone = await audiences.get(key)!;
        // Staff audiences leave out whoever made the change; a named user (the reporter, an inspector) is always told.
        const users = 'user' in notice.audience ? everyone : everyone.filter((u) => u.id !== e.actorId);
        for (const u of users) {
          messages.push({
            deliveryId: `${row.id}:inbox:${u.id}`,
            userId: u.id,
            kind: notice.kind,
            title: notice.title,
            body: notice.body,
            caseId: e.caseId,
            caseNo: e.caseNo ?? null,
            createdAt: now,
            readAt: null,
          });
          const templateId = notice.wechat && this.templateFor(notice.wechat.template);
          if (templateId && u.openid) {
            deliveries.push({
              id: `${row.id}:wechat:${u.id}`,
              eventId: row.id,
              channel: 'wechat',
              userId: u.id,
              payload: {
                touser: u.openid,
                template_id: templateId,
                page: `packages/citizen/pages/detail/index?id=${e.caseId}`,
                miniprogram_state: this.config.wechat.miniprogramState,
                lang: 'zh_CN',
                data: subscribeData({ caseNo: e.caseNo, phrase: notice.wechat!.phrase, text: notice.body, at: row.createdAt }),
              },
              state: 'pending',
              attempts: 0,
              nextAt: now,
              createdAt: now,
            });
          }
        }
        live.push({
          userIds: users.map((u) => u.id),
          event: { kind: notice.kind, caseId: e.caseId, caseNo: e.caseNo, title: notice.title },
        });
      }
    }
    // Unique delivery ids: a row already written by an earlier (crashed) attempt is left as it is.
    for (let i = 0; i < messages.length; i += 200)
      await this.db
        .createQueryBuilder()
        .insert()
        .into(Message)
        .values(messages.slice(i, i + 200))
        .orIgnore()
        .execute();
    for (let i = 0; i < deliveries.length; i += 200)
      await this.db
        .createQueryBuilder()
        .insert()
        .into(Delivery)
        .values(deliveries.slice(i, i + 200))
        .orIgnore()
        .execute();
    for (const { userIds, event } of live) await this.live.publish(userIds, event);
  }

  /** Marks events done, where this process's claim still holds them. */
  async markEventsDone(events: OutboxEvent[]): Promise<void> {
    const byClaim = new Map<string, number[]>();
    for (const e of events) byClaim.set(e.claimedBy!, [...(byClaim.get(e.claimedBy!) ?? []), e.id]);
    for (const [claimedBy, ids] of byClaim) {
      await this.db
        .getRepository(OutboxEvent)
        .update({ id: In(ids), claimedBy }, { state: 'done', doneAt: new Date(), claimedBy: null, claimedUntil: null, lastError: null });
    }
  }

  private async eventFailed(e: OutboxEvent, err: Error): Promise<void> {
    const attempts = e.attempts + 1;
    this.logger.warn({ eventId: e.id, attempts, err: err.message }, 'notifications: event delivery failed, will retry');
    await this.db.getRepository(OutboxEvent).update(
      { id: e.id, claimedBy: e.claimedBy! },
      {
        attempts,
        nextAt: new Date(Date.now() + backoffMs(attempts, this.config.notify.retryBaseMs)),
        claimedBy: null,
        claimedUntil: null,
        lastError: err.message.slice(0, 500),
      },
    );
  }

  private templateFor(t: 'progress' | 'closed'): string | null {
    const { templateCaseProgress, templateCaseClosed } = this.config.wechat;
    if (!templateCaseProgress || !templateCaseClosed) return null;
    return t === 'closed' ? templateCaseClosed : templateCaseProgress;
  }

  /** The active users an audience means; staff audiences leave out whoever made the change. */
  private async recipients(a: Audience): Promise<Recipient[]> {
    return this.users.activeRecipients(a);
  }

  private async runDeliveries(): Promise<number> {
    if (!this.config.wechat.templateCaseProgress || !this.config.wechat.templateCaseClosed) return 0;
    const rows = await this.claim(Delivery, 'notify_deliveries', "state = 'pending'", new Date());
    for (const d of rows)
      await this.sendOne(d).catch((err) => this.logger.warn({ id: d.id, err: (err as Error).message }, 'wechat delivery'));
    return rows.length;
  }

  private async sendOne(d: Delivery): Promise<void> {
    const repo = this.db.getRepository(Delivery);
    const mine = { id: d.id, claimedBy: d.claimedBy! };
    const templateId = String(d.payload.template_id);
    const subs = this.db.getRepository(WechatSubscription);
    const sub = await subs.findOneBy({ userId: d.userId, templateId });
    const end = (state: Delivery['state'], lastError: string | null) =>
      repo.update(mine, { state, lastError, doneAt: new Date(), claimedBy: null, claimedUntil: null });
    if (!sub || sub.remaining <= 0) return void (await end('skipped', '用户没有可用的订阅次数'));
    const result = await this.wechat.sendSubscribe(d.payload as never);
    if (result.ok) {
      await end('done', null);
      // One acceptance, one message.
      await subs
        .createQueryBuilder()
        .update()
        .set({ remaining: () => 'remaining - 1', updatedAt: new Date() })
        .where('user_id = :u AND template_id = :t AND remaining > 0', { u: d.userId, t: templateId })
        .execute();
      return;
    }
    // 43101: WeChat says no acceptance is left; that uses up nothing and a retry would not change it.
    if (!result.retry) return void (await end(result.errcode === 43101 ? 'skipped' : 'failed', result.error.slice(0, 500)));
    const attempts = d.attempts + 1;
    if (attempts >= this.config.notify.maxAttempts) {
      await repo.update(mine, { attempts });
      return void (await end('failed', result.error.slice(0, 500)));
    }
    await repo.update(mine, {
      attempts,
      lastError: result.error.slice(0, 500),
      nextAt: new Date(Date.now() + backoffMs(attempts, this.config.notify.retryBaseMs)),
      claimedBy: null,
      claimedUntil: null,
    });
  }

  /** Failed (or, with another state, pending/skipped/done) outside deliveries, newest first: for administrators. */
  deliveries(state: Delivery['state'], limit: number): Promise<Delivery[]> {
    return this.db.getRepository(Delivery).find({ where: { state: In([state]) }, order: { createdAt: 'DESC' }, take: limit });
  }
}

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
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.js';
import { JobsService } from '../jobs/jobs.service.js';
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
/** One outbox event's delivery (its messages, live events and WeChat deliveries), as a queued job. */
export const NOTIFY_EVENT_JOB = 'notify-event';
/** One WeChat subscribe message, as a queued job. */
export const NOTIFY_WECHAT_JOB = 'notify-wechat';
/** The scheduled sweep: rows whose job was never queued (a crash between commit and queueing, a lost in-process queue). */
const SWEEP_JOB = 'notify-sweep';
/** Rows due this long are the sweep's: younger ones still have their own job on the way. */
const SWEEP_GRACE_MS = 30_000;
const SWEEP_BATCH = 500;

type Recipient = Pick<User, 'id' | 'openid'>;

/** Retry delay after the n-th failed attempt: base · 2^(n-1), at most 10 minutes. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox on the job queue (BullMQ with REDIS_URL, in-process otherwise). The
 * transaction that changes a case writes its outbox row (transactional outbox); when it commits,
 * one `notify-event` job per row is queued (job id `notify-event@<row>@<attempts>`: queued twice,
 * run once). The job claims its row with one UPDATE (claimed_by, claimed_until = now +
 * NOTIFY_CLAIM_MS) that only matches a pending row no live claim holds, so two processes never
 * deliver it at once; every message has an id unique in the database (event, channel, recipient),
 * so a retry after a crash adds nothing. A failure retries with backoff (NOTIFY_RETRY_BASE_MS,
 * NOTIFY_MAX_ATTEMPTS tries), then the row is `failed` and so is its job
 * (`GET /api/v1/admin/jobs?state=failed`). WeChat messages are `notify-wechat` jobs the same way.
 * A scheduled sweep (once a minute across all processes) queues rows whose job was lost.
 * `drain()` delivers everything due here and now, without the queue (tests with NOTIFY=0).
 */
@Injectable()
export class NotifyDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly holder = `${os.hostname().slice(0, 24)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private batchSeq = 0;
  private stopped = false;
  private readonly nudge = (ids: number[]) => void this.enqueueEvents(ids);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly db: DataSource,
    private readonly live: LiveEvents,
    private readonly wechat: WechatClient,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    jobs: JobsService,
    private readonly org: OrgService,
    private readonly users: UsersService,
  ) {
    this.queue.process<{ eventId: number }>(NOTIFY_EVENT_JOB, ({ eventId }, attempt) => this.runEventJob(eventId, attempt));
    this.queue.process<{ deliveryId: string }>(NOTIFY_WECHAT_JOB, ({ deliveryId }) => this.runDeliveryJob(deliveryId));
    jobs.schedule({ name: SWEEP_JOB, everyMs: 60_000, run: (now) => this.sweep(now) });
  }

  onApplicationBootstrap(): void {
    if (!this.config.notify.enabled) return;
    this.db.subscribers.push({
      afterTransactionCommit: (e: TransactionCommitEvent) => {
        // A query runner serves one transaction here (DataSource.transaction releases it after).
        const ids = e.queryRunner.data?.[OUTBOX_MARK] as number[] | undefined;
        if (ids?.length) setImmediate(() => this.nudge(ids));
      },
    });
    outboxNudge.on('nudge', this.nudge);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    outboxNudge.off('nudge', this.nudge);
  }

  /** Queues the delivery of committed outbox rows (NOTIFY=0: none; the rows wait for another process's sweep). */
  async enqueueEvents(ids: number[], attempts = 0): Promise<void> {
    if (!this.config.notify.enabled || this.stopped) return;
    for (const eventId of ids) {
      if (!Number.isFinite(eventId)) continue;
      await this.queue
        .add(
          NOTIFY_EVENT_JOB,
          { eventId },
          {
            attempts: this.config.notify.maxAttempts,
            backoffMs: this.config.notify.retryBaseMs,
            jobId: `${NOTIFY_EVENT_JOB}@${eventId}@${attempts}`,
          },
        )
        // Not lost: the sweep queues it within a minute or two.
        .catch((err) => this.logger.warn({ eventId, err: (err as Error).message }, 'notifications: could not queue'));
    }
  }

  private async enqueueDeliveries(rows: { id: string; attempts: number }[]): Promise<void> {
    if (!this.config.notify.enabled || this.stopped) return;
    for (const d of rows)
      await this.queue
        .add(
          NOTIFY_WECHAT_JOB,
          { deliveryId: d.id },
          {
            attempts: Math.max(1, this.config.notify.maxAttempts - d.attempts),
            backoffMs: this.config.notify.retryBaseMs,
            jobId: `${NOTIFY_WECHAT_JOB}@${d.id.replaceAll(':', '.')}@${d.attempts}`,
          },
        )
        .catch((err) => this.logger.warn({ deliveryId: d.id, err: (err as Error).message }, 'notifications: could not queue'));
  }

  /**
   * The job of one outbox row: claim it, deliver it, mark it done. Claimed elsewhere or done
   * already: nothing to do. A failure records the try and throws, so that the queue retries; the
   * last try leaves the row `failed`.
   */
  async runEventJob(eventId: number, attempt: number): Promise<{ delivered: number }> {
    const [row] = await this.claimIds(OutboxEvent, [eventId], new Date());
    if (!row) return this.notMine(OutboxEvent, eventId).then(() => ({ delivered: 0 }));
    try {
      await this.deliverEvents([row]);
      await this.markEventsDone([row]);
      return { delivered: 1 };
    } catch (err) {
      const last = attempt >= this.config.notify.maxAttempts;
      await this.eventFailed(row, err as Error, last).catch(() => undefined);
      throw err;
    }
  }

  /** The job of one WeChat message: claim it, send it; a retryable failure throws so that the queue retries. */
  async runDeliveryJob(deliveryId: string): Promise<{ sent: number }> {
    if (!this.config.wechat.templateCaseProgress || !this.config.wechat.templateCaseClosed) return { sent: 0 };
    const [d] = await this.claimIds(Delivery, [deliveryId], new Date());
    if (!d) return this.notMine(Delivery, deliveryId).then(() => ({ sent: 0 }));
    const outcome = await this.sendOne(d);
    if (outcome.state === 'retry' || outcome.state === 'failed') throw new Error(outcome.error ?? 'WeChat delivery failed');
    return { sent: outcome.state === 'done' ? 1 : 0 };
  }

  /** A job whose row it could not claim: done or held elsewhere is fine; `failed` keeps the job failed too. */
  private async notMine(entity: typeof OutboxEvent | typeof Delivery, id: number | string): Promise<void> {
    const row = await this.db.getRepository<OutboxEvent | Delivery>(entity).findOneBy({ id } as never);
    if (row?.state === 'failed') throw new Error(row.lastError ?? 'failed');
  }

  /** The scheduled sweep: queues pending rows (and WeChat messages) due a while ago whose job never came. */
  async sweep(now: Date): Promise<Record<string, number>> {
    if (!this.config.notify.enabled) return { events: 0, deliveries: 0 };
    const due = "t.state = 'pending' AND t.next_at <= :due AND (t.claimed_until IS NULL OR t.claimed_until < :now)";
    const params = { due: sqlDate(new Date(now.getTime() - SWEEP_GRACE_MS)), now: sqlDate(now) };
    const events = await this.db
      .createQueryBuilder()
      .select(['t.id AS id', 't.attempts AS attempts'])
      .from('notify_outbox', 't')
      .where(due, params)
      .orderBy('t.id', 'ASC')
      .limit(SWEEP_BATCH)
      .getRawMany<{ id: number | string; attempts: number | string }>();
    for (const e of events) await this.enqueueEvents([Number(e.id)], Number(e.attempts));
    let deliveries: { id: string; attempts: number | string }[] = [];
    if (this.config.wechat.templateCaseProgress && this.config.wechat.templateCaseClosed) {
      deliveries = await this.db
        .createQueryBuilder()
        .select(['t.id AS id', 't.attempts AS attempts'])
        .from('notify_deliveries', 't')
        .where(due, params)
        .orderBy('t.id', 'ASC')
        .limit(SWEEP_BATCH)
        .getRawMany();
      await this.enqueueDeliveries(deliveries.map((d) => ({ id: d.id, attempts: Number(d.attempts) })));
    }
    return { events: events.length, deliveries: deliveries.length };
  }

  /** Delivers everything that is due now, here, without the queue; resolves when nothing is left (tests, NOTIFY=0). */
  async drain(): Promise<void> {
    let worked: number;
    do {
      worked = (await this.runEvents()) + (await this.runDeliveries());
    } while (worked > 0 && !this.stopped);
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
    return this.claimedRows(
      entity,
      candidates.map((c) => c.id),
      token,
    );
  }

  /** Claims these rows if pending and no live claim holds them (a queued job's own row: its time has come). */
  private async claimIds<T extends OutboxEvent | Delivery>(entity: new () => T, ids: (number | string)[], now: Date): Promise<T[]> {
    const token = `${this.holder}:${++this.batchSeq}`;
    await this.db
      .createQueryBuilder()
      .update(entity)
      .set({ claimedBy: token, claimedUntil: new Date(now.getTime() + this.config.notify.claimMs) } as never)
      .where("id IN (:...ids) AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < :now)", { ids, now: sqlDate(now) })
      .execute();
    return this.claimedRows(entity, ids, token);
  }

  /**
   * The rows of `ids` this claim won. By id first: claimed_by has no index, and a read by it alone
   * scanned the whole outbox on every event (1,000+ rows per report in case-create.bench.mjs).
   */
  private claimedRows<T extends OutboxEvent | Delivery>(entity: new () => T, ids: (number | string)[], token: string): Promise<T[]> {
    return this.db.getRepository(entity).find({ where: { id: In(ids), claimedBy: token } as never, order: { id: 'ASC' } as never });
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
    // Each WeChat message its own job (rows written by an earlier try are still pending: the same job id, queued once).
    await this.enqueueDeliveries(deliveries.map((d) => ({ id: d.id!, attempts: 0 })));
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

  /** A failed try: the row waits (its job retries after the backoff), or after the last try stays `failed`. */
  private async eventFailed(e: OutboxEvent, err: Error, last = false): Promise<void> {
    const attempts = e.attempts + 1;
    if (last) this.logger.error({ eventId: e.id, attempts, err: err.message }, 'notifications: event delivery failed for good');
    else this.logger.warn({ eventId: e.id, attempts, err: err.message }, 'notifications: event delivery failed, will retry');
    await this.db.getRepository(OutboxEvent).update(
      { id: e.id, claimedBy: e.claimedBy! },
      {
        attempts,
        ...(last ? { state: 'failed' as const, doneAt: new Date() } : {}),
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

  /** One try of a claimed WeChat message: sent, skipped, failed for good, or to retry after the backoff. */
  private async sendOne(d: Delivery): Promise<{ state: 'done' | 'skipped' | 'failed' | 'retry'; error?: string }> {
    const repo = this.db.getRepository(Delivery);
    const mine = { id: d.id, claimedBy: d.claimedBy! };
    const templateId = String(d.payload.template_id);
    const subs = this.db.getRepository(WechatSubscription);
    const sub = await subs.findOneBy({ userId: d.userId, templateId });
    const end = async (state: 'done' | 'skipped' | 'failed', lastError: string | null) => {
      await repo.update(mine, { state, lastError, doneAt: new Date(), claimedBy: null, claimedUntil: null });
      return { state, error: lastError ?? undefined };
    };
    if (!sub || sub.remaining <= 0) return end('skipped', '用户没有可用的订阅次数');
    const result = await this.wechat.sendSubscribe(d.payload as never);
    if (result.ok) {
      const done = await end('done', null);
      // One acceptance, one message.
      await subs
        .createQueryBuilder()
        .update()
        .set({ remaining: () => 'remaining - 1', updatedAt: new Date() })
        .where('user_id = :u AND template_id = :t AND remaining > 0', { u: d.userId, t: templateId })
        .execute();
      return done;
    }
    // 43101: WeChat says no acceptance is left; that uses up nothing and a retry would not change it.
    if (!result.retry) return end(result.errcode === 43101 ? 'skipped' : 'failed', result.error.slice(0, 500));
    const attempts = d.attempts + 1;
    if (attempts >= this.config.notify.maxAttempts) {
      await repo.update(mine, { attempts });
      return end('failed', result.error.slice(0, 500));
    }
    await repo.update(mine, {
      attempts,
      lastError: result.error.slice(0, 500),
      nextAt: new Date(Date.now() + backoffMs(attempts, this.config.notify.retryBaseMs)),
      claimedBy: null,
      claimedUntil: null,
    });
    return { state: 'retry', error: result.error.slice(0, 500) };
  }

  /** Failed (or, with another state, pending/skipped/done) outside deliveries, newest first: for administrators. */
  deliveries(state: Delivery['state'], limit: number): Promise<Delivery[]> {
    return this.db.getRepository(Delivery).find({ where: { state: In([state]) }, order: { createdAt: 'DESC' }, take: limit });
  }
}

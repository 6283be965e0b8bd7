import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_LOGGER } from '../common/logger.module.js';
import { isUniqueViolation, sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaService } from '../media/media.service.js';
import { JobLease } from './job-lease.entity.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A run that takes longer than this may be taken over by another process (it crashed, or hangs). */
const LEASE_MS = 15 * MINUTE;
/** Tries of a scheduled run (30 s, then 60 s apart: well inside the lease). */
const SCHEDULED_ATTEMPTS = 3;

export interface Job {
  name: string;
  everyMs: number;
  run: (now: Date) => Promise<Record<string, number>>;
}

export interface JobRun {
  name: string;
  ran: boolean;
  result?: Record<string, number>;
  error?: string;
}

/** What a scheduled run carries through the queue: the period's instant and the lease it holds. */
interface ScheduledPayload {
  at: string;
  holder: string;
}

/**
 * The scheduled clean-ups (README, configuration): photos no case took up within a day and public
 * copies of photos stored before they existed; other features schedule theirs (expired refresh
 * tokens, old idempotency keys, timed notifications, retention) through `schedule`.
 * Every process ticks every JOBS_TICK_SECONDS (unless JOBS=0); the lease row in the database lets one process
 * win each job per period, and that process puts the run on the job queue (retries with backoff,
 * failures listed for admins), where any worker runs it and releases the lease.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly known = new Set<string>();
  private ticking = false;
  readonly jobs: Job[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly db: DataSource,
    private readonly media: MediaService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {
    this.jobs = [
      { name: 'purge-unattached-media', everyMs: HOUR, run: async (now) => ({ purged: await this.media.purgeUnattached(now) }) },
      { name: 'public-photo-copies', everyMs: 10 * MINUTE, run: async () => ({ made: await this.media.makeMissingPublicCopies() }) },
    ];
    for (const job of this.jobs) this.listen(job);
  }

  /**
   * Another feature's scheduled job (notifications' timed events, privacy's retention): run once per
   * period across all processes, on the queue, like the clean-ups above. Call it while the module
   * starts (a constructor or onModuleInit).
   */
  schedule(job: Job): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`scheduled job ${job.name} is registered twice`);
    this.jobs.push(job);
    this.listen(job);
  }

  private listen(job: Job): void {
    this.queue.process<ScheduledPayload>(job.name, async ({ at, holder }, attempt) => {
      const run = await this.execute(job, new Date(at), holder, attempt < SCHEDULED_ATTEMPTS);
      if (run.error) throw new Error(run.error);
      return run.result;
    });
  }

  private timer: NodeJS.Timeout | null = null;

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.start();
    if (this.config.jobs.enabled) this.timer = setInterval(() => void this.tick(), this.config.jobs.tickMs);
  }

  /** Shutdown: no new jobs are taken; the running ones finish first, while Redis and the database are still open. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue.close();
  }

  async tick(): Promise<void> {
    if (!this.config.jobs.enabled || this.ticking) return;
    this.ticking = true;
    try {
      await this.enqueueDue();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'scheduled jobs: tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Puts every job that is due at `now`, and whose lease this process wins, on the queue; returns their names. */
  async enqueueDue(now = new Date()): Promise<string[]> {
    const queued: string[] = [];
    for (const job of this.jobs) {
      if (!(await this.acquire(job, now))) continue;
      const payload: ScheduledPayload = { at: now.toISOString(), holder: this.holder };
      await this.queue.add(job.name, payload, { attempts: SCHEDULED_ATTEMPTS, backoffMs: 30_000, jobId: `${job.name}@${now.getTime()}` });
      queued.push(job.name);
    }
    return queued;
  }

  /** Runs every job that is due at `now` and whose lease this process wins, here and now (tests, with their own clock). */
  async runDue(now = new Date()): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.jobs) {
      if (await this.acquire(job, now)) runs.push(await this.execute(job, now, this.holder, false));
      else runs.push({ name: job.name, ran: false });
    }
    return runs;
  }

  /** One run of a job whose lease `holder` took; the lease is released unless the queue will retry a failure. */
  private async execute(job: Job, now: Date, holder: string, willRetry: boolean): Promise<JobRun> {
    try {
      const result = await job.run(now);
      await this.release(job, holder, JSON.stringify(result));
      this.logger.info({ job: job.name, ...result }, 'scheduled job done');
      return { name: job.name, ran: true, result };
    } catch (err) {
      const error = (err as Error).message ?? String(err);
      if (!willRetry) await this.release(job, holder, `failed: ${error}`.slice(0, 500)).catch(() => undefined);
      this.logger.error({ job: job.name, err: error }, 'scheduled job failed');
      return { name: job.name, ran: true, error };
    }
  }

  private async acquire(job: Job, now: Date): Promise<boolean> {
    const repo = this.db.getRepository(JobLease);
    if (!this.known.has(job.name)) {
      try {
        await repo.insert({
          name: job.name,
          nextRunAt: now,
          leaseUntil: null,
          holder: null,
          lastStartedAt: null,
          lastFinishedAt: null,
          lastResult: null,
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      this.known.add(job.name);
    }
    const taken = await repo
      .createQueryBuilder()
      .update(JobLease)
      .set({
        holder: this.holder,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
        nextRunAt: new Date(now.getTime() + job.everyMs),
        lastStartedAt: now,
      })
      .where('name = :name AND next_run_at <= :now AND (lease_until IS NULL OR lease_until <= :now)', { name: job.name, now: sqlDate(now) })
      .execute();
    return taken.affected === 1;
  }

  private async release(job: Job, holder: string, result: string): Promise<void> {
    await this.db
      .getRepository(JobLease)
      .update({ name: job.name, holder }, { leaseUntil: null, lastFinishedAt: new Date(), lastResult: result.slice(0, 500) });
  }
}

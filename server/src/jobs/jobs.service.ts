import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { type DataSource, LessThan } from 'typeorm';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { IdempotencyKey } from '../cases/case.entity.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { isUniqueViolation, sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaService } from '../media/media.service.js';
import { RetentionService } from '../privacy/retention.service.js';
import { JobLease } from './job-lease.entity.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A run that takes longer than this may be taken over by another process (it crashed, or hangs). */
const LEASE_MS = 15 * MINUTE;

interface Job {
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

const before = (d: Date) => LessThan(sqlDate(d) as unknown as Date);

/**
 * The scheduled clean-ups (README, configuration): photos no case took up within a day, expired
 * refresh tokens, old idempotency keys, public copies of photos stored before they existed, and
 * the retention of personal information (privacy/retention.service.ts).
 * Every process ticks each minute (unless JOBS=0); the lease row in the database lets one run
 * each job per period.
 */
@Injectable()
export class JobsService {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly known = new Set<string>();
  private ticking = false;
  readonly jobs: Job[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly db: DataSource,
    private readonly media: MediaService,
    private readonly retention: RetentionService,
  ) {
    const hours = (n: number, now: Date) => new Date(now.getTime() - n * HOUR);
    this.jobs = [
      { name: 'purge-unattached-media', everyMs: HOUR, run: async (now) => ({ purged: await this.media.purgeUnattached(now) }) },
      {
        name: 'purge-refresh-tokens',
        everyMs: HOUR,
        run: async (now) => ({ deleted: (await this.db.getRepository(RefreshToken).delete({ expiresAt: before(now) })).affected ?? 0 }),
      },
      {
        name: 'purge-idempotency-keys',
        everyMs: HOUR,
        run: async (now) => ({
          deleted:
            (await this.db.getRepository(IdempotencyKey).delete({ createdAt: before(hours(config.jobs.idempotencyKeyTtlHours, now)) }))
              .affected ?? 0,
        }),
      },
      { name: 'public-photo-copies', everyMs: 10 * MINUTE, run: async () => ({ made: await this.media.makeMissingPublicCopies() }) },
      { name: 'privacy-retention', everyMs: 24 * HOUR, run: (now) => this.retention.run(now) },
    ];
  }

  @Interval(MINUTE)
  async tick(): Promise<void> {
    if (!this.config.jobs.enabled || this.ticking) return;
    this.ticking = true;
    try {
      await this.runDue();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'scheduled jobs: tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Runs every job that is due at `now` and whose lease this process wins. */
  async runDue(now = new Date()): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.jobs) {
      if (!(await this.acquire(job, now))) {
        runs.push({ name: job.name, ran: false });
        continue;
      }
      try {
        const result = await job.run(now);
        await this.release(job, JSON.stringify(result));
        this.logger.info({ job: job.name, ...result }, 'scheduled job done');
        runs.push({ name: job.name, ran: true, result });
      } catch (err) {
        const error = (err as Error).message ?? String(err);
        await this.release(job, `failed: ${error}`.slice(0, 500)).catch(() => undefined);
        this.logger.error({ job: job.name, err: error }, 'scheduled job failed');
        runs.push({ name: job.name, ran: true, error });
      }
    }
    return runs;
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

  private async release(job: Job, result: string): Promise<void> {
    await this.db
      .getRepository(JobLease)
      .update({ name: job.name, holder: this.holder }, { leaseUntil: null, lastFinishedAt: new Date(), lastResult: result.slice(0, 500) });
  }
}

import { Queue, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Background work, the same job code either way: BullMQ on Redis when `REDIS_URL` is set (any
 * process's worker may take a job), an in-process runner otherwise.
 *
 * Use it by injecting `@Inject(JOB_QUEUE) queue: JobQueue`, then:
 * - `queue.process('send-notice', async (payload, attempt) => { ... })` once, in a constructor or
 *   `onModuleInit` (workers start at application bootstrap, after every handler is registered);
 * - `await queue.add('send-notice', { caseId }, { attempts: 5, backoffMs: 2000 })` from anywhere.
 * A handler that throws is retried with exponential backoff (`backoffMs`, 2×, 4×…) until `attempts`
 * are used up; then the job stays listed as failed (`GET /api/v1/admin/jobs?state=failed`).
 * Payloads must be JSON. Handlers must tolerate running twice (a process killed mid-job is retried).
 */
export const JOB_QUEUE = Symbol('JOB_QUEUE');

export interface JobOptions {
  /** Tries in all, the first included (default 3). */
  attempts?: number;
  /** Wait before the first retry, doubled for each further one (default 1000 ms). */
  backoffMs?: number;
  /** Wait before the first try. */
  delayMs?: number;
  /** A job added twice with the same id runs once (while the first is still kept). */
  jobId?: string;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';
export const JOB_STATES: readonly JobState[] = ['waiting', 'active', 'delayed', 'completed', 'failed'];

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  payload: unknown;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type JobHandler = (payload: never, attempt: number) => Promise<unknown>;

export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  add(name: string, payload: unknown, opts?: JobOptions): Promise<string>;
  process<P>(name: string, handler: (payload: P, attempt: number) => Promise<unknown>): void;
  list(state: JobState, limit?: number): Promise<JobInfo[]>;
  /** Starts taking jobs (application bootstrap). */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

const DEFAULTS = { attempts: 3, backoffMs: 1000 };
/** Finished jobs kept for the admin listing, per state. */
const KEEP = 1000;

interface LocalJob {
  info: JobInfo;
  opts: Required<Pick<JobOptions, 'attempts' | 'backoffMs'>>;
}

/** The in-process runner: jobs live in this process's memory and run here, with the same retries. */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly handlers = new Map<string, JobHandler>();
  private readonly jobs = new Map<string, LocalJob>();
  private readonly pending = new Set<LocalJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private started = false;
  private closed = false;
  private seq = 0;

  constructor(private readonly logger?: Logger) {}

  async add(name: string, payload: unknown, opts: JobOptions = {}): Promise<string> {
    const id = opts.jobId ?? `${++this.seq}`;
    if (this.jobs.has(id)) return id;
    const job: LocalJob = {
      info: {
        id,
        name,
        state: 'waiting',
        payload,
        attemptsMade: 0,
        failedReason: null,
        createdAt: new Date().toISOString(),
        finishedAt: null,
      },
      opts: { attempts: opts.attempts ?? DEFAULTS.attempts, backoffMs: opts.backoffMs ?? DEFAULTS.backoffMs },
    };
    this.jobs.set(id, job);
    if (opts.delayMs) this.later(job, opts.delayMs);
    else this.enqueue(job);
    return id;
  }

  process<P>(name: string, handler: (payload: P, attempt: number) => Promise<unknown>): void {
    this.handlers.set(name, handler as JobHandler);
  }

  async list(state: JobState, limit = 100): Promise<JobInfo[]> {
    return [...this.jobs.values()]
      .filter((j) => j.info.state === state)
      .map((j) => ({ ...j.info }))
      .reverse()
      .slice(0, limit);
  }

  async start(): Promise<void> {
    this.started = true;
    for (const job of [...this.pending]) this.enqueue(job);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private later(job: LocalJob, ms: number): void {
    job.info.state = 'delayed';
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(job);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private enqueue(job: LocalJob): void {
    job.info.state = 'waiting';
    if (!this.started || this.closed) {
      this.pending.add(job);
      return;
    }
    this.pending.delete(job);
    const run = this.run(job).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async run(job: LocalJob): Promise<void> {
    await Promise.resolve();
    const handler = this.handlers.get(job.info.name);
    job.info.state = 'active';
    job.info.attemptsMade++;
    try {
      if (!handler) throw new Error(`no handler for job "${job.info.name}"`);
      await handler(job.info.payload as never, job.info.attemptsMade);
      this.finish(job, 'completed', null);
    } catch (err) {
      const reason = (err as Error).message ?? String(err);
      if (job.info.attemptsMade < job.opts.attempts && !this.closed) {
        job.info.failedReason = reason;
        this.later(job, job.opts.backoffMs * 2 ** (job.info.attemptsMade - 1));
      } else {
        this.logger?.error({ job: job.info.name, id: job.info.id, err: reason }, 'job failed');
        this.finish(job, 'failed', reason);
      }
    }
  }

  private finish(job: LocalJob, state: 'completed' | 'failed', reason: string | null): void {
    job.info.state = state;
    job.info.failedReason = reason;
    job.info.finishedAt = new Date().toISOString();
    const done = [...this.jobs.values()].filter((j) => j.info.state === state);
    for (const old of done.slice(0, Math.max(0, done.length - KEEP))) this.jobs.delete(old.info.id);
  }
}

const QUEUE_NAME = 'jobs';

/** BullMQ on the shared Redis: one queue, job names select the handler; every process runs a worker. */
export class BullQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly handlers = new Map<string, JobHandler>();
  private readonly queueConnection: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private workerConnection: Redis | null = null;
  private readonly prefix: string;

  constructor(
    private readonly url: string,
    keyPrefix: string,
    private readonly logger?: Logger,
    private readonly concurrency = 4,
  ) {
    this.prefix = `${keyPrefix}bull`;
    this.queueConnection = bullConnection(url);
    this.queue = new Queue(QUEUE_NAME, { connection: this.queueConnection, prefix: this.prefix });
    this.queue.on('error', (err) => this.logger?.warn({ err: err.message }, 'job queue error'));
  }

  async add(name: string, payload: unknown, opts: JobOptions = {}): Promise<string> {
    const job = await this.queue.add(name, payload, {
      attempts: opts.attempts ?? DEFAULTS.attempts,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? DEFAULTS.backoffMs },
      delay: opts.delayMs,
      jobId: opts.jobId,
      removeOnComplete: { count: KEEP },
      removeOnFail: { count: KEEP },
    });
    return job.id!;
  }

  process<P>(name: string, handler: (payload: P, attempt: number) => Promise<unknown>): void {
    this.handlers.set(name, handler as JobHandler);
  }

  async list(state: JobState, limit = 100): Promise<JobInfo[]> {
    const jobs = await this.queue.getJobs([state === 'delayed' ? 'delayed' : state], 0, limit - 1);
    return jobs.filter(Boolean).map((j) => ({
      id: j.id!,
      name: j.name,
      state,
      payload: j.data,
      attemptsMade: j.attemptsMade,
      failedReason: j.failedReason || null,
      createdAt: new Date(j.timestamp).toISOString(),
      finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    }));
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.workerConnection = bullConnection(this.url);
    this.worker = new Worker(
      QUEUE_NAME,
      async (job: BullJob) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler for job "${job.name}"`);
        return handler(job.data as never, job.attemptsMade + 1);
      },
      { connection: this.workerConnection, prefix: this.prefix, concurrency: this.concurrency },
    );
    this.worker.on('error', (err) => this.logger?.warn({ err: err.message }, 'job worker error'));
    this.worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
        this.logger?.error({ job: job.name, id: job.id, err: err.message }, 'job failed');
    });
  }

  async close(): Promise<void> {
    // Waits for the jobs this worker is running; the others stay in Redis for the next process.
    await this.worker?.close();
    await this.queue.close();
    for (const c of [this.workerConnection, this.queueConnection]) await c?.quit().catch(() => c.disconnect());
  }
}

/** BullMQ wants its own connections, which wait for Redis instead of failing fast. */
function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true });
}

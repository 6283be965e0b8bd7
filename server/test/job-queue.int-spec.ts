import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JOB_QUEUE, type JobQueue } from '../src/jobs/job-queue.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { until } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, testRedis, type TestApp } from './support/harness.js';

/** The job queue on BullMQ: two processes on one database and one Redis share it. */
describe(`job queue on BullMQ (${ENGINE})`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const redis = testRedis();
  let a: TestApp;
  let b: TestApp;
  const ranOn: string[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    a = await startApp({ DATABASE_URL: db.url, JOBS: '0', ...redis.env });
    b = await startApp({ DATABASE_URL: db.url, JOBS: '0', MEDIA_DIR: a.config.mediaDir, ...redis.env });
    for (const [label, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const q = t.app.get<JobQueue>(JOB_QUEUE);
      q.process<{ n: number }>('test-flaky', async (p, attempt) => {
        ranOn.push(`${label}:${p.n}:${attempt}`);
        if (attempt < 2) throw new Error('第一次失败');
      });
      q.process('test-broken', async () => {
        throw new Error('总是失败');
      });
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('is BullMQ, and a job added on A that fails once is retried and completes once', async () => {
    const q = a.app.get<JobQueue>(JOB_QUEUE);
    expect(q.kind).toBe('bullmq');
    await q.add('test-flaky', { n: 7 }, { backoffMs: 50 });
    await until(async () => (await q.list('completed')).some((j) => j.name === 'test-flaky'));
    expect(ranOn.filter((r) => r.endsWith(':7:1'))).toHaveLength(1);
    expect(ranOn.filter((r) => r.endsWith(':7:2'))).toHaveLength(1);
  });

  it('lists a job that used up its tries for admins only, with its reason', async () => {
    await b.app.get<JobQueue>(JOB_QUEUE).add('test-broken', { why: 'x' }, { attempts: 2, backoffMs: 20 });
    const admin = await a.login('demo-admin');
    let items: { name: string; attemptsMade: number; failedReason: string }[] = [];
    await until(async () => {
      const res = await a.http().get('/api/v1/admin/jobs?state=failed').set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      expect(res.body.queue).toBe('bullmq');
      items = res.body.items;
      return items.length > 0;
    });
    expect(items[0]).toMatchObject({ name: 'test-broken', attemptsMade: 2, failedReason: '总是失败' });

    const bad = await a.http().get('/api/v1/admin/jobs?state=bogus').set('Authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const citizen = await a.login('demo-citizen');
    expect((await a.http().get('/api/v1/admin/jobs').set('Authorization', `Bearer ${citizen}`)).status).toBe(403);
  });

  it('a scheduled job due on both processes at once is queued and runs once', async () => {
    const at = new Date(Date.now() + 2 * 3600_000);
    const [qa, qb] = await Promise.all([a.app.get(JobsService).enqueueDue(at), b.app.get(JobsService).enqueueDue(at)]);
    // Every scheduled job of the platform: the clean-ups, the notifications' timed events and sweep, privacy's retention.
    expect([...qa, ...qb].sort()).toEqual([
      'notify-sweep',
      'notify-timed-events',
      'privacy-retention',
      'public-photo-copies',
      'purge-idempotency-keys',
      'purge-refresh-tokens',
      'purge-unattached-media',
    ]);
    await until(async () => {
      const rows = await a.dataSource.query('SELECT last_finished_at FROM job_leases');
      return rows.length === 7 && rows.every((r: { last_finished_at: unknown }) => r.last_finished_at !== null);
    });
    const done = await a.app.get<JobQueue>(JOB_QUEUE).list('completed', 500);
    for (const name of ['public-photo-copies', 'purge-unattached-media']) expect(done.filter((j) => j.name === name)).toHaveLength(1);
    // The same instant again: nothing is due.
    expect(await b.app.get(JobsService).enqueueDue(at)).toEqual([]);
  });
});

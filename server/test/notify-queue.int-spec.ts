import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { JOB_QUEUE, type JobQueue } from '../src/jobs/job-queue.js';
import { NOTIFY_EVENT_JOB, NotifyDispatcher } from '../src/notifications/dispatcher.service.js';
import { OutboxEvent } from '../src/notifications/notify.entities.js';
import { actors, caseBody, makeMedia, until } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, testRedis, type TestApp } from './support/harness.js';
import { jobIn } from './support/jobs.js';

/**
 * The outbox is delivered by jobs on the queue (in-process, or BullMQ shared by two processes):
 * queued when the transaction commits, retried with backoff, failed jobs listed for admins, rows
 * whose job was lost picked up by the sweep, each message once.
 */
describe.each(['in-process', 'bullmq'] as const)(`notifications on the job queue (%s, ${ENGINE})`, (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const redis = testRedis();
  let t: TestApp;
  let other: TestApp | null = null;
  let a: Awaited<ReturnType<typeof actors>>;

  beforeAll(async () => {
    db = await freshDatabase();
    const env = {
      DATABASE_URL: db.url,
      JOBS: '0',
      NOTIFY_MAX_ATTEMPTS: '2',
      NOTIFY_RETRY_BASE_MS: '50',
      ...(kind === 'bullmq' ? redis.env : {}),
    };
    t = await startApp(env);
    // With BullMQ a second process works the same queue: each event is still delivered once.
    if (kind === 'bullmq') other = await startApp({ ...env, MEDIA_DIR: t.config.mediaDir });
    a = await actors(t, ['demo-citizen', 'demo-operator', 'demo-admin']);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const report = async () => {
    const res = await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]));
    expect(res.status).toBe(201);
    return res.body as { id: string; caseNo: string; version: number };
  };
  const messagesOf = async (user: string, caseId: string) =>
    ((await a.get(user, '/api/v1/messages?limit=50')).body.items as { caseId: string; kind: string }[]).filter((m) => m.caseId === caseId);
  const outbox = (caseId: string) => t.dataSource.getRepository(OutboxEvent).findBy({ caseId });

  it('delivers a committed change by a queued job, well under a second, once', async () => {
    expect(t.app.get<JobQueue>(JOB_QUEUE).kind).toBe(kind);
    const cases: { id: string }[] = [];
    for (let i = 0; i < 4; i++) cases.push(await report());
    const started = Date.now();
    await until(async () => (await messagesOf('demo-operator', cases[3].id)).length > 0, 5000, 10);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const c of cases) {
      await until(async () => (await outbox(c.id)).every((e) => e.state === 'done'));
      expect((await messagesOf('demo-operator', c.id)).map((m) => m.kind)).toEqual(['report-waiting']);
    }
    const [row] = await outbox(cases[0].id);
    await jobIn(t, 'completed', NOTIFY_EVENT_JOB, (j) => (j.payload as { eventId: number }).eventId === row.id);
    // Queued again (by the sweep, by another process): nothing more shows.
    await t.app.get(NotifyDispatcher).enqueueEvents([row.id], 7);
    await (other ?? t).app.get(NotifyDispatcher).enqueueEvents([row.id], 8);
    await jobIn(t, 'completed', NOTIFY_EVENT_JOB, (j) => j.id.endsWith('@8'));
    expect(await messagesOf('demo-operator', cases[0].id)).toHaveLength(1);
  });

  it('retries a failing delivery with backoff, then the row and its job are failed, listed for admins', async () => {
    const dispatchers = [t, other].filter((x): x is TestApp => !!x).map((x) => x.app.get(NotifyDispatcher));
    const spies = dispatchers.map((d) =>
      jest.spyOn(d as unknown as { deliverEvents: () => Promise<void> }, 'deliverEvents').mockRejectedValue(new Error('消息库写入失败')),
    );
    let c: { id: string };
    try {
      c = await report();
      await until(async () => (await outbox(c.id))[0]?.state === 'failed');
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const [row] = await outbox(c.id);
    expect(row).toMatchObject({ state: 'failed', attempts: 2, lastError: '消息库写入失败' });
    await jobIn(t, 'failed', NOTIFY_EVENT_JOB, (j) => (j.payload as { eventId: number }).eventId === row.id);
    const res = await a.get('demo-admin', '/api/v1/admin/jobs?state=failed');
    expect(res.status).toBe(200);
    expect(res.body.items.find((j: { payload: { eventId: number } }) => j.payload.eventId === row.id)).toMatchObject({
      name: NOTIFY_EVENT_JOB,
      attemptsMade: 2,
      failedReason: '消息库写入失败',
    });
    expect(await messagesOf('demo-operator', c.id)).toEqual([]);
  });

  it('sweeps a row whose job was never queued', async () => {
    const queue = t.app.get<JobQueue>(JOB_QUEUE);
    const add = jest.spyOn(queue, 'add').mockImplementation(async () => {
      throw new Error('Redis unreachable');
    });
    let c: { id: string };
    try {
      c = await report();
      await new Promise((r) => setImmediate(r));
      await until(async () => add.mock.calls.some(([name]) => name === NOTIFY_EVENT_JOB));
    } finally {
      add.mockRestore();
    }
    expect((await outbox(c.id))[0].state).toBe('pending');
    // A minute on, whichever process runs the sweep queues it.
    expect(await t.app.get(NotifyDispatcher).sweep(new Date(Date.now() + 31_000))).toMatchObject({ events: 1 });
    await until(async () => (await outbox(c.id))[0].state === 'done');
    expect((await messagesOf('demo-operator', c.id)).map((m) => m.kind)).toEqual(['report-waiting']);
  });
});

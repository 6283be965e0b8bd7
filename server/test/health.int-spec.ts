import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { drainAndClose } from '../src/health/shutdown.js';
import { JOB_QUEUE, type JobQueue } from '../src/jobs/job-queue.js';
import { ENGINE, startApp, testRedis, type TestApp } from './support/harness.js';

/** A raw request whose body arrives in two parts, `gapMs` apart: in flight for that long. */
function slowLogin(port: number, gapMs: number): { sent: Promise<void>; answer: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ username: 'demo-citizen' });
  let sent!: () => void;
  const sentP = new Promise<void>((r) => (sent = r));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/auth/demo',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 5));
    req.flushHeaders();
    setTimeout(() => sent(), 50);
    setTimeout(() => req.end(body.slice(5)), gapMs);
  });
  return { sent: sentP, answer };
}

describe(`health, readiness and graceful shutdown (${ENGINE})`, () => {
  const redis = testRedis();
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ ...redis.env });
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await redis.cleanup();
  });

  it('reports the database, Redis and the photo store separately', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up', storage: 'up' });
  });

  it('is degraded (not down) when the photo store cannot be written', async () => {
    const dir = t.config.mediaDir;
    fs.renameSync(dir, `${dir}.away`);
    fs.writeFileSync(dir, 'not a directory');
    try {
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'degraded', db: 'up', redis: 'up', storage: 'down' });
    } finally {
      fs.rmSync(dir);
      fs.renameSync(`${dir}.away`, dir);
    }
  });

  it('is not ready while a migration is pending', async () => {
    expect((await t.http().get('/api/health/ready')).body).toEqual({ ready: true });
    const [last] = await t.dataSource.query('SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1');
    await t.dataSource.query('DELETE FROM migrations WHERE id = ?', [last.id]);
    try {
      const res = await t.http().get('/api/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ ready: false, reason: 'migrating' });
    } finally {
      await t.dataSource.query('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)', [last.id, last.timestamp, last.name]);
    }
    expect((await t.http().get('/api/health/ready')).status).toBe(200);
  });

  it('on shutdown: not ready while draining, finishes a request and a job in flight, refuses new connections', async () => {
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const queue = t.app.get<JobQueue>(JOB_QUEUE);
    let jobResult: unknown = null;
    queue.process('test-slow', async () => {
      await new Promise((r) => setTimeout(r, 800));
      // The database is still open for a job that finishes during shutdown.
      jobResult = await t.dataSource.query('SELECT 1 AS one');
    });
    await queue.add('test-slow', {}, { attempts: 1 });
    for (let i = 0; i < 200 && !(await queue.list('active')).length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await queue.list('active')).toHaveLength(1);
    const inFlight = slowLogin(port, 600);
    await inFlight.sent;
    const closing = drainAndClose(t.app, { drainMs: 300, timeoutMs: 5000 });
    const during = await t.http().get('/api/health/ready');
    expect(during.status).toBe(503);
    expect(during.body).toEqual({ ready: false, reason: 'draining' });
    await new Promise((r) => setTimeout(r, 400));
    const refused = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).toBe('refused');
    const done = await inFlight.answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).accessToken).toEqual(expect.any(String));
    await closing;
    expect(jobResult).toEqual([{ one: 1 }]);
  });
});

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { actors, caseBody, makeMedia, STAFF } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, testRedis, type TestApp } from './support/harness.js';

interface Live {
  kind: string;
  caseId: string | null;
  caseNo?: string;
  title?: string;
}

/** Collects what a stream delivers; `next` waits (up to 10 s) for an event that matches. */
function collector() {
  const events: Live[] = [];
  const waiters: { match: (e: Live) => boolean; resolve: (e: Live) => void }[] = [];
  return {
    events,
    push(e: Live) {
      events.push(e);
      for (const w of [...waiters]) {
        if (!w.match(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    },
    next(match: (e: Live) => boolean): Promise<Live> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { match, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events)}`)), 10_000).unref();
      });
    },
  };
}

function openSse(baseUrl: string, ticket: string) {
  const c = collector();
  let buffer = '';
  let status = 0;
  const opened = new Promise<void>((resolve) => {
    const req = http.get(`${baseUrl}/api/v1/events?ticket=${encodeURIComponent(ticket)}`, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (frame.startsWith('event: ready')) resolve();
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data && !frame.startsWith('event:')) c.push(JSON.parse(data.slice(6)) as Live);
        }
      });
      res.on('end', resolve);
    });
    closers.push(() => req.destroy());
  });
  return { ...c, opened, status: () => status };
}

const closers: (() => void)[] = [];

/**
 * Live events across two processes sharing one database and one Redis: an action taken on one is
 * streamed to a user connected to the other, by SSE and by WebSocket. The dispatchers run on their
 * own (poll plus the nudge after commit), as in production.
 */
describe(`live events on ${ENGINE}`, () => {
  let one: TestApp;
  let two: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const redis = testRedis();
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    one = await startApp({ ...redis.env, DATABASE_URL: db.url });
    two = await startApp({ ...redis.env, DATABASE_URL: db.url });
    a = await actors(one, STAFF);
  });
  afterAll(async () => {
    for (const close of closers) close();
    await one?.close();
    await two?.close();
    await drop?.();
    await redis.cleanup();
  });

  const base = (t: TestApp) => `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  const ticket = async (user: string) => {
    const res = await a.post(user, '/api/v1/events/ticket', {});
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBe(60);
    return res.body.ticket as string;
  };
  const report = async () => {
    const res = await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(one, 'demo-citizen')]));
    expect(res.status).toBe(201);
    return res.body as { id: string; caseNo: string };
  };

  it('streams a new report to the operator connected to the other process (SSE), and its 已受理 to the reporter', async () => {
    const operator = openSse(base(two), await ticket('demo-operator'));
    const citizen = openSse(base(two), await ticket('demo-citizen'));
    await Promise.all([operator.opened, citizen.opened]);
    expect(operator.status()).toBe(200);
    const c = await report();
    expect(await operator.next((e) => e.caseId === c.id)).toMatchObject({
      kind: 'report-waiting',
      caseNo: c.caseNo,
      title: '新上报待受理',
    });
    const registered = await a.post('demo-operator', `/api/v1/cases/${c.id}/actions`, { action: 'register', version: 1 });
    expect(registered.status).toBe(200);
    expect(await citizen.next((e) => e.caseId === c.id)).toMatchObject({ kind: 'registered', title: '已受理' });
    // The message centre has it too, delivered without anyone draining by hand.
    const inbox = await a.get('demo-citizen', '/api/v1/messages');
    expect(inbox.body.items.filter((m: Live) => m.caseId === c.id).map((m: Live) => m.kind)).toEqual(['registered']);
  });

  it('streams the same events over a WebSocket with a ticket (the weapp), and refuses one without', async () => {
    const c = collector();
    const ws = new WebSocket(
      `${base(one).replace('http', 'ws')}/api/v1/events/ws?ticket=${encodeURIComponent(await ticket('demo-operator'))}`,
    );
    closers.push(() => ws.terminate());
    ws.on('message', (raw) => c.push(JSON.parse(String(raw)) as Live));
    await c.next((e) => e.kind === 'ready');
    const created = await report();
    expect(await c.next((e) => e.caseId === created.id)).toMatchObject({ kind: 'report-waiting' });

    const refused = new WebSocket(`${base(one).replace('http', 'ws')}/api/v1/events/ws?ticket=forged`);
    const status = await new Promise<number>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
  });

  it('refuses a ticket used as an access token, and an access token used as a ticket', async () => {
    const t = await ticket('demo-citizen');
    expect((await one.http().get('/api/v1/messages').set('Authorization', `Bearer ${t}`)).status).toBe(401);
    expect((await one.http().get(`/api/v1/events?ticket=${a.token('demo-citizen')}`)).status).toBe(401);
  });
});

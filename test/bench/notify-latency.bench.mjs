#!/usr/bin/env node
// Benchmark (issue 14): from a case action's commit to the reporter's message in GET /messages and
// to the SSE event, with 50 actions at once. The built server runs in this process with its real
// dispatcher (a notify-event job queued on the in-process job queue after each commit); the lower bound of the same run is
// a bare insert + select round trip on the same database, 50 at once.
//
//   pnpm --filter @xc/shared build && pnpm --filter @xc/server build
//   node test/bench/notify-latency.bench.mjs
//
// Env: BENCH_ENGINE (sqlite | mariadb, default sqlite), BENCH_ACTIONS (50), BENCH_ROUNDS (3),
//      BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306; a fresh database is created and dropped).
// Latency is measured from the commit of the action's transaction (seen in this process by a
// TypeORM afterTransactionCommit subscriber, on the same clock), and for comparison from the moment
// the action's request was sent (which adds the action's own time under 50-fold concurrency).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchDatabase, NO_RATE_LIMITS } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(path.join(root, 'server', 'dist', p));
const { createApp } = await dist('app.factory.js');
const { loadConfig } = await dist('config/app-config.js');
const { createLogger } = await dist('common/logger.js');
const { Media } = await dist('media/media.entity.js');
const fromServer = createRequire(path.join(root, 'server', 'package.json'));
const { DataSource } = await import(pathToFileURL(fromServer.resolve('typeorm')).href);

const ENGINE = process.env.BENCH_ENGINE === 'mariadb' ? 'mariadb' : 'sqlite';
const N = Number(process.env.BENCH_ACTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const resultFile = path.join(root, 'test', 'artifacts', `bench-notify-latency-${ENGINE}.json`);
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-notify-'));
const database = await benchDatabase(ENGINE, { dir, mysqlUrl: MYSQL, tag: 'notify', root });

const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  DEMO_CASES: '0',
  JOBS: '0',
  DATABASE_URL: database.url,
  MEDIA_DIR: path.join(dir, 'media'),
  CLIENT_DIR: path.join(dir, 'none'),
  ...NO_RATE_LIMITS,
  UPLOAD_UNATTACHED_MAX: '100000',
});
const app = await createApp(config, createLogger(config));
await app.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
const db = app.get(DataSource);
const { OUTBOX_MARK } = await dist('notifications/outbox.js');
/** When each outbox row was committed (outbox row id → performance.now()); by case below. */
const committedRows = new Map();
db.subscribers.unshift({
  afterTransactionCommit: (e) => {
    const at = performance.now();
    for (const id of e.queryRunner.data?.[OUTBOX_MARK] ?? []) committedRows.set(Number(id), at);
  },
});
/** case id → when its latest outbox row was committed (the mark holds outbox row ids). */
async function committedByCase() {
  const ids = [...committedRows.keys()];
  const rows = ids.length
    ? await db.query(`SELECT id, case_id AS caseId FROM notify_outbox WHERE id IN (${ids.map(() => '?').join(',')})`, ids)
    : [];
  const out = new Map();
  for (const r of rows) {
    const at = committedRows.get(Number(r.id));
    if (at > (out.get(r.caseId) ?? -Infinity)) out.set(r.caseId, at);
  }
  return out;
}
// Keep-alive, enough sockets for 50 at once.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(method, url, token, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${base}${url}`,
      {
        method,
        agent,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(data ? { 'Content-Type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
const login = async (username) => (await call('POST', '/api/v1/auth/demo', null, { username })).body;

async function makeCase(citizen) {
  const token = randomBytes(16).toString('hex');
  const id = randomUUID();
  await db.getRepository(Media).insert({
    id,
    ownerId: citizen.user.id,
    token,
    mime: 'image/jpeg',
    ext: 'jpg',
    width: 800,
    height: 600,
    bytes: 1000,
    storageKey: `${token}.jpg`,
    thumbKey: `${token}.thumb.jpg`,
    publicKey: null,
    publicThumbKey: null,
  });
  const res = await call('POST', '/api/v1/cases', citizen.accessToken, {
    categoryCode: '200102',
    description: '压测：路边暴露垃圾',
    location: { lat: 34.0235, lng: 113.823 },
    mediaIds: [id],
  });
  if (res.status !== 201) throw new Error(`create case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The SSE stream of one user: calls onEvent(event, arrivalTime) for every event. */
async function openStream(accessToken, onEvent) {
  const { ticket } = (await call('POST', '/api/v1/events/ticket', accessToken, {})).body;
  return new Promise((resolve) => {
    const req = http.get(`${base}/api/v1/events?ticket=${encodeURIComponent(ticket)}`, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const at = performance.now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (frame.startsWith('event: ready')) resolve(() => req.destroy());
          const line = frame.split('\n').find((l) => l.startsWith('data: '));
          if (line && !frame.startsWith('event:')) onEvent(JSON.parse(line.slice(6)), at);
        }
      });
    });
  });
}

/** The lower bound: N concurrent insert + select round trips on the same database. */
async function bareRoundTrips() {
  await db.query('CREATE TABLE IF NOT EXISTS bench_probe (id varchar(36) NOT NULL PRIMARY KEY, v int NOT NULL)');
  const times = await Promise.all(
    Array.from({ length: N }, async () => {
      const id = randomUUID();
      const t0 = performance.now();
      await db.query('INSERT INTO bench_probe (id, v) VALUES (?, 1)', [id]);
      await db.query('SELECT v FROM bench_probe WHERE id = ?', [id]);
      return performance.now() - t0;
    }),
  );
  return times;
}

const result = { engine: ENGINE, actions: N, rounds: ROUNDS, dispatch: 'in-process job queue', loadavg: os.loadavg()[0], rounds_: [] };
try {
  const citizen = await login('demo-citizen');
  const operator = await login('demo-operator');
  const toMessage = [];
  const toMessageFromSend = [];
  const toSse = [];
  const toSseFromSend = [];
  const bare = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const cases = [];
    for (let i = 0; i < N; i++) cases.push(await makeCase(citizen));
    // Let the report events go out before measuring.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = new Map();
    const sse = new Map();
    const seen = new Map();
    const wanted = new Set(cases.map((c) => c.id));
    const close = await openStream(citizen.accessToken, (e, at) => {
      if (e.kind === 'registered' && wanted.has(e.caseId) && !sse.has(e.caseId)) sse.set(e.caseId, at);
    });
    // GET /messages, polled every 25 ms while the actions run: when each message first shows.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const page = (await call('GET', '/api/v1/messages?limit=50', citizen.accessToken)).body;
        const at = performance.now();
        for (const m of page.items) if (m.kind === 'registered' && wanted.has(m.caseId) && !seen.has(m.caseId)) seen.set(m.caseId, at);
        if (seen.size === N) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await Promise.all(
      cases.map(async (c) => {
        sent.set(c.id, performance.now());
        const res = await call('POST', `/api/v1/cases/${c.id}/actions`, operator.accessToken, { action: 'register', version: c.version });
        if (res.status !== 200) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
    const until = performance.now() + 15_000;
    while ((seen.size < N || sse.size < N) && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    polling = false;
    await poller;
    close();
    if (seen.size < N || sse.size < N)
      throw new Error(`round ${round}: only ${seen.size} messages and ${sse.size} events of ${N} within 15 s`);
    const committed = await committedByCase();
    for (const c of cases) {
      if (!committed.has(c.id)) throw new Error(`round ${round}: no outbox commit seen for case ${c.id}`);
      toMessage.push(seen.get(c.id) - committed.get(c.id));
      toMessageFromSend.push(seen.get(c.id) - sent.get(c.id));
      toSse.push(sse.get(c.id) - committed.get(c.id));
      toSseFromSend.push(sse.get(c.id) - sent.get(c.id));
    }
    bare.push(...(await bareRoundTrips()));
    log(`round ${round}: message p99 ${ms(pct(toMessage.slice(-N), 99))}, SSE p99 ${ms(pct(toSse.slice(-N), 99))}`);
  }
  const figures = {
    messageFromCommit: { p50: pct(toMessage, 50), p99: pct(toMessage, 99) },
    messageFromSend: { p50: pct(toMessageFromSend, 50), p99: pct(toMessageFromSend, 99) },
    sseFromCommit: { p50: pct(toSse, 50), p99: pct(toSse, 99) },
    sseFromSend: { p50: pct(toSseFromSend, 50), p99: pct(toSseFromSend, 99) },
    bareInsertSelect: { p50: pct(bare, 50), p99: pct(bare, 99) },
  };
  Object.assign(result, figures, { loadavgAfter: os.loadavg()[0] });
  delete result.rounds_;
  const ratio = (x) => (x / figures.bareInsertSelect.p99).toFixed(1);
  console.log('');
  console.log(`notify latency, ${ENGINE}, ${N} concurrent 立案 × ${ROUNDS} rounds (load average ${os.loadavg()[0].toFixed(1)})`);
  console.log(
    `  lower bound: bare insert+select, ${N} at once   p50 ${ms(figures.bareInsertSelect.p50)}  p99 ${ms(figures.bareInsertSelect.p99)}`,
  );
  for (const [label, f] of [
    ['to GET /messages, from the commit ', figures.messageFromCommit],
    ['to GET /messages, from the request ', figures.messageFromSend],
    ['to SSE event,     from the commit ', figures.sseFromCommit],
    ['to SSE event,     from the request ', figures.sseFromSend],
  ])
    console.log(`  ${label}   p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  (${ratio(f.p99)}× the bound's p99)`);
  console.log(
    `  aim: p99 from the commit < 1000 ms — ${figures.messageFromCommit.p99 < 1000 && figures.sseFromCommit.p99 < 1000 ? 'met' : 'NOT MET'}`,
  );
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
} finally {
  agent.destroy();
  await app.close();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}

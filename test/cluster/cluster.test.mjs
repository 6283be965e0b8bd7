// The cluster tier: two built API processes behind nginx, on MariaDB, Redis and an S3-compatible
// store, behave as one service (issue 13). Through nginx and against each instance directly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { caseBody, client, makeJpeg, root, startCluster } from './cluster.mjs';

let cluster;
let A;
let B;
let lb;
const photo = await makeJpeg();

before(async () => {
  // Reports per citizen per hour: small, so the shared budget is seen across both instances.
  cluster = await startCluster({ apis: 2, env: { RATE_LIMIT_REPORTS_PER_HOUR: '4', JOBS_TICK_SECONDS: '1' } });
  A = client(cluster.apis[0].base);
  B = client(cluster.apis[1].base);
  lb = client(cluster.base);
});

after(async () => {
  await cluster?.stop();
});

const report = async (c, token, key, description) => {
  const up = await c.upload(token, photo);
  assert.equal(up.status, 201, up.text);
  return c.call('POST', '/api/v1/cases', { token, body: caseBody([up.json.id], description), headers: { 'Idempotency-Key': key } });
};

test('nginx spreads requests over both instances and serves the H5 build with compression and immutable caching', async () => {
  const upstreams = new Set();
  for (let i = 0; i < 10; i++) {
    const r = await lb.call('GET', '/api/health');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok', db: 'up', redis: 'up', storage: 'up' });
    upstreams.add(r.headers.get('x-upstream'));
  }
  assert.deepEqual([...upstreams].sort(), cluster.apis.map((p) => `127.0.0.1:${p.port}`).sort());
  const index = await lb.call('GET', '/');
  assert.equal(index.status, 200);
  assert.match(index.text, /<html/i);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const script = /src="\/?([^"]+\.js)"/.exec(index.text)?.[1];
  assert.ok(script, 'the H5 index names a script');
  const js = await fetch(`${cluster.base}/${script}`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(js.headers.get('content-encoding'), 'gzip');
});

test('one Idempotency-Key retried on A and then on B gives one case', async () => {
  const token = await A.login('demo-citizen');
  const key = 'cluster-idem-0000001';
  const up = await A.upload(token, photo);
  const send = (c) =>
    c.call('POST', '/api/v1/cases', { token, body: caseBody([up.json.id], '集群幂等测试：同一个键'), headers: { 'Idempotency-Key': key } });
  const first = await send(A);
  assert.equal(first.status, 201, first.text);
  // The same request again (a client that did not see the answer), this time on B.
  const again = await send(B);
  assert.ok([200, 201].includes(again.status), again.text);
  assert.equal(again.json.id, first.json.id);
  const [{ n }] = await cluster.db.query('SELECT COUNT(*) AS n FROM cases WHERE description = ?', ['集群幂等测试：同一个键']);
  assert.equal(Number(n), 1);
});

test('an admin change made on A is seen on B within 1 s', async () => {
  const admin = await A.login('demo-admin');
  const locate = async () => (await B.call('GET', '/api/v1/grids/locate?lat=34.0235&lng=113.823')).json.grid;
  const grid = await locate();
  assert.match(grid.code, /^\d{15}$/);
  const patched = await A.call('PATCH', `/api/v1/admin/grids/${grid.code}`, { token: admin, body: { name: '集群改名网格' } });
  assert.equal(patched.status, 200, patched.text);
  const start = Date.now();
  while ((await locate()).name !== '集群改名网格') {
    assert.ok(Date.now() - start < 1000, 'B still answers the old grid name after 1 s');
    await new Promise((r) => setTimeout(r, 20));
  }
});

test('a photo uploaded through A is served by B (and through nginx), and the object is in the bucket', async () => {
  const token = await A.login('demo-citizen');
  const up = await A.upload(token, photo);
  assert.equal(up.status, 201, up.text);
  const key = up.json.url.replace('/media/', '');
  const fromB = await fetch(`${B.base}${up.json.url}`);
  assert.equal(fromB.status, 200);
  assert.equal(fromB.headers.get('content-type'), 'image/jpeg');
  assert.equal(fromB.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const etag = fromB.headers.get('etag');
  assert.ok(etag);
  assert.ok((await fromB.arrayBuffer()).byteLength > 100);
  assert.equal((await fetch(`${cluster.base}${up.json.url}`, { headers: { 'If-None-Match': etag } })).status, 304);
  // A photo larger than nginx's in-memory body buffer goes through its temp files.
  const big = await makeJpeg(800, 600);
  assert.ok(big.length > 64 * 1024, `test photo ${big.length} bytes`);
  const viaNginx = await lb.upload(token, big);
  assert.equal(viaNginx.status, 201, viaNginx.text);
  assert.equal((await fetch(`${A.base}${viaNginx.json.url}`)).status, 200);
  const files = fs.readdirSync(path.join(cluster.s3.dir, 'xc-media'), { recursive: true }).map(String);
  assert.ok(
    files.some((f) => f.startsWith(key)),
    `object ${key} not in the bucket`,
  );
  // Neither process keeps photos on its own disk.
  for (const i of [0, 1]) {
    const dir = path.join(path.dirname(cluster.s3.dir), `media-${i}`);
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.')) : [], []);
  }
});

/** Polls `check` every 20 ms until it returns something truthy; fails after `ms`. */
async function eventually(check, ms, what) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    assert.ok(Date.now() - start < ms, `${what} not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const bucketFiles = () => fs.readdirSync(path.join(cluster.s3.dir, 'xc-media'), { recursive: true }).map(String);

test('a photo uploaded through A gets its thumbnail made by a queued job, into the bucket, and B serves it', async () => {
  const token = await A.login('demo-citizen');
  const big = await makeJpeg(1600, 1200);
  const up = await A.upload(token, big);
  assert.equal(up.status, 201, up.text);
  const thumbKey = up.json.thumbUrl.replace('/media/', '');
  // Nobody has asked for the thumbnail: the object can only come from the job.
  await eventually(() => bucketFiles().some((f) => f.startsWith(thumbKey)), 10_000, 'the thumbnail object in the bucket');
  const admin = await B.login('demo-admin');
  const done = await eventually(
    async () =>
      (await B.call('GET', '/api/v1/admin/jobs?state=completed&limit=500', { token: admin })).json.items.find(
        (j) => j.name === 'media-copies' && j.payload.mediaId === up.json.id,
      ),
    10_000,
    'the completed media-copies job',
  );
  assert.equal(done.attemptsMade, 1);
  const thumb = await fetch(`${B.base}${up.json.thumbUrl}`);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  assert.equal(thumb.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const bytes = Buffer.from(await thumb.arrayBuffer());
  assert.ok(bytes.length > 100 && bytes.length < big.length, `thumbnail of ${bytes.length} bytes`);
});

test('a report made on A reaches the operator through a queued job, seen on B well under 1 s, once', async () => {
  // A staff reporter: the citizens' small report budget belongs to the rate-limit test.
  const citizen = await A.login('demo-inspector');
  const operator = await B.login('demo-operator');
  const up = await A.upload(citizen, photo);
  const created = await A.call('POST', '/api/v1/cases', {
    token: citizen,
    body: caseBody([up.json.id], '集群通知测试：经队列送达'),
    headers: { 'Idempotency-Key': 'cluster-notify-000001' },
  });
  assert.ok([200, 201].includes(created.status), created.text);
  const start = Date.now();
  const mine = async () =>
    (await B.call('GET', '/api/v1/messages?limit=50', { token: operator })).json.items.filter((m) => m.caseId === created.json.id);
  await eventually(async () => (await mine()).length > 0, 1000, 'the operator message on B');
  assert.ok(Date.now() - start < 1000);
  // The job writes the message, then marks its outbox row done: the row follows within moments.
  const outboxState = async () =>
    (await cluster.db.query('SELECT state FROM notify_outbox WHERE case_id = ?', [created.json.id]))[0]?.state;
  await eventually(async () => (await outboxState()) === 'done', 1000, 'the outbox row marked done');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    (await mine()).map((m) => m.kind),
    ['report-waiting'],
  );
});

test('a rate limit counts requests sent to A and B together', async () => {
  const token = await A.login('demo-citizen-2');
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await report(i % 2 ? B : A, token, `cluster-limit-${i}-000000`)).status);
  assert.deepEqual(statuses, [201, 201, 201, 201]);
  const overA = await report(A, token, 'cluster-limit-4-000000');
  const overB = await report(B, token, 'cluster-limit-5-000000');
  assert.equal(overA.status, 429, overA.text);
  assert.equal(overB.status, 429, overB.text);
  assert.equal(overB.json.code, 'RATE_LIMITED');
});

test('a scheduled job runs once, not once per instance', async () => {
  // Both tick every second; each job's period is ten minutes or more.
  await new Promise((r) => setTimeout(r, 3500));
  const runs = {};
  for (const p of cluster.apis)
    for (const line of p.output().split('\n')) {
      if (!line.includes('scheduled job done')) continue;
      const { job, time } = JSON.parse(line);
      (runs[job] ??= []).push(new Date(time).getTime());
    }
  // Every scheduled job of the platform: the clean-ups, notifications' timed events (deadline soon,
  // overdue, rating reminders) and sweep, and privacy's retention. Each ran, and never twice in one
  // period across both processes (the shortest period, the sweep's, is a minute; the others' ten or more).
  assert.deepEqual(Object.keys(runs).sort(), [
    'notify-sweep',
    'notify-timed-events',
    'privacy-retention',
    'public-photo-copies',
    'purge-idempotency-keys',
    'purge-refresh-tokens',
    'purge-unattached-media',
  ]);
  for (const [job, times] of Object.entries(runs)) {
    if (job !== 'notify-sweep') assert.equal(times.length, 1, `${job} ran ${times.length} times`);
    times.sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 55_000, `${job} ran twice within a minute`);
  }
});

// nginx's micro-cache of the public reads (issue 15, server/deploy/nginx.conf): the API's Cache-Control
// says how long it may keep each answer; nginx counts in whole seconds, so `s-maxage=1` keeps an answer
// 1–2 s, and `stale-while-revalidate=1` one more while it fetches the next.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cacheStatus = (r) => r.headers.get('x-cache-status');

test('nginx answers a public read from its cache the second time, revalidates with 304, and keeps a named revision a year', async () => {
  const months = await lb.call('GET', '/api/v1/rankings');
  assert.equal(months.status, 200);
  const M = months.json[0].month;
  const first = await lb.call('GET', `/api/v1/rankings/${M}`);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('cache-control'), 'public, max-age=0, s-maxage=1, stale-while-revalidate=1');
  const second = await lb.call('GET', `/api/v1/rankings/${M}`);
  assert.equal(cacheStatus(second), 'HIT');
  assert.equal(second.text, first.text);
  // Kept compressed: a reader that takes gzip gets it so, one that does not gets it unzipped.
  assert.equal(second.headers.get('content-encoding'), 'gzip');
  const plain = await new Promise((resolve, reject) =>
    http
      .get(`${cluster.base}/api/v1/rankings/${M}`, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve({ headers: r.headers, body }));
      })
      .on('error', reject),
  );
  assert.equal(plain.headers['x-cache-status'], 'HIT');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, first.text);
  // Each reader gets its own request id, not the one of the request that filled the cache.
  assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
  // A browser revalidating with the ETag gets a 304, from the cache.
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await lb.call('GET', `/api/v1/rankings/${M}`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  // 首页's figures and the public list too.
  for (const url of [`/api/v1/stats/monthly?month=${M}`, '/api/v1/cases?scope=public&limit=7']) {
    assert.equal((await lb.call('GET', url)).status, 200, url);
    assert.equal(cacheStatus(await lb.call('GET', url)), 'HIT', url);
  }
  // A bulletin naming its revision never changes: kept a year, a HIT well after a second.
  const pinned = `/api/v1/rankings/${M}/bulletin?revision=1`;
  assert.equal((await lb.call('GET', pinned)).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  await sleep(3100);
  assert.equal(cacheStatus(await lb.call('GET', pinned)), 'HIT');
  assert.notEqual(cacheStatus(await lb.call('GET', `/api/v1/rankings/${M}`)), 'HIT');
});

test('nginx never answers a signed-in request from its cache, nor keeps what it answers', async () => {
  const [one, two] = [await lb.login('demo-citizen'), await lb.login('demo-citizen-2')];
  const mine = '/api/v1/cases?scope=mine&limit=50';
  const ids = async (token) => {
    const r = await lb.call('GET', mine, { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(cacheStatus(r), 'BYPASS');
    return r.json.items.map((i) => i.id);
  };
  const [ofOne, ofTwo] = [await ids(one), await ids(two)];
  assert.ok(ofOne.length > 0 && ofTwo.length > 0, 'both citizens have reported (the tests above)');
  assert.equal(ofOne.filter((id) => ofTwo.includes(id)).length, 0, 'one citizen was answered with the other’s cases');
  assert.deepEqual(await ids(one), ofOne);
  // What a signed-in caller was answered is not kept for the next reader: anonymously it is a 401.
  const anonymous = await lb.call('GET', mine);
  assert.equal(anonymous.status, 401);
  // The public list: anonymous readers share one answer, a signed-in reader is always asked afresh.
  const list = '/api/v1/cases?scope=public&limit=9';
  await lb.call('GET', list);
  assert.equal(cacheStatus(await lb.call('GET', list)), 'HIT');
  assert.equal(cacheStatus(await lb.call('GET', list, { token: one })), 'BYPASS');
  assert.equal(cacheStatus(await lb.call('GET', list, { headers: { Cookie: 'session=abc' } })), 'BYPASS');
});

test('nginx keeps no error', async () => {
  for (const url of ['/api/v1/rankings/2099-01', '/api/v1/rankings/not-a-month', '/api/v1/stats/monthly?month=13']) {
    const first = await lb.call('GET', url);
    assert.ok(first.status >= 400 && first.status < 500, `${url}: ${first.status}`);
    const second = await lb.call('GET', url);
    assert.equal(second.status, first.status);
    assert.equal(cacheStatus(second), 'MISS', `${url} was answered from the cache`);
  }
});

test('a correction published shows through nginx within 3 s, and at once to the first reader after a quiet spell', async () => {
  const evaluator = await lb.login('demo-evaluator');
  const M = (await lb.call('GET', '/api/v1/rankings')).json[0].month;
  const ranking = async () => {
    const r = await lb.call('GET', `/api/v1/rankings/${M}`);
    assert.equal(r.status, 200, r.text);
    return r;
  };
  const correct = async (score) => {
    const before = (await A.call('GET', `/api/v1/rankings/${M}`)).json; // not through nginx: its cache stays as readers left it
    const unit = before.groups[0].units[0].id;
    const scores = before.groups.flatMap((g) => g.units.map((u) => ({ unit: u.id, score: u.id === unit ? score : u.score })));
    const put = await lb.call('PUT', `/api/v1/evaluations/${M}/scores`, { token: evaluator, body: scores });
    assert.equal(put.status, 200, put.text);
    const published = await lb.call('POST', `/api/v1/evaluations/${M}/publish`, {
      token: evaluator,
      body: { reason: '集群测试：更正分数' },
    });
    assert.equal(published.status, 200, published.text);
    return published.json.revision;
  };
  // Readers keep asking (the ranking is in the cache), a correction is published.
  await ranking();
  assert.equal(cacheStatus(await ranking()), 'HIT');
  const revision = await correct(61);
  const t0 = Date.now();
  while ((await ranking()).json.revision !== revision) {
    assert.ok(Date.now() - t0 < 3000, `nginx still serves the earlier revision ${Date.now() - t0} ms after the correction`);
    await sleep(100);
  }
  // A quiet spell longer than nginx may keep the answer, then another correction: the first reader
  // gets it (not the kept answer while nginx fetches the next), and the month list says so too.
  await sleep(3500);
  const next = await correct(62);
  for (const api of [A, B]) {
    const t1 = Date.now();
    while ((await api.call('GET', `/api/v1/rankings/${M}`)).json.revision !== next) {
      assert.ok(Date.now() - t1 < 1000, `${api.base} has not heard of the correction`);
      await sleep(20);
    }
  }
  const first = await ranking();
  assert.equal(first.json.revision, next, `the first reader got revision ${first.json.revision} (${cacheStatus(first)})`);
  assert.notEqual(cacheStatus(first), 'STALE');
  const months = await lb.call('GET', '/api/v1/rankings');
  assert.equal(months.json.find((m) => m.month === M).revision, next);
});

test('a new case shows in the public list through nginx within 7 s', async () => {
  const token = await lb.login('demo-citizen');
  const list = '/api/v1/cases?scope=public&limit=20';
  const ids = async () => {
    const r = await lb.call('GET', list);
    assert.equal(r.status, 200, r.text);
    return r.json.items.map((i) => i.id);
  };
  await ids();
  const created = await report(lb, token, 'cluster-public-list-0001', '集群测试：公开列表经 nginx 及时更新');
  assert.equal(created.status, 201, created.text);
  // At worst: the API's own 3 s, then nginx's 1–2 s and its 1 s while it fetches the next.
  const t0 = Date.now();
  while (!(await ids()).includes(created.json.id)) {
    assert.ok(Date.now() - t0 < 7000, `the new case is not in the public list ${Date.now() - t0} ms after it was made`);
    await sleep(200);
  }
});

test('one instance killed with SIGKILL under 16 retrying clients: nothing acknowledged is lost, nothing duplicated', async (t) => {
  const token = await lb.login('demo-inspector');
  const PER_CLIENT = 4;
  const acked = new Map();
  let attempts = 0;
  let refused = 0;
  const retrying = async (fn) => {
    for (let i = 0; i < 200; i++) {
      attempts++;
      try {
        const r = await fn();
        if (r.status < 500 && r.status !== 409) return r;
        refused++;
      } catch {
        refused++;
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('gave up after 200 tries');
  };
  const clientLoop = async (c) => {
    for (let i = 0; i < PER_CLIENT; i++) {
      const key = `cluster-kill-${c}-${i}-0000000`;
      const up = await retrying(() => lb.upload(token, photo));
      assert.equal(up.status, 201, up.text);
      const r = await retrying(() =>
        lb.call('POST', '/api/v1/cases', {
          token,
          body: caseBody([up.json.id], `集群宕机测试 ${key}`),
          headers: { 'Idempotency-Key': key },
        }),
      );
      assert.ok([200, 201].includes(r.status), r.text);
      acked.set(key, r.json.id);
    }
  };
  const victim = cluster.apis[1];
  const killer = (async () => {
    while (acked.size < 10) await new Promise((r) => setTimeout(r, 10));
    victim.child.kill('SIGKILL');
  })();
  await Promise.all([killer, ...Array.from({ length: 16 }, (_, c) => clientLoop(c))]);
  const exit = await victim.exited;
  assert.equal(exit.signal, 'SIGKILL');

  assert.equal(acked.size, 16 * PER_CLIENT);
  const rows = await cluster.db.query("SELECT id, description FROM cases WHERE description LIKE '集群宕机测试 %'");
  assert.equal(rows.length, 16 * PER_CLIENT, `cases in the database: ${rows.length} (no duplicates, none lost)`);
  const ids = new Set(rows.map((r) => r.id));
  for (const [key, id] of acked) assert.ok(ids.has(id), `acknowledged case ${id} (${key}) is in the database`);
  t.diagnostic(`${attempts} requests, ${refused} failed and were retried (the killed instance's)`);

  // The survivor serves everything.
  for (let i = 0; i < 6; i++) {
    const r = await lb.call('GET', '/api/health');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-upstream').split(', ').pop(), `127.0.0.1:${cluster.apis[0].port}`);
  }
  const list = await lb.call('GET', '/api/v1/cases?scope=mine', { token });
  assert.equal(list.status, 200, list.text);
});

test('migrations run once: with MIGRATIONS_RUN=0 a process is not ready until `migrate` has run, then serves', async () => {
  const url = await cluster.createDatabase('rolling');
  const p = await cluster.startExtra({ DATABASE_URL: url, MIGRATIONS_RUN: '0', JOBS: '0' }, { wait: false });
  const waiting = await eventually(
    async () => {
      try {
        const r = await fetch(`${p.base}/api/health/ready`);
        return r.status === 503 ? await r.json() : null;
      } catch {
        return null;
      }
    },
    30_000,
    'the readiness answer while migrations are pending',
  );
  assert.deepEqual(waiting, { ready: false, reason: 'migrating' });
  const [{ n }] = await cluster.db.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [
    new URL(url).pathname.slice(1),
  ]);
  assert.equal(Number(n), 0, 'the waiting process changed nothing');
  // The one-shot step of a rolling deployment.
  const out = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['server/dist/migrate.js'],
      { cwd: root, env: cluster.envFor({ DATABASE_URL: url }) },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}${stderr}`)) : resolve(stdout)),
    ),
  );
  assert.match(out, /migrations applied/);
  await eventually(
    async () => {
      try {
        return (await fetch(`${p.base}/api/health/ready`)).status === 200;
      } catch {
        return false;
      }
    },
    60_000,
    'ready after migrate',
  );
  const [{ m }] = await cluster.db.query(`SELECT COUNT(*) AS m FROM \`${new URL(url).pathname.slice(1)}\`.migrations`);
  assert.ok(Number(m) > 5);
  p.child.kill('SIGTERM');
  await p.exited;
});

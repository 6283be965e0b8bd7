#!/usr/bin/env node
// Benchmark: what residents read without logging in — the published ranking, its bulletin and unit
// pages, the public list of cases and 首页's figures — at 200 concurrent readers over HTTP, next to
// a floor from the same run: the same server answering a small static file of the H5 build (the app's
// stylesheet, 0.7 KB compressed, about the size of an answer) at the same concurrency (HTTP,
// middleware and logging, no application work). Twice: straight to the Node
// process, and through nginx as deployed (server/deploy/nginx.conf.template, its micro-cache in front
// of the same process; its floor the same file served by that nginx). Then it checks that what was
// served is right: a new case shows in the public list within seconds, and a corrected ranking is
// served as soon as it is published (through nginx: within seconds). Not part of `npm test`. See
// test/bench/README.md.
//
//   node test/bench/public-reads.bench.mjs
//
// Env: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (200),
//      BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306) — a fresh database is created there and dropped.
// Build first: npm run build (shared, server, client: the floor is a file of the H5 build). Needs nginx
// (Debian: apt-get install -y nginx), started as a child with its files in a temp dir.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { startNginx } from '../cluster/cluster.mjs';
import { NO_RATE_LIMITS, cpuSecondsOf, freePort, jsonFetch, machineBusySeconds, makeJpeg, mariadbPid, waitHealthy } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverMain = path.join(root, 'server', 'dist', 'main.js');
const clientDir = path.join(root, 'client', 'dist', 'h5');
const resultFile = path.join(root, 'test', 'artifacts', 'bench-public-reads.json');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const MYSQL_URL = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const AIM_P99_MS = 50;

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const round = (n, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dbName = `xc_bench_reads_${process.pid}_${Date.now().toString(36)}`;
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-reads-'));
const dbConfig = {
  host: MYSQL_URL.hostname,
  port: Number(MYSQL_URL.port || 3306),
  user: decodeURIComponent(MYSQL_URL.username || 'root'),
  password: decodeURIComponent(MYSQL_URL.password || ''),
};
const state = { server: null, exited: null, nginx: null, dbCreated: false, cannon: null, cleaned: false };

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  try {
    state.cannon?.stop();
  } catch {}
  await state.nginx?.stop().catch((e) => console.error(e));
  const child = state.server;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await state.exited;
    clearTimeout(killer);
  }
  if (state.dbCreated) {
    const admin = await mysql.createConnection(dbConfig);
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await admin.end();
    log(`dropped database ${dbName}`);
  }
  fs.rmSync(mediaDir, { recursive: true, force: true });
}
let failing = false;
async function fail(e, code = 1) {
  if (failing) return;
  failing = true;
  console.error(`\nBENCHMARK FAILED: ${e instanceof Error ? e.stack : e}`);
  await cleanup().catch((x) => console.error(x));
  process.exit(code);
}
const watchdog = setTimeout(() => fail(new Error('watchdog: the run took over 15 minutes')), 15 * 60_000);
watchdog.unref();
process.on('SIGINT', () => fail(new Error('interrupted'), 130));
process.on('unhandledRejection', (e) => fail(e));

function startServer(port) {
  const env = {
    ...process.env,
    ...NO_RATE_LIMITS,
    PORT: String(port),
    DATABASE_URL: `mysql://${encodeURIComponent(dbConfig.user)}${dbConfig.password ? `:${encodeURIComponent(dbConfig.password)}` : ''}@${dbConfig.host}:${dbConfig.port}/${dbName}`,
    LOG_LEVEL: 'warn',
    MEDIA_DIR: mediaDir,
    CLIENT_DIR: clientDir,
    DEMO: '1', // demo cases, and the months computed from them and published
    JWT_SECRET: process.env.JWT_SECRET || randomUUID(),
  };
  const child = spawn(process.execPath, [serverMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-20_000)));
  state.server = child;
  state.exited = new Promise((r) => child.on('exit', r));
  return { child, output: () => out };
}

/** CPU seconds of nginx: its master and its workers (the master's children). */
function nginxCpuSeconds(master) {
  let total = cpuSecondsOf(master) ?? 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)))
    try {
      if (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(master)) total += cpuSecondsOf(pid) ?? 0;
    } catch {}
  return total;
}

/** autocannon over a list of paths, each connection cycling through them; answers counted by status and X-Cache-Status. */
function cannon(base, paths, seconds) {
  const statuses = {};
  const cache = {};
  return new Promise((resolve, reject) => {
    state.cannon = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 30,
        headers: { 'accept-encoding': 'br, gzip' },
        requests: paths.map((p) => ({
          method: 'GET',
          path: p,
          onResponse(status, _body, _context, headers) {
            statuses[status] = (statuses[status] ?? 0) + 1;
            const c = headers?.['x-cache-status'] ?? headers?.['X-Cache-Status'] ?? '-';
            cache[c] = (cache[c] ?? 0) + 1;
          },
        })),
      },
      (err, result) => (err ? reject(err) : resolve({ result, statuses, cache })),
    );
  });
}

async function measured(name, base, paths) {
  await cannon(base, paths, WARMUP);
  const dbPid = mariadbPid();
  const nginxPid = state.nginx?.child.pid;
  const c0 = {
    s: cpuSecondsOf(state.server.pid),
    d: dbPid ? cpuSecondsOf(dbPid) : null,
    n: nginxPid ? nginxCpuSeconds(nginxPid) : 0,
    b: process.cpuUsage(),
    m: machineBusySeconds(),
    t: performance.now(),
  };
  const { result, statuses, cache } = await cannon(base, paths, SECONDS);
  const wall = (performance.now() - c0.t) / 1000;
  const bench = process.cpuUsage(c0.b);
  const cores = {
    server: round((cpuSecondsOf(state.server.pid) - c0.s) / wall, 2),
    mariadb: dbPid ? round((cpuSecondsOf(dbPid) - c0.d) / wall, 2) : null,
    nginx: nginxPid ? round((nginxCpuSeconds(nginxPid) - c0.n) / wall, 2) : null,
    autocannon: round((bench.user + bench.system) / 1e6 / wall, 2),
    machine: round((machineBusySeconds() - c0.m) / wall, 2),
  };
  // A wrong answer fails the run; requests that outlived the 30 s timeout are counted and reported
  // (on a machine busy with other work they happen, and they are part of the figure).
  const bad = Object.entries(statuses).filter(([s]) => !/^2|^304$/.test(s));
  if (bad.length || result.errors > result.timeouts)
    throw new Error(`${name}: answers ${JSON.stringify(statuses)}, errors ${result.errors}, timeouts ${result.timeouts}`);
  const out = {
    requests: result.requests.total,
    perSecond: round(result.requests.average, 0),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    timeouts: result.timeouts,
    bytesPerAnswer: round(result.throughput.total / result.requests.total, 0),
    cacheStatus: cache,
    cores,
    loadavg: loadavg(),
  };
  log(
    `${name}: ${out.perSecond} req/s, p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms, max ${out.latencyMs.max} ms, ${out.timeouts} timeouts, ${out.bytesPerAnswer} B per answer; cores: server ${cores.server}, MariaDB ${cores.mariadb}, nginx ${cores.nginx}, autocannon ${cores.autocannon}, machine ${cores.machine}; X-Cache-Status ${JSON.stringify(cache)}; load ${out.loadavg.join(' ')}`,
  );
  return out;
}

async function main() {
  if (!fs.existsSync(serverMain) || !fs.existsSync(path.join(clientDir, 'index.html'))) throw new Error('build first: npm run build');
  const loadStart = loadavg();
  const admin = await mysql.createConnection(dbConfig);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  state.dbCreated = true;
  await admin.end();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  const t0 = performance.now();
  await waitHealthy(base, server, 300_000);
  log(`server up on ${base} with the demo data in ${round((performance.now() - t0) / 1000)} s`);
  state.nginx = await startNginx([port], path.join(mediaDir, 'nginx'));
  const lb = state.nginx.base;
  log(`nginx (server/deploy/nginx.conf.template) on ${lb} in front of it`);

  // What a resident reads: the latest published month, its ranking (latest and by revision), its
  // bulletin, a few unit pages and trends, the public list and 首页's figures.
  const months = await jsonFetch(`${base}/api/v1/rankings`, {}, 200);
  const { month, revision } = months[0];
  const ranking = await jsonFetch(`${base}/api/v1/rankings/${month}`, {}, 200);
  const units = ranking.groups.flatMap((g) => g.units.map((u) => u.id));
  const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const reads = [
    '/api/v1/rankings',
    `/api/v1/rankings/${month}`,
    `/api/v1/rankings/${month}?revision=${revision}`,
    `/api/v1/rankings/${month}/bulletin`,
    ...units.slice(0, 4).map((u) => `/api/v1/rankings/${month}/units/${u}`),
    ...units.slice(0, 2).map((u) => `/api/v1/units/${u}/trend`),
    '/api/v1/cases?scope=public&limit=20',
    `/api/v1/stats/monthly?month=${thisMonth}`,
  ];
  const indexHtml = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
  // The app's stylesheet: about as small, compressed, as the answers of the mix (1–2 KB).
  const asset = /href="(\/css\/app\.[^"]+\.css)"/.exec(indexHtml)?.[1];
  if (!asset) throw new Error('no stylesheet in the H5 build’s index.html');
  log(`month ${month} (revision ${revision}), ${units.length} units ranked; ${reads.length} paths; floor ${asset}`);

  const floor = await measured('floor (a static file)', base, [asset]);
  const mix = await measured('public reads (the mix)', base, reads);
  const viaNginx = {
    floor: await measured('nginx: floor (the same file from nginx)', lb, [asset]),
    mix: await measured('nginx: public reads (the mix)', lb, reads),
  };
  const hits = viaNginx.mix.cacheStatus;
  const answered = Object.values(hits).reduce((a, b) => a + b, 0);
  viaNginx.hitRatio = round(((hits.HIT ?? 0) + (hits.STALE ?? 0) + (hits.UPDATING ?? 0)) / answered, 4);
  viaNginx.ratioP99 = round(viaNginx.mix.latencyMs.p99 / viaNginx.floor.latencyMs.p99, 2);
  viaNginx.ratioThroughput = round(viaNginx.mix.perSecond / viaNginx.floor.perSecond, 2);
  const perPath = {};
  for (const p of reads) {
    const r = await cannon(base, [p], 3);
    perPath[p] = { perSecond: round(r.result.requests.average, 0), p99: r.result.latency.p99 };
  }

  // Verification 1: a new case shows in the public list within seconds.
  const citizen = (
    await jsonFetch(
      `${base}/api/v1/auth/demo`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-citizen' }) },
      200,
    )
  ).accessToken;
  const form = new FormData();
  form.append('file', new Blob([await makeJpeg(root)], { type: 'image/jpeg' }), 'bench.jpg');
  const photo = await jsonFetch(
    `${base}/api/v1/media`,
    { method: 'POST', headers: { authorization: `Bearer ${citizen}` }, body: form },
    201,
  );
  const listPath = '/api/v1/cases?scope=public&limit=20';
  await jsonFetch(`${base}${listPath}`, {}, 200); // cached now
  await jsonFetch(`${lb}${listPath}`, {}, 200); // and in nginx
  const created = await jsonFetch(
    `${base}/api/v1/cases`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}`, 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        categoryCode: '200102',
        description: '基准测试：公开列表是否及时',
        location: { lat: 34.0235, lng: 113.823 },
        mediaIds: [photo.id],
      }),
    },
    201,
  );
  /** How long until `seen(answer)` holds, polling every 100 ms; null after 30 s. */
  const within = async (url, seen) => {
    const c0 = performance.now();
    while (performance.now() - c0 < 30_000) {
      if (seen(await jsonFetch(url, {}, 200))) return round(performance.now() - c0, 0);
      await sleep(100);
    }
    return null;
  };
  const listed = (page) => page.items.some((i) => i.id === created.id);
  const [listDelayMs, listDelayViaNginxMs] = await Promise.all([within(`${base}${listPath}`, listed), within(`${lb}${listPath}`, listed)]);
  if (listDelayMs === null || listDelayViaNginxMs === null) throw new Error('the new case did not show in the public list within 30 s');

  // Verification 2: a correction published is what the ranking serves at once; the earlier
  // revision stays readable, unchanged.
  const evaluator = (
    await jsonFetch(
      `${base}/api/v1/auth/demo`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-evaluator' }) },
      200,
    )
  ).accessToken;
  const before = await jsonFetch(`${base}/api/v1/rankings/${month}`, {}, 200);
  await jsonFetch(`${lb}/api/v1/rankings/${month}`, {}, 200); // in nginx's cache
  const auth = { authorization: `Bearer ${evaluator}`, 'content-type': 'application/json' };
  await jsonFetch(
    `${base}/api/v1/evaluations/${month}/deductions`,
    {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ unitId: units[0], item: '明察暗访', points: -1, reason: '基准测试：更正后的排名须立即可见' }),
    },
    201,
  );
  await jsonFetch(`${base}/api/v1/evaluations/${month}/compute`, { method: 'POST', headers: auth }, 200);
  const published = await jsonFetch(
    `${base}/api/v1/evaluations/${month}/publish`,
    { method: 'POST', headers: auth, body: JSON.stringify({ reason: '基准测试更正' }) },
    200,
  );
  const correctionViaNginxMs = await within(`${lb}/api/v1/rankings/${month}`, (r) => r.revision === published.revision);
  if (correctionViaNginxMs === null) throw new Error('nginx did not serve the correction within 30 s');
  const after = await jsonFetch(`${base}/api/v1/rankings/${month}`, {}, 200);
  if (after.revision !== published.revision || after.revision === before.revision)
    throw new Error(`after publishing revision ${published.revision} the ranking still says revision ${after.revision}`);
  const old = await jsonFetch(`${base}/api/v1/rankings/${month}?revision=${before.revision}`, {}, 200);
  if (JSON.stringify(old.groups) !== JSON.stringify(before.groups)) throw new Error('the earlier revision changed');
  const months2 = await jsonFetch(`${base}/api/v1/rankings`, {}, 200);
  if (months2[0].revision !== published.revision)
    throw new Error(`the month list says revision ${months2[0].revision} after publishing ${published.revision}`);

  // Validators: a revalidation of an unchanged ranking is a 304.
  const first = await fetch(`${base}/api/v1/rankings/${month}?revision=${before.revision}`);
  const etag = first.headers.get('etag');
  // (node:http, as a browser revalidates: fetch() adds `Cache-Control: no-cache` to a conditional request.)
  const again = await new Promise((resolve, reject) =>
    http
      .get(`${base}/api/v1/rankings/${month}?revision=${before.revision}`, { headers: { 'if-none-match': etag ?? '' } }, (r) => {
        r.resume();
        resolve({ status: r.statusCode });
      })
      .on('error', reject),
  );
  if (again.status !== 304) throw new Error(`revalidating an unchanged ranking answered ${again.status}, not 304`);
  const headers = {
    byRevision: first.headers.get('cache-control'),
    latest: (await fetch(`${base}/api/v1/rankings/${month}`)).headers.get('cache-control'),
    list: (await fetch(`${base}${listPath}`)).headers.get('cache-control'),
    figures: (await fetch(`${base}/api/v1/stats/monthly?month=${thisMonth}`)).headers.get('cache-control'),
    etag,
    revalidation: again.status,
  };

  const res = {
    benchmark: 'public-reads',
    at: new Date().toISOString(),
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP, paths: reads, floorPath: asset },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      loadavgAtStart: loadStart,
      loadavgAtEnd: loadavg(),
    },
    mix,
    floor,
    ratioP99: round(mix.latencyMs.p99 / floor.latencyMs.p99, 2),
    ratioThroughput: round(mix.perSecond / floor.perSecond, 2),
    viaNginx,
    perPath,
    check: {
      newCaseInPublicListAfterMs: listDelayMs,
      newCaseInPublicListViaNginxAfterMs: listDelayViaNginxMs,
      correctionServedAtOnce: true,
      correctionViaNginxAfterMs: correctionViaNginxMs,
      headers,
    },
    aim: {
      p99Ms: AIM_P99_MS,
      direct: mix.latencyMs.p99,
      viaNginx: viaNginx.mix.latencyMs.p99,
      met: viaNginx.mix.latencyMs.p99 <= AIM_P99_MS,
    },
  };
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(res, null, 2) + '\n');
  console.log(
    `\nPublic reads, ${CONNECTIONS} connections, ${SECONDS} s; ${res.machine.cpus} CPUs; load ${loadStart.join(' ')} → ${res.machine.loadavgAtEnd.join(' ')}`,
  );
  console.log(
    `  the mix:  ${mix.perSecond} req/s, p50 ${mix.latencyMs.p50} ms, p90 ${mix.latencyMs.p90} ms, p99 ${mix.latencyMs.p99} ms, ${mix.timeouts} timeouts`,
  );
  console.log(
    `  floor:    ${floor.perSecond} req/s, p50 ${floor.latencyMs.p50} ms, p99 ${floor.latencyMs.p99} ms (a static file of the H5 build)`,
  );
  console.log(`  ratio:    p99 ${res.ratioP99}× the floor's, throughput ${res.ratioThroughput}× the floor's`);
  const n = viaNginx;
  console.log(`  through nginx (its micro-cache; X-Cache-Status ${JSON.stringify(n.mix.cacheStatus)}, hit ratio ${n.hitRatio}):`);
  console.log(
    `    the mix:  ${n.mix.perSecond} req/s, p50 ${n.mix.latencyMs.p50} ms, p90 ${n.mix.latencyMs.p90} ms, p99 ${n.mix.latencyMs.p99} ms, ${n.mix.timeouts} timeouts`,
  );
  console.log(
    `    floor:    ${n.floor.perSecond} req/s, p50 ${n.floor.latencyMs.p50} ms, p90 ${n.floor.latencyMs.p90} ms, p99 ${n.floor.latencyMs.p99} ms (the same file from nginx)`,
  );
  console.log(`    ratio:    p99 ${n.ratioP99}× the floor's, throughput ${n.ratioThroughput}× the floor's`);
  console.log(`    cores:    mix ${JSON.stringify(n.mix.cores)}; floor ${JSON.stringify(n.floor.cores)}`);
  for (const [p, v] of Object.entries(perPath))
    console.log(`    ${p.padEnd(64)} ${String(v.perSecond).padStart(6)} req/s, p99 ${v.p99} ms`);
  console.log(
    `  a new case in the public list after ${listDelayMs} ms (through nginx ${listDelayViaNginxMs} ms); a correction served at once (through nginx after ${correctionViaNginxMs} ms); revalidation → ${headers.revalidation}`,
  );
  console.log(
    `  Cache-Control: by revision "${headers.byRevision}", latest "${headers.latest}", list "${headers.list}", figures "${headers.figures}"`,
  );
  console.log(
    `Aim p99 ≤ ${AIM_P99_MS} ms, as deployed (through nginx): ${n.mix.latencyMs.p99} ms — ${res.aim.met ? 'met' : 'NOT MET'} (straight to Node ${mix.latencyMs.p99} ms)\n`,
  );
  log(`results in ${path.relative(root, resultFile)}`);
}

main().then(
  async () => {
    await cleanup();
    process.exit(0);
  },
  (e) => fail(e),
);

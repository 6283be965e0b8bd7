#!/usr/bin/env node
// Benchmark: patrol point ingestion over HTTP (POST /api/v1/patrols/:id/points, batches of 100,
// one patrol per connection, realistic simulated tracks), next to a raw batched mysql2 insert of
// the same rows (100-row multi-VALUES INSERT IGNORE, same concurrency) on the same database in the
// same run; prints both rates and their ratio. Not part of `npm test`. See test/bench/README.md.
//
//   node test/bench/patrol-points.bench.mjs
//
// Env: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (16), BENCH_BATCH (100),
//      BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306) — a fresh database is created there and dropped,
//      BENCH_CPU_PROF (unset) — a directory to write a V8 CPU profile of the server process into,
//      BENCH_FLOOR (1) — 0 skips the framework floor phase (the same POSTs refused by validation).
// Build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { NO_RATE_LIMITS, freePort, jsonFetch, summarizeCpuProfile, waitHealthy } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'server', 'dist');
const serverMain = path.join(dist, 'main.js');
const resultFile = path.join(root, 'test', 'artifacts', 'bench-patrol-points.json');

const SECONDS = posNumber('BENCH_SECONDS', 10);
const WARMUP = posNumber('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = Math.round(posNumber('BENCH_CONNECTIONS', 16));
const BATCH = Math.round(posNumber('BENCH_BATCH', 100));
const MYSQL_URL = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const FLOOR = process.env.BENCH_FLOOR !== '0'; // the framework floor phase (issue 15)
const AIM_RATIO = 0.5; // issue 15: HTTP at least half the raw batched-insert rate
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
/** Points generated per patrol: enough for 60 000 points/s over warm-up and measurement. */
const POINTS_PER_PATROL = Math.ceil((60_000 * (SECONDS + WARMUP)) / CONNECTIONS / BATCH) * BATCH;

function posNumber(name, dflt) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const round = (n, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);

// ---------------------------------------------------------------------------------------------
// Everything started here is registered for cleanup: on success, failure, signal and watchdog.
const dbName = `xc_bench_patrol_${process.pid}_${Date.now().toString(36)}`;
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-patrol-'));
const dbConfig = {
  host: MYSQL_URL.hostname,
  port: Number(MYSQL_URL.port || 3306),
  user: decodeURIComponent(MYSQL_URL.username || 'root'),
  password: decodeURIComponent(MYSQL_URL.password || ''),
};
const state = { server: null, serverExited: null, pool: null, dbCreated: false, cannon: null, cleaned: false };
let failing = false;

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  try {
    state.cannon?.stop();
  } catch {}
  const child = state.server;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await state.serverExited;
    clearTimeout(killer);
  }
  await state.pool?.end().catch(() => undefined);
  if (state.dbCreated) {
    try {
      const admin = await mysql.createConnection(dbConfig);
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await admin.end();
      log(`dropped database ${dbName}`);
    } catch (e) {
      console.error(`could not drop database ${dbName}: ${e.message} — drop it by hand`);
    }
  }
  fs.rmSync(mediaDir, { recursive: true, force: true });
}
async function fail(e, code = 1) {
  if (failing) return;
  failing = true;
  console.error(`\nBENCHMARK FAILED: ${e instanceof Error ? e.stack : e}`);
  await cleanup();
  process.exit(code);
}
const budgetMs = (3 * (SECONDS + WARMUP) + 180) * 1000;
const watchdog = setTimeout(() => fail(new Error(`watchdog: the run exceeded ${Math.round(budgetMs / 1000)} s`)), budgetMs);
watchdog.unref();
process.on('SIGINT', () => fail(new Error('interrupted (SIGINT)'), 130));
process.on('SIGTERM', () => fail(new Error('terminated (SIGTERM)'), 143));
process.on('unhandledRejection', (e) => fail(e));

function startServer(port) {
  const auth = dbConfig.password
    ? `${encodeURIComponent(dbConfig.user)}:${encodeURIComponent(dbConfig.password)}`
    : encodeURIComponent(dbConfig.user);
  const env = {
    ...process.env,
    ...NO_RATE_LIMITS,
    PORT: String(port),
    DATABASE_URL: `mysql://${auth}@${dbConfig.host}:${dbConfig.port}/${dbName}`,
    LOG_LEVEL: 'error', // the floor's 400s would be logged at warn; accepted batches log at info, written at neither
    MEDIA_DIR: mediaDir,
    DEMO: '1',
    DEMO_CASES: '0',
    JWT_SECRET: process.env.JWT_SECRET || randomUUID(),
  };
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the server (for finding where its time goes).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const child = spawn(process.execPath, [...prof, serverMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d) => {
    out = (out + d).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  state.server = child;
  state.serverExited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out };
}

// ---------------------------------------------------------------------------------------------
// Tracks: one simulated walk per patrol, one fix a second, through the demo inspector's grid.

/** A patrol's batches as wire JSON, and as raw insert rows for the same points. */
function buildTracks(simulatePatrol, polygon, startedAt) {
  const minutes = POINTS_PER_PATROL / 60 + 1;
  const tracks = [];
  for (let c = 0; c < CONNECTIONS; c++) {
    const pts = simulatePatrol({
      polygon,
      start: new Date(startedAt + 60_000),
      minutes,
      seed: 1000 + c,
      intervalS: [1, 1],
      startAt: c / CONNECTIONS,
    }).slice(0, POINTS_PER_PATROL);
    tracks.push(pts);
  }
  return tracks;
}
const wireBatch = (pts, k) =>
  JSON.stringify(
    pts.slice(k * BATCH, (k + 1) * BATCH).map((p) => ({ t: new Date(p.t).toISOString(), lat: p.lat, lng: p.lng, accuracy: p.accuracy })),
  );
const sqlDate = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

// HTTP phase: each autocannon connection takes its own patrol and sends its batches in order.
// `query`: appended to the path (the floor's refused `?coord=…`); then batches wrap around (nothing is stored).
function runCannon(base, token, patrols, tracks, cursors, seconds, query = '') {
  let nextConn = 0;
  const statusCounts = {};
  let okPoints = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest(req, context) {
              context.conn ??= nextConn++ % CONNECTIONS;
              const c = context.conn;
              let k = cursors[c]++;
              if (query) k %= Math.floor(tracks[c].length / BATCH);
              else if ((k + 1) * BATCH > tracks[c].length) throw new Error(`patrol ${c} ran out of points (raise POINTS_PER_PATROL)`);
              context.n = Math.min(BATCH, tracks[c].length - k * BATCH);
              return { ...req, path: `/api/v1/patrols/${patrols[c]}/points${query}`, body: wireBatch(tracks[c], k) };
            },
            onResponse(status, _body, context) {
              statusCounts[status] = (statusCounts[status] ?? 0) + 1;
              if (status === 200) okPoints += context.n;
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ result, statusCounts, okPoints })),
    );
    state.cannon = instance;
  });
}

// Raw phase: the same rows, 100-row multi-VALUES INSERT IGNORE, CONNECTIONS statements in flight.
async function rawLoop(pool, patrols, tracks, cursors, seconds) {
  const recv = sqlDate(Date.now());
  let points = 0;
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    patrols.map(async (first, c) => {
      let id = first;
      while (performance.now() < until) {
        let k = cursors[c]++;
        if (k * BATCH >= tracks[c].length) {
          // out of points: the same rows again under another patrol id
          id = randomUUID();
          cursors[c] = 1;
          k = 0;
        }
        const rows = tracks[c].slice(k * BATCH, (k + 1) * BATCH);
        const params = [];
        for (const p of rows) params.push(id, sqlDate(p.t), p.lat, p.lng, p.accuracy, 0, recv);
        const t0 = performance.now();
        const [res] = await pool.query(
          `INSERT IGNORE INTO patrol_points (patrol_id, t, lat, lng, accuracy, flags, received_at) VALUES ${rows.map(() => '(?,?,?,?,?,?,?)').join(',')}`,
          params,
        );
        latencies.push(performance.now() - t0);
        points += res.affectedRows;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { points, latencies };
}
// CPU seconds per phase from /proc (null where unavailable): the server, MariaDB, this process, the machine.
const CLK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
function procCpu(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK;
  } catch {
    return null;
  }
}
function machineCpu() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLK;
  } catch {
    return null;
  }
}
let dbPid = null;
try {
  dbPid = Number(execFileSync('pidof', ['-s', 'mariadbd'], { encoding: 'utf8' }).trim()) || null;
} catch {}
function cpuNow() {
  const me = process.cpuUsage();
  return {
    server: state.server ? procCpu(state.server.pid) : null,
    db: dbPid ? procCpu(dbPid) : null,
    bench: (me.user + me.system) / 1e6,
    machine: machineCpu(),
    at: performance.now(),
  };
}
/** Cores busy on average over a phase, per process. */
function cores(a, b) {
  const wall = (b.at - a.at) / 1000;
  const d = (k) => (a[k] === null || b[k] === null ? null : round((b[k] - a[k]) / wall, 2));
  return { server: d('server'), mariadb: d('db'), bench: d('bench'), machine: d('machine') };
}
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

async function main() {
  if (!fs.existsSync(serverMain))
    throw new Error(`${serverMain} is missing — build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build`);
  const { simulatePatrol } = await import(pathToFileURL(path.join(dist, 'patrols', 'simulator.js')).href);
  const { GRIDS } = await import(pathToFileURL(path.join(dist, 'seed', 'reference', 'index.js')).href);
  const polygon = GRIDS.find((g) => g.code === '411002001001001').polygon;

  const admin = await mysql.createConnection(dbConfig);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  state.dbCreated = true;
  await admin.end();
  log(
    `database ${dbName}; ${CONNECTIONS} connections, batches of ${BATCH}, ${WARMUP} s warm-up + ${SECONDS} s per phase, ${os.cpus().length} CPUs`,
  );

  // Before the server starts: simulating takes a while on a busy machine, and the client's idle
  // keep-alive connection would meanwhile be closed under it (`fetch failed` with longer phases).
  const startedAt = Date.now() - 6 * 86_400_000; // t from here on stays in the past (no `future` flags)
  const tracks = buildTracks(simulatePatrol, polygon, startedAt);
  log(`simulated ${CONNECTIONS} tracks of ${POINTS_PER_PATROL} points`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  await waitHealthy(base, server);
  const { accessToken: token } = await jsonFetch(
    `${base}/api/v1/auth/demo`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-inspector' }) },
    200,
  );

  const newPatrols = async () => {
    const ids = [];
    for (let c = 0; c < CONNECTIONS; c++)
      ids.push(
        (
          await jsonFetch(
            `${base}/api/v1/patrols`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ startedAt: new Date(startedAt).toISOString() }),
            },
            201,
          )
        ).id,
      );
    return ids;
  };

  // HTTP: warm-up on its own patrols, then the measured run on fresh ones.
  const fromStart = () => tracks.map(() => 0);
  const warmIds = await newPatrols();
  await runCannon(base, token, warmIds, tracks, fromStart(), WARMUP);
  const httpIds = await newPatrols();
  const cursors = fromStart();
  const c0 = cpuNow();
  const http = await runCannon(base, token, httpIds, tracks, cursors, SECONDS);
  const httpCores = cores(c0, cpuNow());
  const non200 = Object.entries(http.statusCounts).filter(([s]) => s !== '200');
  if (non200.length) throw new Error(`non-200 answers: ${JSON.stringify(http.statusCounts)}`);
  if (http.result.errors || http.result.timeouts)
    throw new Error(`autocannon errors ${http.result.errors}, timeouts ${http.result.timeouts}`);

  // Verify: every point acknowledged is stored once, and the patrols' counters agree. Requests
  // still in flight when autocannon stopped may commit unacknowledged: wait for them first.
  await new Promise((r) => setTimeout(r, 2000));
  state.pool = mysql.createPool({ ...dbConfig, database: dbName, connectionLimit: CONNECTIONS, timezone: 'Z' });
  const [[stored]] = await state.pool.query(`SELECT COUNT(*) AS n FROM patrol_points WHERE patrol_id IN (?)`, [httpIds]);
  const [[counters]] = await state.pool.query(`SELECT SUM(points) AS n, SUM(flagged) AS f FROM patrols WHERE id IN (?)`, [httpIds]);
  const inFlight = CONNECTIONS * BATCH;
  if (Number(stored.n) !== Number(counters.n) || Number(stored.n) < http.okPoints || Number(stored.n) > http.okPoints + inFlight) {
    throw new Error(`stored ${stored.n}, patrol counters ${counters.n}, acknowledged ${http.okPoints} (+ at most ${inFlight} in flight)`);
  }
  const httpRate = http.okPoints / SECONDS;
  const httpRequests = http.okPoints / BATCH;

  // Framework floor: the same POSTs on the same connections, refused by the query's validation
  // (`?coord=floor`, 400) after the body is read and checked for bad JSON, the token, consent and the
  // budgets — everything a batch costs before the route's own work. Nothing is written.
  let floor = null;
  if (FLOOR) {
    await runCannon(base, token, warmIds, tracks, fromStart(), WARMUP, '?coord=floor');
    const f0 = cpuNow();
    const fl = await runCannon(base, token, warmIds, tracks, fromStart(), SECONDS, '?coord=floor');
    const floorCores = cores(f0, cpuNow());
    const refused = fl.statusCounts[400] ?? 0;
    if (refused !== Object.values(fl.statusCounts).reduce((a, b) => a + b, 0))
      throw new Error(`the floor expects only 400 answers, got ${JSON.stringify(fl.statusCounts)}`);
    floor = {
      answersPerS: round(refused / SECONDS, 1),
      latencyMs: { p50: fl.result.latency.p50, p99: fl.result.latency.p99 },
      cores: floorCores,
      serverCpuMsPerAnswer: floorCores.server === null ? null : round((floorCores.server * SECONDS * 1000) / refused, 2),
    };
  }

  // Raw: the same rows (same tracks from the start) into fresh patrols, same concurrency.
  const rawIds = tracks.map(() => randomUUID());
  const now = sqlDate(Date.now());
  await state.pool.query(
    `INSERT INTO patrols (id, user_id, started_at, created_at) VALUES ${rawIds.map(() => '(?,?,?,?)').join(',')}`,
    rawIds.flatMap((id) => [id, 'bench', sqlDate(startedAt), now]),
  );
  const warmRawIds = tracks.map(() => randomUUID());
  await rawLoop(
    state.pool,
    warmRawIds,
    tracks,
    tracks.map(() => 0),
    WARMUP,
  );
  const r0 = cpuNow();
  const raw = await rawLoop(
    state.pool,
    rawIds,
    tracks,
    tracks.map(() => 0),
    SECONDS,
  );
  const rawCores = cores(r0, cpuNow());
  const rawRate = raw.points / SECONDS;

  const res = {
    at: new Date().toISOString(),
    cpus: os.cpus().length,
    connections: CONNECTIONS,
    batch: BATCH,
    seconds: SECONDS,
    http: {
      pointsPerS: Math.round(httpRate),
      requestsPerS: round(http.result.requests.average),
      latencyMs: { p50: http.result.latency.p50, p99: http.result.latency.p99, max: http.result.latency.max },
      flagged: Number(counters.f),
      cores: httpCores,
      serverCpuMsPerRequest: httpCores.server === null ? null : round((httpCores.server * SECONDS * 1000) / httpRequests, 2),
    },
    floor,
    raw: {
      pointsPerS: Math.round(rawRate),
      statementsPerS: round(raw.latencies.length / SECONDS),
      latencyMs: { p50: round(pct(raw.latencies, 50), 2), p99: round(pct(raw.latencies, 99), 2) },
      cores: rawCores,
    },
    ratio: round(httpRate / rawRate, 3),
    aim: { ratio: AIM_RATIO, met: httpRate >= AIM_RATIO * rawRate },
    loadavg: loadavg(),
  };
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, `${JSON.stringify(res, null, 2)}\n`);
  console.log('\n  patrol points, batches of %d, %d connections, %d s', BATCH, CONNECTIONS, SECONDS);
  console.log(
    '  HTTP  %s points/s  (%s req/s, p50 %s ms, p99 %s ms, %d flagged)',
    res.http.pointsPerS.toLocaleString('en'),
    res.http.requestsPerS,
    res.http.latencyMs.p50,
    res.http.latencyMs.p99,
    res.http.flagged,
  );
  console.log(
    '  raw   %s points/s  (%s statements/s, p50 %s ms, p99 %s ms)',
    res.raw.pointsPerS.toLocaleString('en'),
    res.raw.statementsPerS,
    res.raw.latencyMs.p50,
    res.raw.latencyMs.p99,
  );
  if (floor)
    console.log(
      '  floor %s answers/s (the same POSTs refused 400 by the query check; p50 %s ms, p99 %s ms); server %s cores, %s ms CPU per answer',
      floor.answersPerS,
      floor.latencyMs.p50,
      floor.latencyMs.p99,
      floor.cores.server,
      floor.serverCpuMsPerAnswer,
    );
  console.log('  server CPU per accepted batch: %s ms', res.http.serverCpuMsPerRequest);
  console.log(
    '  cores busy  HTTP: server %s, MariaDB %s, bench %s, machine %s | raw: MariaDB %s, bench %s, machine %s',
    httpCores.server,
    httpCores.mariadb,
    httpCores.bench,
    httpCores.machine,
    rawCores.mariadb,
    rawCores.bench,
    rawCores.machine,
  );
  console.log(
    '  ratio HTTP / raw = %s; aim ≥ %s× raw: %s; load %s\n',
    res.ratio,
    AIM_RATIO,
    res.aim.met ? 'met' : 'NOT met',
    res.loadavg.join(' '),
  );
  log(`results in ${path.relative(root, resultFile)}`);
}

/** BENCH_CPU_PROF: the server's profile (written as it exits) summed per function over the HTTP phases. */
function summarizeProfile(pid) {
  const dir = path.resolve(process.env.BENCH_CPU_PROF);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.split('.').includes(String(pid)));
  if (!file) return log(`no CPU profile of process ${pid} in ${dir}`);
  const summary = summarizeCpuProfile(path.join(dir, file), /^storeFast$/, 25);
  const out = path.join(root, 'test', 'artifacts', 'bench-patrol-points-profile.json');
  fs.writeFileSync(out, `${JSON.stringify({ profile: path.join(dir, file), ...summary }, null, 2)}\n`);
  console.log(
    '\n  server profile over the HTTP phases: %s s, %s %% idle; top functions by self time (%% of busy samples):',
    summary.windowS,
    summary.idlePct,
  );
  for (const { fn, pctOfBusy } of summary.self.slice(0, 15)) console.log(`  ${String(pctOfBusy).padStart(5)} %  ${fn}`);
  log(`profile summary (self and inclusive) in ${path.relative(root, out)}`);
}

main().then(
  async () => {
    const pid = state.server?.pid;
    await cleanup();
    if (process.env.BENCH_CPU_PROF && pid) summarizeProfile(pid);
    process.exit(0);
  },
  (e) => fail(e),
);

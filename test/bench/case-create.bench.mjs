#!/usr/bin/env node
// Benchmark: case creation (上报) over HTTP against MariaDB, next to raw mysql2 inserts of the same
// rows on the same database in the same run. Not part of `npm test`. See test/bench/README.md.
//
//   node test/bench/case-create.bench.mjs
//
// Env: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (64),
//      BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306) — the server; a fresh database is created and dropped,
//      BENCH_CPU_PROF (unset) — a directory to write a V8 CPU profile of the server process into.
// Build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { NO_RATE_LIMITS, cpuSecondsOf, freePort, jsonFetch, machineBusySeconds, makeJpeg, mariadbPid, waitHealthy } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverMain = path.join(root, 'server', 'dist', 'main.js');
const resultFile = path.join(root, 'test', 'artifacts', 'bench-case-create.json');

const SECONDS = posNumber('BENCH_SECONDS', 15);
const WARMUP = posNumber('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = Math.round(posNumber('BENCH_CONNECTIONS', 64));
const MYSQL_URL = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const TARGET_P99_MS = 50;
const TARGET_RATIO = 0.5; // issue 15 (issue 4 had asked for ⅓)

const BODY = { categoryCode: '200102', description: '压测：路边暴露垃圾', location: { lat: 34.0235, lng: 113.823 } };

function posNumber(name, dflt) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------------------------------------
// Everything started here is registered for cleanup, which runs on success, failure, signal and
// on the watchdog (the whole run is bounded in time).
const dbName = `xc_bench_${process.pid}_${Date.now().toString(36)}`;
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-media-'));
const dbConfig = {
  host: MYSQL_URL.hostname,
  port: Number(MYSQL_URL.port || 3306),
  user: decodeURIComponent(MYSQL_URL.username || 'root'),
  password: decodeURIComponent(MYSQL_URL.password || ''),
};
const state = {
  server: null,
  serverExited: null,
  pools: new Set(),
  admin: null,
  dbCreated: false,
  cannon: null,
  cleaned: false,
  userstat: null,
};

// The server and the raw loops each connect as an account of their own, so that MariaDB's per-account
// counters (information_schema.USER_STATISTICS, with `userstat`) count this run's statements and
// rows read and nothing else the machine's database is doing (other users' tests share it).
const SERVER_ACCOUNT = `xcb_srv_${process.pid}`;
const RAW_ACCOUNT = `xcb_raw_${process.pid}`;

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  try {
    state.cannon?.stop();
  } catch {}
  await stopServer().catch((e) => console.error('stopping the server failed:', e.message));
  for (const pool of state.pools) await pool.end().catch(() => undefined);
  state.pools.clear();
  if (state.dbCreated) {
    try {
      const admin = state.admin ?? (await mysql.createConnection(dbConfig));
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      for (const account of [SERVER_ACCOUNT, RAW_ACCOUNT]) await admin.query(`DROP USER IF EXISTS '${account}'@'%'`);
      if (state.userstat !== null) await admin.query(`SET GLOBAL userstat = ${state.userstat}`);
      log(`dropped database ${dbName} and its accounts`);
      await admin.end();
    } catch (e) {
      console.error(`could not drop database ${dbName}: ${e.message} — drop it by hand`);
    }
  } else if (state.admin) await state.admin.end().catch(() => undefined);
  fs.rmSync(mediaDir, { recursive: true, force: true });
}

async function stopServer() {
  const child = state.server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await state.serverExited;
  clearTimeout(killer);
}

let failing = false;
async function fail(e, code = 1) {
  if (failing) return;
  failing = true;
  console.error(`\nBENCHMARK FAILED: ${e instanceof Error ? e.stack : e}`);
  await cleanup();
  process.exit(code);
}

// Whole run: warm-ups, three measured phases, start-up and verification; generous but finite.
const budgetMs = (3 * (SECONDS + WARMUP) + 240) * 1000;
const watchdog = setTimeout(() => fail(new Error(`watchdog: the run exceeded ${Math.round(budgetMs / 1000)} s`)), budgetMs);
watchdog.unref();
process.on('SIGINT', () => fail(new Error('interrupted (SIGINT)'), 130));
process.on('SIGTERM', () => fail(new Error('terminated (SIGTERM)'), 143));
process.on('unhandledRejection', (e) => fail(e));

// ---------------------------------------------------------------------------------------------
// Helpers

function startServer(port) {
  if (!fs.existsSync(serverMain))
    throw new Error(`${serverMain} is missing — build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build`);
  const env = {
    ...process.env,
    ...NO_RATE_LIMITS,
    PORT: String(port),
    DATABASE_URL: `mysql://${SERVER_ACCOUNT}:${SERVER_ACCOUNT}@${dbConfig.host}:${dbConfig.port}/${dbName}`,
    LOG_LEVEL: 'error', // the floor's 400s would be logged at warn; creations log at info, not written either
    MEDIA_DIR: mediaDir,
    DEMO: '1',
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

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function cpuSnapshot(serverPid, dbPid) {
  const self = process.cpuUsage();
  return {
    server: cpuSecondsOf(serverPid),
    db: dbPid ? cpuSecondsOf(dbPid) : null,
    bench: (self.user + self.system) / 1e6,
    machine: machineBusySeconds(),
    at: performance.now(),
  };
}

function cpuDelta(a, b, ops) {
  const wall = (b.at - a.at) / 1000;
  const d = (k) => (a[k] === null || b[k] === null ? null : b[k] - a[k]);
  const per = (k) => {
    const v = d(k);
    return v === null ? null : { cores: round(v / wall, 2), msPerOp: ops ? round((v * 1000) / ops, 3) : null };
  };
  const machine = d('machine');
  const ours = [d('server'), d('db'), d('bench')].reduce((a, v) => a + (v ?? 0), 0);
  // Anything else running on the machine competes for the same CPUs and skews every figure.
  const otherCores = machine === null ? null : round(Math.max(0, machine - ours) / wall, 2);
  return {
    wallSeconds: round(wall, 2),
    server: per('server'),
    mariadb: per('db'),
    benchProcess: per('bench'),
    machineBusyCores: machine === null ? null : round(machine / wall, 2),
    otherProcessesCores: otherCores,
  };
}

const READS = [
  'Handler_read_first',
  'Handler_read_key',
  'Handler_read_last',
  'Handler_read_next',
  'Handler_read_prev',
  'Handler_read_rnd',
  'Handler_read_rnd_next',
];
const STATUS_VARS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_begin',
  'Com_commit',
  'Com_rollback',
  ...READS,
  'Handler_write',
  'Innodb_data_fsyncs',
  'Innodb_row_lock_waits',
];
async function dbStatus(conn) {
  const [rows] = await conn.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_VARS.map(() => '?').join(',')})`, STATUS_VARS);
  const v = Object.fromEntries(STATUS_VARS.map((k) => [k, 0]));
  for (const r of rows) v[r.Variable_name] = Number(r.Value);
  v.rowsRead = READS.reduce((sum, k) => sum + v[k], 0);
  return v;
}
const ACCOUNT_VARS = [
  'SELECT_COMMANDS',
  'UPDATE_COMMANDS',
  'OTHER_COMMANDS',
  'COMMIT_TRANSACTIONS',
  'ROWS_READ',
  'ROWS_SENT',
  'ROWS_INSERTED',
  'ROWS_UPDATED',
  'CPU_TIME',
  'BUSY_TIME',
];
/** One account's own counters (USER_STATISTICS): only what this run's server, or its raw loops, did. */
async function accountStatus(conn, account) {
  const [[row]] = await conn.query(`SELECT ${ACCOUNT_VARS.join(', ')} FROM information_schema.USER_STATISTICS WHERE USER = ?`, [account]);
  return Object.fromEntries(ACCOUNT_VARS.map((k) => [k, Number(row?.[k] ?? 0)]));
}
/** An account's counters per operation over a phase: statements (SELECT + UPDATE + other commands, i.e. inserts, BEGIN, COMMIT), rows read. */
function accountPerOp(a, b, ops) {
  const d = (k) => (b[k] - a[k]) / ops;
  return {
    statements: round(d('SELECT_COMMANDS') + d('UPDATE_COMMANDS') + d('OTHER_COMMANDS'), 2),
    selects: round(d('SELECT_COMMANDS'), 2),
    rowsRead: round(d('ROWS_READ'), 2),
    rowsSent: round(d('ROWS_SENT'), 2),
    rowsWritten: round(d('ROWS_INSERTED') + d('ROWS_UPDATED'), 2),
    mariadbCpuMs: round(d('CPU_TIME') * 1000, 3),
  };
}
/** Global MariaDB counters per operation over a phase (the phase's own load dominates them). */
function statusPerOp(a, b, ops) {
  return Object.fromEntries([...STATUS_VARS, 'rowsRead'].map((k) => [k, ops ? round((b[k] - a[k]) / ops, 2) : null]));
}

function round(n, d = 1) {
  if (n === null || n === undefined || !Number.isFinite(n)) return n ?? null;
  const f = 10 ** d;
  return Math.round(n * f) / f;
}

// ---------------------------------------------------------------------------------------------
// HTTP phase (autocannon). Every request carries a distinct Idempotency-Key, like the real client.

let keyCounter = 0;

/** autocannon on `POST /api/v1/cases` with `body`, `CONNECTIONS` clients for `seconds`; `onStatus` sees each answer. */
function postCases(base, { token, body, seconds, key, onStatus }) {
  return new Promise((resolve, reject) => {
    state.cannon = autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/cases',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'bench-floor-key' },
            body,
            setupRequest(req, context) {
              if (!key) return req;
              context.key = key();
              return { ...req, headers: { ...req.headers, 'idempotency-key': context.key } };
            },
            onResponse(status, _body, context) {
              onStatus(status, context.key);
            },
          },
        ],
      },
      (err, result) => {
        state.cannon = null;
        if (err) reject(err);
        else resolve(result);
      },
    );
  });
}

/** The production path: every request a new report with a distinct Idempotency-Key, like the real client. */
async function runCannon(base, token, mediaId, seconds, phase) {
  const okKeys = new Set();
  const statusCounts = {};
  let sent = 0;
  let answered = 0;
  const result = await postCases(base, {
    token,
    seconds,
    body: JSON.stringify({ ...BODY, mediaIds: [mediaId] }),
    key: () => {
      sent++;
      return `bench-${phase}-${process.pid}-${++keyCounter}`;
    },
    onStatus(status, key) {
      answered++;
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (status >= 200 && status < 300) okKeys.add(key);
    },
  });
  return { result, okKeys, statusCounts, sent, answered, inFlightAtStop: sent - answered };
}

/**
 * The framework floor of this route: the same POST, same connections, with a body the validation
 * pipe refuses (400). It goes through HTTP, body parsing, logging, the auth and consent guards and
 * validation — everything a report pays before the application's own work — and writes nothing.
 * What one server process can answer at most on this route, measured in the same run.
 */
async function runFloor(base, token, seconds) {
  const statusCounts = {};
  const result = await postCases(base, {
    token,
    seconds,
    body: JSON.stringify({ ...BODY, description: '' }),
    onStatus(status) {
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    },
  });
  return { result, statusCounts };
}

/** Waits until the server has finished what the client abandoned at the end of the run. */
async function settle(conn) {
  let last = null;
  for (let i = 0; i < 60; i++) {
    const [[r]] = await conn.query(
      'SELECT (SELECT COUNT(*) FROM cases) AS c, (SELECT COUNT(*) FROM idempotency_keys) AS k, (SELECT COUNT(*) FROM idempotency_keys WHERE case_id IS NULL) AS pending',
    );
    const now = `${r.c}/${r.k}/${r.pending}`;
    if (now === last && Number(r.pending) === 0) return;
    last = now;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`the database did not settle after the HTTP run (cases/keys/pending = ${last})`);
}

// ---------------------------------------------------------------------------------------------
// Raw mysql2 baselines: 64 connections, 64 async workers, each looping until the deadline.

function formatCaseNo(day, seq) {
  return `XC${day}${String(seq).padStart(4, '0')}`;
}
function cityDay(at) {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

async function rawLoop(pool, seconds, op) {
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(w);
          latencies.push(performance.now() - t0);
          ops++;
        } catch (e) {
          errors++;
          firstError ??= e;
          if (errors > 100) throw new Error(`raw loop: too many errors, first: ${firstError.message}`, { cause: e });
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops,
    errors,
    firstError: firstError?.message ?? null,
    seconds: round(elapsed, 2),
    perSecond: round(ops / elapsed, 1),
    p50: round(percentile(latencies, 50), 2),
    p90: round(percentile(latencies, 90), 2),
    p99: round(percentile(latencies, 99), 2),
  };
}

const CASE_COLUMNS = [
  'id',
  'case_no',
  'status',
  'version',
  'channel',
  'category_code',
  'theme',
  'description',
  'lat',
  'lng',
  'address',
  'grid_code',
  'street_code',
  'district_code',
  'reporter_id',
  'unit_id',
  'inspector_id',
  'open_request',
  'requested_deadline',
  'deadline',
  'reported_at',
  'registered_at',
  'dispatched_at',
  'last_finished_at',
  'closed_at',
  'reworked',
  'self_handled',
  'duplicate_of',
  'media_ids',
  'after_media_ids',
  'rating',
  'rating_comment',
  'rated_at',
  'updated_at',
];
const INSERT_CASE = `INSERT INTO cases (${CASE_COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_HISTORY =
  'INSERT INTO case_history (case_id, seq, action, from_status, to_status, actor_id, actor_role, note, media_ids, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_KEY = 'INSERT INTO idempotency_keys (user_id, idem_key, request_hash, case_id, created_at) VALUES (?, ?, ?, ?, ?)';
const COUNTER =
  'INSERT INTO case_counters (day, value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)';

/** The column values the server writes for this body (from the probe case it returned). */
function caseRow(t, id, caseNo, now) {
  return [
    id,
    caseNo,
    'reported',
    1,
    'citizen',
    t.categoryCode,
    t.theme,
    BODY.description,
    t.lat,
    t.lng,
    null,
    t.gridCode,
    t.streetCode,
    t.districtCode,
    t.reporterId,
    null,
    null,
    null,
    null,
    null,
    now,
    null,
    null,
    null,
    null,
    0,
    0,
    null,
    JSON.stringify(t.mediaIds),
    '[]',
    null,
    null,
    null,
    now,
  ];
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`case creation benchmark: ${CONNECTIONS} connections, ${SECONDS} s per phase, ${WARMUP} s warm-up; database ${dbName}`);
  const loadavgAtStart = os.loadavg().map((x) => round(x, 2));
  state.admin = await mysql.createConnection(dbConfig);
  const [[{ v: mariadbVersion }]] = await state.admin.query('SELECT VERSION() AS v');
  await state.admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  state.dbCreated = true;
  for (const account of [SERVER_ACCOUNT, RAW_ACCOUNT]) {
    await state.admin.query(`CREATE USER '${account}'@'%' IDENTIFIED BY '${account}'`);
    await state.admin.query(`GRANT ALL ON \`${dbName}\`.* TO '${account}'@'%'`);
  }
  const [[{ u: userstatBefore }]] = await state.admin.query('SELECT @@GLOBAL.userstat AS u');
  state.userstat = Number(userstatBefore);
  await state.admin.query('SET GLOBAL userstat = 1');

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(port);
  await waitHealthy(base, server);
  log(`server up on ${base} (pid ${server.child.pid})`);

  const conn = await mysql.createConnection({ ...dbConfig, database: dbName, timezone: 'Z' });
  state.pools.add(conn);

  // Log in, upload one real photo, create one probe case to learn the values the server writes.
  const { accessToken } = await jsonFetch(
    `${base}/api/v1/auth/demo`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-citizen' }) },
    200,
  );
  const form = new FormData();
  form.append('file', new Blob([await makeJpeg(root)], { type: 'image/jpeg' }), 'bench.jpg');
  const media = await jsonFetch(
    `${base}/api/v1/media`,
    { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form },
    201,
  );
  const probe = await jsonFetch(
    `${base}/api/v1/cases`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${accessToken}`,
        'idempotency-key': `bench-probe-${process.pid}`,
      },
      body: JSON.stringify({ ...BODY, mediaIds: [media.id] }),
    },
    201,
  );
  const [[probeRow]] = await conn.query(
    'SELECT category_code, theme, lat, lng, grid_code, street_code, district_code, reporter_id FROM cases WHERE id = ?',
    [probe.id],
  );
  if (!probeRow) throw new Error('the probe case is not in the database');
  const template = {
    categoryCode: probeRow.category_code,
    theme: probeRow.theme,
    lat: probeRow.lat,
    lng: probeRow.lng,
    gridCode: probeRow.grid_code,
    streetCode: probeRow.street_code,
    districtCode: probeRow.district_code,
    reporterId: probeRow.reporter_id,
    mediaIds: [media.id],
  };
  const [[{ n: casesBefore }]] = await conn.query('SELECT COUNT(*) AS n FROM cases');
  log(`probe case ${probe.caseNo} in grid ${template.gridCode}; ${casesBefore} case(s) in the database before the run`);

  // HTTP: warm-up, then the measured run.
  log(`HTTP warm-up ${WARMUP} s…`);
  const warm = await runCannon(base, accessToken, media.id, WARMUP, 'warm');
  await settle(conn);
  const dbPid = mariadbPid();
  const statusBefore = await dbStatus(conn);
  const accountBefore = await accountStatus(conn, SERVER_ACCOUNT);
  const cpuBefore = cpuSnapshot(server.child.pid, dbPid);
  log(`HTTP measured run ${SECONDS} s…`);
  const run = await runCannon(base, accessToken, media.id, SECONDS, 'run');
  const cpuAfter = cpuSnapshot(server.child.pid, dbPid);
  await settle(conn);
  const statusAfter = await dbStatus(conn);
  const accountAfter = await accountStatus(conn, SERVER_ACCOUNT);
  const r = run.result;
  const ok2xx = r['2xx'];
  if (ok2xx !== run.okKeys.size) throw new Error(`autocannon counted ${ok2xx} 2xx but onResponse saw ${run.okKeys.size}`);

  // Verification: every acknowledged case exists; nothing else was created except requests the
  // client abandoned in flight when the run's clock ran out (the server still completes them).
  const acked = new Set([...warm.okKeys, ...run.okKeys]);
  const [[{ n: casesAfter }]] = await conn.query('SELECT COUNT(*) AS n FROM cases');
  const [keyRows] = await conn.query(
    "SELECT k.idem_key AS idemKey, c.id AS caseId FROM idempotency_keys k LEFT JOIN cases c ON c.id = k.case_id WHERE k.idem_key LIKE 'bench-%'",
  );
  const byKey = new Map(keyRows.map((k) => [k.idemKey, k.caseId]));
  const missing = [...acked].filter((k) => !byKey.get(k));
  const extra = keyRows.filter((k) => k.caseId && !acked.has(k.idemKey) && !k.idemKey.startsWith('bench-probe-')).length;
  const created = Number(casesAfter) - Number(casesBefore);
  const abandoned = warm.inFlightAtStop + run.inFlightAtStop;
  const verification = {
    casesBefore: Number(casesBefore),
    casesAfter: Number(casesAfter),
    created,
    acknowledged2xx: acked.size,
    completedAfterClientStopped: extra,
    abandonedInFlight: abandoned,
    missing: missing.length,
  };
  log(
    `verification: ${created} cases created = ${acked.size} acknowledged 2xx (warm-up ${warm.okKeys.size} + measured ${ok2xx}) + ${extra} completed after the client stopped (of ${abandoned} in flight)`,
  );
  if (missing.length)
    throw new Error(`${missing.length} acknowledged (2xx) creations have no case in the database, e.g. key ${missing[0]}`);
  if (created !== acked.size + extra)
    throw new Error(
      `SELECT COUNT(*) FROM cases grew by ${created}, but ${acked.size} were acknowledged and ${extra} more have a key — cases without a key or lost keys`,
    );
  if (extra > abandoned)
    throw new Error(`${extra} cases were created without a 2xx, but only ${abandoned} requests were in flight when the client stopped`);
  // A refused request is not a creation: a run with any is measuring the refusal (a limit, a bug).
  if (r.non2xx || Object.keys(warm.statusCounts).some((code) => !code.startsWith('2')))
    throw new Error(`requests were refused (status counts: ${JSON.stringify({ warmup: warm.statusCounts, measured: run.statusCounts })})`);
  const [[dupNo]] = await conn.query('SELECT COUNT(*) - COUNT(DISTINCT case_no) AS d FROM cases');
  if (Number(dupNo.d) !== 0) throw new Error(`${dupNo.d} duplicate case numbers`);

  const http = {
    requestsPerSecond: round(r.requests.average, 1),
    createdPerSecond: round(ok2xx / r.duration, 1),
    seconds: round(r.duration, 2),
    total: r.requests.total,
    ok2xx,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCounts: run.statusCounts,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.mean, 2) },
    perCreation: {
      server: accountPerOp(accountBefore, accountAfter, ok2xx + run.inFlightAtStop),
      db: statusPerOp(statusBefore, statusAfter, ok2xx + run.inFlightAtStop),
      cpu: cpuDelta(cpuBefore, cpuAfter, ok2xx),
    },
    warmup: { seconds: WARMUP, ok2xx: warm.okKeys.size, statusCounts: warm.statusCounts },
  };
  log(
    `HTTP: ${http.createdPerSecond} created/s, p50 ${http.latencyMs.p50} ms, p99 ${http.latencyMs.p99} ms, non-2xx ${http.non2xx}, errors ${http.errors}`,
  );
  // The framework floor, same server, same connections (nothing is written).
  log(`framework floor (the same POST refused by validation) ${SECONDS} s…`);
  await runFloor(base, accessToken, WARMUP);
  const floorCpuBefore = cpuSnapshot(server.child.pid, dbPid);
  const fl = await runFloor(base, accessToken, SECONDS);
  const floorCpuAfter = cpuSnapshot(server.child.pid, dbPid);
  const floorOk = fl.result['4xx'];
  if (Object.keys(fl.statusCounts).some((code) => code !== '400'))
    throw new Error(`the floor expects only 400 answers, got ${JSON.stringify(fl.statusCounts)}`);
  const floor = {
    perSecond: round(floorOk / fl.result.duration, 1),
    latencyMs: { p50: fl.result.latency.p50, p99: fl.result.latency.p99 },
    cpu: cpuDelta(floorCpuBefore, floorCpuAfter, floorOk),
  };
  log(
    `framework floor: ${floor.perSecond} answers/s, p99 ${floor.latencyMs.p99} ms, server ${floor.cpu.server?.msPerOp} ms CPU per answer`,
  );
  await stopServer(); // the raw loops run alone on the same database

  // Raw baselines on the same database.
  const pool = mysql.createPool({
    ...dbConfig,
    user: RAW_ACCOUNT,
    password: RAW_ACCOUNT,
    database: dbName,
    timezone: 'Z',
    connectionLimit: CONNECTIONS,
    charset: 'utf8mb4_unicode_ci',
  });
  state.pools.add(pool);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = await pool.getConnection();
      await c.ping();
      return c;
    }),
  ).then((cs) => cs.forEach((c) => c.release()));

  let rawSeq = 0;
  const txCase = async () => {
    const now = new Date();
    const id = randomUUID();
    const key = `raw-${process.pid}-${++rawSeq}`;
    const requestHash = createHash('sha256').update(key).digest('hex');
    // Like the server: the counter is one atomic statement outside the case's transaction.
    const [counter] = await pool.query(COUNTER, [cityDay(now)]);
    const c = await pool.getConnection();
    try {
      await c.query('START TRANSACTION');
      await c.query(INSERT_KEY, [template.reporterId, key, requestHash, id, now]);
      await c.query(INSERT_CASE, caseRow(template, id, formatCaseNo(cityDay(now), counter.insertId), now));
      await c.query(INSERT_HISTORY, [
        id,
        1,
        'report',
        null,
        'reported',
        template.reporterId,
        'citizen',
        null,
        JSON.stringify(template.mediaIds),
        null,
        now,
      ]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  let singleSeq = 0;
  const singleCase = async () => {
    const now = new Date();
    await pool.query(INSERT_CASE, caseRow(template, randomUUID(), `RW${process.pid % 1e6}-${++singleSeq}`.slice(0, 20), now));
  };

  log(`raw transactional warm-up ${WARMUP} s…`);
  await rawLoop(pool, WARMUP, txCase);
  const s0 = await dbStatus(conn);
  const a0 = await accountStatus(conn, RAW_ACCOUNT);
  const c0 = cpuSnapshot(null, dbPid);
  log(`raw transactional loop ${SECONDS} s…`);
  const rawTx = await rawLoop(pool, SECONDS, txCase);
  const c0end = cpuSnapshot(null, dbPid);
  rawTx.perCase = {
    account: accountPerOp(a0, await accountStatus(conn, RAW_ACCOUNT), rawTx.ops),
    db: statusPerOp(s0, await dbStatus(conn), rawTx.ops),
    cpu: cpuDelta(c0, c0end, rawTx.ops),
  };
  log(`raw transactional: ${rawTx.perSecond}/s, p50 ${rawTx.p50} ms, p99 ${rawTx.p99} ms`);

  log(`raw single-row warm-up ${WARMUP} s…`);
  await rawLoop(pool, WARMUP, singleCase);
  log(`raw single-row loop ${SECONDS} s…`);
  const c1 = cpuSnapshot(null, dbPid);
  const rawSingle = await rawLoop(pool, SECONDS, singleCase);
  rawSingle.perRow = { cpu: cpuDelta(c1, cpuSnapshot(null, dbPid), rawSingle.ops) };
  log(`raw single-row: ${rawSingle.perSecond}/s, p50 ${rawSingle.p50} ms, p99 ${rawSingle.p99} ms`);
  if (rawTx.errors || rawSingle.errors)
    log(`raw loop errors: tx ${rawTx.errors} (${rawTx.firstError}), single ${rawSingle.errors} (${rawSingle.firstError})`);

  const ratio = http.createdPerSecond / rawTx.perSecond;
  // What one Node process must spend per creation even with no application code of its own: the
  // route's framework floor plus, for each statement the server sends, what mysql2 costs the raw
  // loop's own process per statement (building, writing, parsing). Its inverse bounds one core.
  const driverMsPerStatement = rawTx.perCase.cpu.benchProcess?.msPerOp / rawTx.perCase.account.statements;
  const floorMs = floor.cpu.server?.msPerOp;
  const bound =
    Number.isFinite(driverMsPerStatement) && Number.isFinite(floorMs)
      ? (() => {
          const statements = http.perCreation.server.statements;
          const ms = floorMs + statements * driverMsPerStatement;
          return {
            floorMs,
            statements,
            driverMsPerStatement: round(driverMsPerStatement, 3),
            ms: round(ms, 2),
            perSecond: round(1000 / ms, 1),
            ratio: round(1000 / ms / rawTx.perSecond, 3),
            applicationMs: round((http.perCreation.cpu.server?.msPerOp ?? NaN) - ms, 2),
          };
        })()
      : null;
  const results = {
    benchmark: 'case-create',
    at: new Date().toISOString(),
    settings: { seconds: SECONDS, warmupSeconds: WARMUP, connections: CONNECTIONS, serverDbPool: 20, rawPool: CONNECTIONS },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      mariadb: mariadbVersion,
      loadavgAtStart,
      loadavgAtEnd: os.loadavg().map((x) => round(x, 2)),
    },
    http,
    frameworkFloor: floor,
    rawTransactional: rawTx,
    rawSingleRow: rawSingle,
    verification,
    bound,
    targets: {
      p99: { targetMs: TARGET_P99_MS, actualMs: http.latencyMs.p99, met: http.latencyMs.p99 < TARGET_P99_MS },
      // Issue 15: p99 within 2× the raw transactional p99 of the same run.
      p99VsRaw: { actual: round(http.latencyMs.p99 / rawTx.p99, 2), met: http.latencyMs.p99 <= 2 * rawTx.p99 },
      ratio: { target: round(TARGET_RATIO, 3), actual: round(ratio, 3), met: ratio >= TARGET_RATIO },
    },
  };
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  log(`figures written to ${path.relative(root, resultFile)}`);
}

function printTable(res) {
  const { http: h, frameworkFloor: f, rawTransactional: t, rawSingleRow: s, targets } = res;
  const mark = (m) => (m ? 'met' : 'NOT MET');
  const rows = [
    [
      'HTTP POST /api/v1/cases (64 clients)',
      `${h.createdPerSecond} created/s`,
      `p50 ${h.latencyMs.p50} ms  p90 ${h.latencyMs.p90} ms  p99 ${h.latencyMs.p99} ms`,
      `2xx ${h.ok2xx}, non-2xx ${h.non2xx}, errors ${h.errors}, timeouts ${h.timeouts}`,
    ],
    [
      'framework floor: same POST, refused (400)',
      `${f.perSecond} answers/s`,
      `p50 ${f.latencyMs.p50} ms  p99 ${f.latencyMs.p99} ms`,
      `server ${f.cpu.server?.msPerOp} ms CPU per answer`,
    ],
    [
      'raw mysql2: counter + tx(key, case, history)',
      `${t.perSecond} cases/s`,
      `p50 ${t.p50} ms  p90 ${t.p90} ms  p99 ${t.p99} ms`,
      `${t.ops} cases, errors ${t.errors}`,
    ],
    [
      'raw mysql2: single-row cases insert',
      `${s.perSecond} rows/s`,
      `p50 ${s.p50} ms  p90 ${s.p90} ms  p99 ${s.p99} ms`,
      `${s.ops} rows, errors ${s.errors}`,
    ],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(
    `\nCase creation — ${res.settings.connections} concurrent, ${res.settings.seconds} s per phase, ${res.machine.cpus} CPU(s), MariaDB ${res.machine.mariadb}, Node ${res.machine.node}`,
  );
  const line = '-'.repeat(widths.reduce((a, b) => a + b + 3, 0));
  console.log(line);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join(' | '));
  console.log(line);
  console.log(`HTTP / raw transactional = ${targets.ratio.actual} (aim ≥ ${targets.ratio.target}): ${mark(targets.ratio.met)}`);
  console.log(`HTTP p99 = ${targets.p99.actualMs} ms = ${targets.p99VsRaw.actual}× the raw p99 (aim ≤ 2×): ${mark(targets.p99VsRaw.met)}`);
  console.log(
    `Framework floor / raw transactional = ${round(f.perSecond / t.perSecond, 3)}: one server process answers at most this share of the raw rate on this route, before any application work`,
  );
  const db = h.perCreation.db;
  const cpu = h.perCreation.cpu;
  const mine = h.perCreation.server;
  const rawMine = t.perCase.account;
  console.log(
    `Per HTTP creation, the server's own account: ${mine.statements} statements (${mine.selects} SELECT), ${mine.rowsRead} rows read (aim ≤ 50: ${mark(mine.rowsRead <= 50)}), ${mine.rowsWritten} rows written, MariaDB CPU ${mine.mariadbCpuMs} ms; raw: ${rawMine.statements} statements, ${rawMine.rowsRead} rows read, MariaDB CPU ${rawMine.mariadbCpuMs} ms`,
  );
  console.log(
    `Whole MariaDB server (every account; other users' work on the machine counts too): ${db.Questions} statements, ${db.rowsRead} Handler_read_* per HTTP creation`,
  );
  const b = res.bound;
  if (b)
    console.log(
      `One Node process's bound on this route: framework floor ${b.floorMs} ms + ${b.statements} statements × ${b.driverMsPerStatement} ms (mysql2's own client CPU per statement, raw loop) = ${b.ms} ms CPU → ${b.perSecond}/s on one core = ${b.ratio}× raw; measured ${cpu.server?.msPerOp} ms, of which the application's own ${b.applicationMs} ms`,
    );
  const c = (x) => (x ? `${x.msPerOp} ms CPU (${x.cores} cores busy)` : 'n/a');
  console.log(`CPU per HTTP creation: server ${c(cpu.server)}, MariaDB ${c(cpu.mariadb)}, load generator ${c(cpu.benchProcess)}`);
  const other = [
    ['HTTP', cpu],
    ['raw tx', t.perCase.cpu],
    ['raw single', s.perRow.cpu],
  ]
    .map(([n, x]) => `${n} ${x.otherProcessesCores ?? 'n/a'}`)
    .join(', ');
  console.log(
    `Other processes on this machine during the phases (cores busy; should be ~0): ${other}; load average at start ${res.machine.loadavgAtStart.join(' ')}`,
  );
  console.log(
    `Verified: ${res.verification.created} cases created = ${res.verification.acknowledged2xx} acknowledged + ${res.verification.completedAfterClientStopped} finished after the client stopped (${res.verification.abandonedInFlight} were in flight)\n`,
  );
}

try {
  await main();
  await cleanup();
  clearTimeout(watchdog);
  process.exit(0);
} catch (e) {
  await fail(e);
}

#!/usr/bin/env node
// Benchmark: computing one month's evaluation (月度考评) for all units over a large case table in
// MariaDB, next to the single SQL aggregates that are its lower bound, in the same run.
// Not part of `npm test`. See test/bench/README.md (section evaluation-month).
//
//   node test/bench/evaluation-month.bench.mjs
//
// Env: BENCH_CASES (1000000) — cases generated, spread over BENCH_MONTHS (24) months ending with
//        the benchmark month (the last complete city-time month, so its cut-off is in the past);
//      BENCH_RUNS (5) — measured repetitions of each of (a), (c) and the snapshot statement, after the cold runs;
//      BENCH_GEN_SECONDS (900) — generation stops there and the run measures what exists (and says so);
//      BENCH_WORKERS (3) — insert connections; BENCH_BATCH (2000) — rows per INSERT statement;
//      BENCH_REBUILD_INDEXES (1) — drop the secondary indexes of cases and case_history for the load and
//        build them again after it, from their recorded definitions (checked identical before measuring);
//      BENCH_KEEP_DB=1 — do not drop the database at the end (its name is printed);
//      BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306) — the server; a fresh database is created and dropped.
// Build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import { NO_RATE_LIMITS, freePort, mariadbPid } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverMain = path.join(root, 'server', 'dist', 'main.js');
/** The server's seeded PRNG (mulberry32), so the generated month is the same for the same seed. */
const prngModule = path.join(root, 'server', 'dist', 'common', 'prng.js');
if (!fs.existsSync(prngModule))
  throw new Error(`${prngModule} is missing — build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build`);
const { prng } = await import(pathToFileURL(prngModule).href);
const resultFile = path.join(root, 'test', 'artifacts', 'bench-evaluation-month.json');

const CASES = Math.round(posNumber('BENCH_CASES', 1_000_000));
const MONTHS = Math.round(posNumber('BENCH_MONTHS', 24));
const RUNS = Math.round(posNumber('BENCH_RUNS', 5));
const GEN_SECONDS = posNumber('BENCH_GEN_SECONDS', 900);
const WORKERS = Math.round(posNumber('BENCH_WORKERS', 3));
const BATCH = Math.round(posNumber('BENCH_BATCH', 2000));
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
const REBUILD_INDEXES = process.env.BENCH_REBUILD_INDEXES !== '0';
const MYSQL_URL = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const AIM_MS = 2000;
const AIM_RATIO = 1.5;
const HOUR = 3600_000;
const CITY_OFFSET_MS = 8 * HOUR;

function posNumber(name, dflt) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const round = (n, d = 1) => (n === null || n === undefined || !Number.isFinite(n) ? (n ?? null) : Math.round(n * 10 ** d) / 10 ** d);

// ---------------------------------------------------------------------------------------------
// Cleanup on success, failure, signal and watchdog (same pattern as case-create.bench.mjs).
const dbName = `xc_bench_eval_${process.pid}_${Date.now().toString(36)}`;
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-media-'));
const dbConfig = {
  host: MYSQL_URL.hostname,
  port: Number(MYSQL_URL.port || 3306),
  user: decodeURIComponent(MYSQL_URL.username || 'root'),
  password: decodeURIComponent(MYSQL_URL.password || ''),
};
const state = { server: null, serverExited: null, conns: new Set(), admin: null, dbCreated: false, cleaned: false, stopGeneration: false };

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  state.stopGeneration = true;
  await stopServer().catch((e) => console.error('stopping the server failed:', e.message));
  for (const c of state.conns) await c.end().catch(() => c.destroy?.());
  state.conns.clear();
  if (state.dbCreated && !KEEP_DB) {
    try {
      const admin = state.admin ?? (await mysql.createConnection(dbConfig));
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      log(`dropped database ${dbName}`);
      await admin.end();
    } catch (e) {
      console.error(`could not drop database ${dbName}: ${e.message} — drop it by hand`);
    }
  } else {
    if (state.dbCreated) log(`BENCH_KEEP_DB=1: database ${dbName} kept — drop it by hand`);
    if (state.admin) await state.admin.end().catch(() => undefined);
  }
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
  // Stop statements still running in MariaDB for our database (a killed client leaves them running).
  try {
    const admin = await mysql.createConnection(dbConfig);
    const [rows] = await admin.query('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [dbName]);
    for (const r of rows) await admin.query(`KILL ${Number(r.ID)}`).catch(() => undefined);
    await admin.end();
  } catch {}
  await cleanup();
  process.exit(code);
}

// Generation is bounded by BENCH_GEN_SECONDS; start-ups, index checks and measurements by the rest.
const budgetMs = (GEN_SECONDS + 900 + RUNS * 240) * 1000;
const watchdog = setTimeout(() => fail(new Error(`watchdog: the run exceeded ${Math.round(budgetMs / 1000)} s`)), budgetMs);
watchdog.unref();
process.on('SIGINT', () => fail(new Error('interrupted (SIGINT)'), 130));
process.on('SIGTERM', () => fail(new Error('terminated (SIGTERM)'), 143));
process.on('unhandledRejection', (e) => fail(e));

// ---------------------------------------------------------------------------------------------
// Server

function startServer(port) {
  if (!fs.existsSync(serverMain))
    throw new Error(`${serverMain} is missing — build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build`);
  const auth = dbConfig.password
    ? `${encodeURIComponent(dbConfig.user)}:${encodeURIComponent(dbConfig.password)}`
    : encodeURIComponent(dbConfig.user);
  const env = {
    ...process.env,
    ...NO_RATE_LIMITS,
    PORT: String(port),
    DATABASE_URL: `mysql://${auth}@${dbConfig.host}:${dbConfig.port}/${dbName}`,
    LOG_LEVEL: 'warn',
    MEDIA_DIR: mediaDir,
    DEMO: '1',
    DEMO_CASES: '0',
    JWT_SECRET: process.env.JWT_SECRET || randomUUID(),
  };
  const child = spawn(process.execPath, [serverMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function waitHealthy(base, server, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null)
      throw new Error(`server exited during start-up (code ${server.child.exitCode}):\n${server.output()}`);
    try {
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs / 1000} s:\n${server.output()}`);
}

async function jsonFetch(url, init, expected, timeoutMs = 15_000) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} (expected ${expected}): ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

let clkTck = null;
function cpuSecondsOf(pid) {
  try {
    clkTck ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clkTck;
  } catch {
    return null;
  }
}
function machineBusySeconds() {
  try {
    clkTck ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / clkTck;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Months, in city time (UTC+8), like server/src/common/month.ts.

function monthRange(month) {
  const [y, m] = month.split('-').map(Number);
  return { start: new Date(Date.UTC(y, m - 1, 1) - CITY_OFFSET_MS), end: new Date(Date.UTC(y, m, 1) - CITY_OFFSET_MS) };
}
function cityMonthOf(at) {
  return new Date(at.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 7);
}
function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
/** 'YYYY-MM-DD HH:MM:SS' in UTC, what the server stores (it runs with timezone Z). */
const sqlDate = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

// ---------------------------------------------------------------------------------------------
// Case generation: lifecycles like server/src/seed/demo-cases.plan.ts (same side paths and rates),
// in calendar hours rather than working time, each case consistent with its history.

const hex = '0123456789abcdef';
/** A random v4-shaped UUID (the server's ids are crypto.randomUUID(): random order in the primary key). */
function uuid(rand) {
  let s = '';
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) s += '-';
    s += i === 12 ? '4' : i === 16 ? hex[8 + Math.floor(rand() * 4)] : hex[Math.floor(rand() * 16)];
  }
  return s;
}
const q = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const d = (ms) => (ms === null || ms === undefined ? 'NULL' : `'${sqlDate(ms)}'`);

const DESCRIPTIONS = [
  '路边堆着一堆生活垃圾，气味很大',
  '商户占道经营，行人只能走机动车道',
  '工地没有覆盖防尘网，风一吹满街扬尘',
  '行道树倒伏压在人行道上',
  '井盖破损，晚上很危险',
  '路灯不亮已经好几天了',
];

function limitHours(cat) {
  const v = Number(cat.time_limit_value);
  if (cat.time_limit_unit === 'workday') return v * 24 * 1.4; // weekends between, roughly
  if (cat.time_limit_unit === 'workhour') return v * 3; // 8 working hours a day, roughly
  return v;
}

/**
 * Produces the cases in report order as SQL row literals. `ref` holds the reference rows read from
 * the database. Events after `nowMs` do not happen yet: the case stays where it is.
 */
function* generateCases(ref, total, fromMs, toMs, nowMs) {
  const rand = prng(20240601);
  const between = (lo, hi) => lo + rand() * (hi - lo);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const { categories, grids, unitsByStreet, unitsByDistrict, units, users } = ref;
  const days = Math.ceil((toMs - fromMs) / 86400_000);
  const perDay = total / days;
  let made = 0;
  let carry = 0;
  for (let day = 0; day < days && made < total; day++) {
    carry += perDay;
    let n = Math.floor(carry);
    carry -= n;
    if (day === days - 1) n = total - made;
    n = Math.min(n, total - made);
    const dayStart = fromMs + day * 86400_000; // city midnight (fromMs is a city month start)
    const times = Array.from({ length: n }, () => dayStart + between(7, 21) * HOUR)
      .filter((t) => t < toMs)
      .sort((a, b) => a - b);
    const dayNo = new Date(dayStart + CITY_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
    let seq = 0;
    for (const reportedAt of times) {
      made++;
      const id = uuid(rand);
      const caseNo = `XC${dayNo}${String(++seq).padStart(4, '0')}`;
      const patrol = rand() < 0.2;
      const reporter = patrol ? users.inspector : pick(users.citizens);
      const cat = pick(categories);
      const grid = pick(grids);
      const c = {
        status: 'reported',
        unitId: null,
        deadline: null,
        registeredAt: null,
        dispatchedAt: null,
        lastFinishedAt: null,
        closedAt: null,
        reworked: 0,
        selfHandled: 0,
        rating: null,
        ratedAt: null,
        inspectorId: null,
        openRequest: null,
      };
      const moves = [];
      let t = reportedAt;
      moves.push(['report', null, 'reported', reporter, patrol ? 'inspector' : 'citizen', t, null]);
      const move = (action, to, actor, role, lo, hi, data = null) => {
        const at = t + between(lo, hi) * HOUR;
        if (at >= nowMs) return false;
        t = at;
        moves.push([action, c.status, to, actor, role, t, data]);
        c.status = to;
        return true;
      };
      const unitFor = (not) => {
        const r = rand();
        let u = null;
        if (r < 0.6) u = unitsByStreet.get(grid.street_code);
        else if (r < 0.8) u = unitsByDistrict.get(grid.district_code);
        if (!u || u === not) u = pick(units);
        if (u === not) u = units[(units.indexOf(u) + 1) % units.length];
        return u;
      };
      walk: {
        if (patrol && rand() < 0.35) {
          // 自处理: closed on the spot, never dispatched (no unit).
          Object.assign(c, { status: 'closed', selfHandled: 1, registeredAt: t, lastFinishedAt: t, closedAt: t });
          moves.push(['self-handle', 'reported', 'closed', users.inspector, 'inspector', t, null]);
          break walk;
        }
        if (!patrol && rand() < 0.12) {
          if (!move('request-verify', 'verifying', users.operator, 'operator', 0.3, 2)) break walk;
          c.inspectorId = users.inspector;
          const ok = rand() < 0.85;
          if (!move('verify', 'reported', users.inspector, 'inspector', 1, 6)) break walk;
          c.inspectorId = null;
          if (!ok) {
            move('refuse', 'refused', users.operator, 'operator', 0.2, 2);
            break walk;
          }
        }
        if (rand() < 0.06) {
          move('refuse', 'refused', users.operator, 'operator', 0.5, 4);
          break walk;
        }
        if (!move('register', 'registered', users.operator, 'operator', 0.5, 4)) break walk;
        c.registeredAt = t;
        if (rand() < 0.03) {
          move('void', 'voided', users.operator, 'operator', 1, 24);
          break walk;
        }
        let unit = unitFor(null);
        const dispatch = (u) => {
          if (!move('dispatch', 'dispatched', users.dispatcher, 'dispatcher', 0.2, 2)) return false;
          c.unitId = u;
          c.dispatchedAt = t;
          c.deadline = t + limitHours(cat) * HOUR;
          moves.at(-1)[6] = `{"unitId":"${u}","deadline":"${new Date(c.deadline).toISOString()}"}`;
          return true;
        };
        if (!dispatch(unit)) break walk;
        const handler = users.handler;
        if (rand() < 0.04) {
          if (!move('request-return', 'dispatched', handler, 'handler', 0.5, 3)) break walk;
          c.openRequest = 'return';
          if (!move('approve-return', 'registered', users.dispatcher, 'dispatcher', 0.5, 3, `{"fromUnitId":"${unit}"}`)) break walk;
          Object.assign(c, { openRequest: null, unitId: null, deadline: null, dispatchedAt: null });
          unit = unitFor(unit);
          if (!dispatch(unit)) break walk;
        }
        if (rand() < 0.04) {
          if (!move('pend', 'pending', users.dispatcher, 'dispatcher', 2, 24)) break walk;
          if (rand() < 0.6) break walk;
          if (!move('resume', 'dispatched', users.dispatcher, 'dispatcher', 24, 120)) break walk;
        }
        if (rand() < 0.06) {
          if (!move('request-extension', 'dispatched', handler, 'handler', 0.5, 3)) break walk;
          c.openRequest = 'extension';
          const extended = c.deadline + 48 * HOUR;
          const data = `{"from":"${new Date(c.deadline).toISOString()}","deadline":"${new Date(extended).toISOString()}"}`;
          if (!move('approve-extension', 'dispatched', users.dispatcher, 'dispatcher', 0.5, 4, data)) break walk;
          c.openRequest = null;
          c.deadline = extended;
        }
        for (let r = 0; r < 2; r++) {
          // Most finish well inside the limit; about a fifth run late.
          const span = Math.max(1, (c.deadline - t) / HOUR);
          if (!move('finish', 'handled', handler, 'handler', span * 0.1, span * 1.25)) break walk;
          c.lastFinishedAt = t;
          if (!move('request-check', 'checking', users.operator, 'operator', 0.5, 3)) break walk;
          c.inspectorId = users.inspector;
          const passed = r > 0 || rand() > 0.1;
          if (!move('check', passed ? 'checked' : 'dispatched', users.inspector, 'inspector', 1, 6)) break walk;
          c.inspectorId = null;
          if (passed) break;
          c.reworked = 1;
        }
        if (!move('close', 'closed', users.operator, 'operator', 0.5, 3)) break walk;
        c.closedAt = t;
        if (!patrol && rand() < 0.45) {
          const rating = pick([5, 5, 5, 4, 4, 3, 2]);
          if (move('rate', 'closed', reporter, 'citizen', 2, 48, `{"rating":${rating}}`)) {
            c.rating = rating;
            c.ratedAt = t;
          }
        }
      }
      const caseRow = `(${q(id)},${q(caseNo)},${q(c.status)},${moves.length},${q(patrol ? 'patrol' : 'citizen')},${q(cat.code)},${q(cat.theme)},${q(pick(DESCRIPTIONS))},${grid.lat},${grid.lng},NULL,${q(grid.code)},${q(grid.street_code)},${q(grid.district_code)},${q(reporter)},${q(c.unitId)},${q(c.inspectorId)},${q(c.openRequest)},NULL,${d(c.deadline)},${d(reportedAt)},${d(c.registeredAt)},${d(c.dispatchedAt)},${d(c.lastFinishedAt)},${d(c.closedAt)},${c.reworked},${c.selfHandled},NULL,'[]','[]',${c.rating ?? 'NULL'},NULL,${d(c.ratedAt)},${d(t)})`;
      const historyRows = moves.map(([action, from, to, actor, role, at, data], i) => [
        at,
        `(${q(id)},${i + 1},${q(action)},${q(from)},${q(to)},${q(actor)},${q(role)},NULL,'[]',${data === null ? 'NULL' : q(data)},${d(at)})`,
      ]);
      yield { caseRow, historyRows, reportedAt };
    }
  }
}

const CASE_COLUMNS =
  'id, case_no, status, version, channel, category_code, theme, description, lat, lng, address, grid_code, street_code, district_code, reporter_id, unit_id, inspector_id, open_request, requested_deadline, deadline, reported_at, registered_at, dispatched_at, last_finished_at, closed_at, reworked, self_handled, duplicate_of, media_ids, after_media_ids, rating, rating_comment, rated_at, updated_at';
const HISTORY_COLUMNS = 'case_id, seq, action, from_status, to_status, actor_id, actor_role, note, media_ids, data, at';

async function readReference(conn) {
  const [categories] = await conn.query(
    'SELECT code, theme, time_limit_value, time_limit_unit FROM categories WHERE parent_code IS NOT NULL AND time_limit_value IS NOT NULL AND theme IS NOT NULL',
  );
  const [grids] = await conn.query(
    'SELECT code, street_code, district_code, (min_lat + max_lat) / 2 AS lat, (min_lng + max_lng) / 2 AS lng FROM grids',
  );
  const [unitRows] = await conn.query('SELECT id, street_code, district_code FROM units');
  const [userRows] = await conn.query('SELECT id, roles FROM users');
  if (!categories.length || !grids.length || !unitRows.length)
    throw new Error(`reference data missing (categories ${categories.length}, grids ${grids.length}, units ${unitRows.length})`);
  for (const g of grids) {
    g.lat = Number(g.lat).toFixed(7);
    g.lng = Number(g.lng).toFixed(7);
  }
  const unitsByStreet = new Map();
  const unitsByDistrict = new Map();
  for (const u of unitRows) {
    if (u.street_code) unitsByStreet.set(u.street_code, u.id);
    else if (u.district_code) unitsByDistrict.set(u.district_code, u.id);
  }
  const withRole = (r) => userRows.filter((u) => String(u.roles).split(',').includes(r)).map((u) => u.id);
  const one = (r) => withRole(r)[0] ?? userRows[0].id;
  const users = {
    citizens: withRole('citizen').length ? withRole('citizen') : [userRows[0].id],
    inspector: one('inspector'),
    operator: one('operator'),
    dispatcher: one('dispatcher'),
    handler: one('handler'),
  };
  return { categories, grids, units: unitRows.map((u) => u.id), unitsByStreet, unitsByDistrict, users };
}

/**
 * Inserts the generated cases and their history with multi-row INSERTs on WORKERS connections.
 * Each chunk (BATCH cases) is one cases INSERT plus its history rows (sorted by time within the
 * chunk, so history ids roughly follow time as in production) in BATCH-row INSERTs.
 */
async function generate(ref, total, fromMs, toMs, nowMs) {
  const conns = [];
  for (let i = 0; i < WORKERS; i++) {
    const c = await mysql.createConnection({ ...dbConfig, database: dbName, charset: 'utf8mb4_unicode_ci' });
    state.conns.add(c);
    // Every value generated is unique where an index says so (random UUIDs, case numbers per day,
    // (case_id, seq)), so the per-session unique check is skipped; there are no foreign keys.
    await c.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    conns.push(c);
  }
  const gen = generateCases(ref, total, fromMs, toMs, nowMs);
  const started = performance.now();
  const deadline = started + GEN_SECONDS * 1000;
  let cases = 0;
  let history = 0;
  let lastLog = started;
  let done = false;
  let timedOut = false;
  const nextChunk = () => {
    if (done) return null;
    const caseRows = [];
    const hist = [];
    for (let i = 0; i < BATCH; i++) {
      const n = gen.next();
      if (n.done) {
        done = true;
        break;
      }
      caseRows.push(n.value.caseRow);
      for (const h of n.value.historyRows) hist.push(h);
    }
    if (!caseRows.length) return null;
    hist.sort((a, b) => a[0] - b[0]);
    const statements = [`INSERT INTO cases (${CASE_COLUMNS}) VALUES ${caseRows.join(',')}`];
    for (let i = 0; i < hist.length; i += BATCH)
      statements.push(
        `INSERT INTO case_history (${HISTORY_COLUMNS}) VALUES ${hist
          .slice(i, i + BATCH)
          .map((h) => h[1])
          .join(',')}`,
      );
    return { statements, cases: caseRows.length, history: hist.length };
  };
  await Promise.all(
    conns.map(async (c) => {
      for (;;) {
        if (state.stopGeneration) return;
        if (performance.now() > deadline) {
          timedOut = true;
          return;
        }
        const chunk = nextChunk();
        if (!chunk) return;
        // Cases and their history in one transaction: a chunk is all there or not at all.
        await c.query('START TRANSACTION');
        for (const s of chunk.statements) await c.query(s);
        await c.query('COMMIT');
        cases += chunk.cases;
        history += chunk.history;
        const now = performance.now();
        if (now - lastLog > 10_000) {
          lastLog = now;
          const s = (now - started) / 1000;
          log(
            `generated ${cases.toLocaleString('en')} / ${total.toLocaleString('en')} cases, ${history.toLocaleString('en')} history rows in ${s.toFixed(0)} s (${Math.round(cases / s).toLocaleString('en')} cases/s, ${Math.round(history / s).toLocaleString('en')} history rows/s)`,
          );
        }
      }
    }),
  );
  for (const c of conns) {
    await c.end();
    state.conns.delete(c);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    cases,
    history,
    seconds: round(seconds, 1),
    casesPerSecond: round(cases / seconds, 0),
    historyRowsPerSecond: round(history / seconds, 0),
    timedOut,
  };
}

// ---------------------------------------------------------------------------------------------
// The statements measured.

const FINISHED = "'handled','checking','checked','closed'";

/** (a) Lower bound from the case columns: one GROUP BY unit over the month's registered cases. */
const SQL_COLUMNS = `SELECT c.unit_id AS unitId, COUNT(*) AS registered,
       SUM(c.status NOT IN ('pending','voided')) AS due,
       SUM(c.status = 'closed') AS closed,
       SUM(c.status = 'closed' AND (c.deadline IS NULL OR c.last_finished_at <= c.deadline)) AS closedOnTime,
       SUM(c.status NOT IN ('pending','voided') AND c.deadline IS NOT NULL AND (
             (c.status IN (${FINISHED}) AND c.last_finished_at > c.deadline) OR (c.status NOT IN (${FINISHED}) AND c.deadline < ?))) AS overdue,
       SUM(c.status NOT IN ('pending','voided') AND c.reworked > 0) AS reworked
  FROM cases c
 WHERE c.registered_at >= ? AND c.registered_at < ? AND c.registered_at <= ? AND c.unit_id IS NOT NULL
 GROUP BY c.unit_id`;

/**
 * A copy of the statement that takes a closed month's snapshot (server/src/stats/stats.service.ts,
 * aggregate() at a past cut-off, MariaDB flavour): every case reported or registered in the month,
 * one pass over its whole history through the covering index idx_history_case_at; status, last
 * finish and rework up to the cut-off; the unit and deadline from the columns unless a move after
 * the cut-off changed them (then from the history's JSON). Run directly for its cost, the EXPLAIN
 * and to check the stored snapshot unit by unit; keep in step with the server when it changes.
 */
const lastData = (expr, actions) =>
  `(SELECT ${expr} FROM case_history h2 WHERE h2.case_id = x.id AND h2.at <= :cutoff AND h2.action IN (${actions}) ORDER BY h2.seq DESC LIMIT 1)`;
const inMonth = (col) => `${col} >= :start AND ${col} < :end AND ${col} <= :cutoff`;
const SQL_SNAPSHOT = `SELECT s.unit_id AS unitId, SUM(s.rep) AS reported, SUM(s.reg) AS registered,
       SUM(CASE WHEN s.reg = 1 AND s.st NOT IN ('pending','voided') THEN 1 ELSE 0 END) AS due,
       SUM(CASE WHEN s.reg = 1 AND s.st = 'closed' THEN 1 ELSE 0 END) AS closed,
       SUM(CASE WHEN s.reg = 1 AND s.st = 'closed' AND (s.deadline IS NULL OR s.lf <= s.deadline) THEN 1 ELSE 0 END) AS closedOnTime,
       SUM(CASE WHEN s.reg = 1 AND s.st NOT IN ('pending','voided') AND s.deadline IS NOT NULL AND (
              (s.st IN (${FINISHED}) AND s.lf > s.deadline) OR (s.st NOT IN (${FINISHED}) AND s.deadline < :cutoff)) THEN 1 ELSE 0 END) AS overdue,
       SUM(CASE WHEN s.reg = 1 AND s.st NOT IN ('pending','voided') AND s.rw > 0 THEN 1 ELSE 0 END) AS reworked
  FROM (SELECT x.rep, x.reg, x.st, x.lf, x.rw,
               CASE WHEN x.moved = 0 THEN x.unit_id ELSE ${lastData("JSON_VALUE(h2.data, '$.unitId')", "'dispatch','approve-return'")} END AS unit_id,
               CASE WHEN x.moved = 0 THEN x.deadline ELSE ${lastData("CAST(REPLACE(LEFT(JSON_VALUE(h2.data, '$.deadline'), 19), 'T', ' ') AS DATETIME)", "'dispatch','approve-extension','approve-return'")} END AS deadline
          FROM (SELECT c.id AS id, c.unit_id AS unit_id, c.deadline AS deadline,
                       CASE WHEN ${inMonth('c.reported_at')} THEN 1 ELSE 0 END AS rep,
                       CASE WHEN ${inMonth('c.registered_at')} THEN 1 ELSE 0 END AS reg,
                       SUBSTRING(MAX(CASE WHEN h.at <= :cutoff THEN CONCAT(LPAD(h.seq, 5, '0'), h.to_status) END), 6) AS st,
                       MAX(CASE WHEN h.at <= :cutoff AND h.action IN ('finish','self-handle') THEN h.at END) AS lf,
                       SUM(CASE WHEN h.at <= :cutoff AND h.action = 'check' AND h.to_status = 'dispatched' THEN 1 ELSE 0 END) AS rw,
                       MAX(CASE WHEN h.at > :cutoff AND h.action IN ('dispatch','approve-extension','approve-return') THEN 1 ELSE 0 END) AS moved
                  FROM (SELECT r.id FROM cases r WHERE ${inMonth('r.registered_at')}
                        UNION SELECT p.id FROM cases p WHERE ${inMonth('p.reported_at')}) m
                  JOIN cases c ON c.id = m.id JOIN case_history h ON h.case_id = c.id
                 GROUP BY c.id, c.unit_id, c.deadline, c.reported_at, c.registered_at) x) s
 GROUP BY s.unit_id`;
/** Its side aggregate: the month's ratings by unit. */
const SQL_SNAPSHOT_RATINGS = `SELECT c.unit_id AS unitId, COUNT(c.rating) AS n, SUM(c.rating) AS total FROM cases c WHERE ${inMonth('c.rated_at')} GROUP BY c.unit_id`;

function named(sql, p) {
  const values = [];
  const text = sql.replace(/:(cutoff|start|end)\b/g, (_, k) => {
    values.push(p[k]);
    return '?';
  });
  return [text, values];
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return { ms: performance.now() - t0, r };
}

function stats(list) {
  const s = [...list].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { min: round(s[0], 1), median: round(median, 1), max: round(s.at(-1), 1), runs: list.map((x) => round(x, 1)) };
}

const STATUS_VARS = [
  'Questions',
  'Handler_read_first',
  'Handler_read_last',
  'Com_select',
  'Com_insert',
  'Com_delete',
  'Com_update',
  'Handler_read_key',
  'Handler_read_next',
  'Handler_read_prev',
  'Handler_read_rnd_next',
  'Innodb_buffer_pool_read_requests',
  'Innodb_buffer_pool_reads',
];
async function dbStatus(conn) {
  const [rows] = await conn.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${STATUS_VARS.map(() => '?').join(',')})`, STATUS_VARS);
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}
const delta = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));

// ---------------------------------------------------------------------------------------------

async function main() {
  const now = Date.now();
  const month = addMonths(cityMonthOf(new Date(now)), -1); // the last complete month: cut-off in the past
  const { start, end } = monthRange(month);
  const firstMonth = addMonths(month, -(MONTHS - 1));
  const fromMs = monthRange(firstMonth).start.getTime();
  log(
    `evaluation-month benchmark: ${CASES.toLocaleString('en')} cases over ${firstMonth} … ${month} (benchmark month ${month}, cut-off ${end.toISOString()}); database ${dbName}`,
  );
  const loadavgAtStart = os.loadavg().map((x) => round(x, 2));

  state.admin = await mysql.createConnection(dbConfig);
  const [[{ v: mariadbVersion }]] = await state.admin.query('SELECT VERSION() AS v');
  const [[bp]] = await state.admin.query('SELECT @@innodb_buffer_pool_size AS b');
  await state.admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  state.dbCreated = true;

  // 1. Migrations, reference data and demo accounts, then stop the server for the generation.
  let port = await freePort();
  let base = `http://127.0.0.1:${port}`;
  let server = startServer(port);
  await waitHealthy(base, server);
  log(`server up on ${base} (migrations and reference data done); stopping it for the generation`);
  await stopServer();

  const conn = await mysql.createConnection({ ...dbConfig, database: dbName, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  state.conns.add(conn);
  const indexesOf = async () => {
    const [rows] = await conn.query(
      "SELECT TABLE_NAME AS t, INDEX_NAME AS i, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols, MIN(NON_UNIQUE) AS nu FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('cases','case_history') GROUP BY TABLE_NAME, INDEX_NAME ORDER BY 1, 2",
    );
    return rows.map((r) => `${r.t}.${r.i}(${r.cols})${Number(r.nu) ? '' : ' unique'}`);
  };
  const indexesBefore = await indexesOf();
  const ref = await readReference(conn);
  log(`reference: ${ref.units.length} units, ${ref.categories.length} categories, ${ref.grids.length} grids`);

  // 2. Generation.
  log(
    `generating ${CASES.toLocaleString('en')} cases with ${WORKERS} connections, ${BATCH} rows per INSERT (bounded to ${GEN_SECONDS} s)…`,
  );
  // Secondary indexes: dropped for the load (a bulk load's usual way; with a small buffer pool, random
  // index inserts dominate otherwise), then built again, each from its recorded definition.
  const [indexDefs] = await conn.query(
    "SELECT TABLE_NAME AS t, INDEX_NAME AS i, GROUP_CONCAT(CONCAT('`', COLUMN_NAME, '`') ORDER BY SEQ_IN_INDEX) AS cols, MIN(NON_UNIQUE) AS nu FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('cases','case_history') AND INDEX_NAME <> 'PRIMARY' GROUP BY TABLE_NAME, INDEX_NAME",
  );
  const byTable = (t) => indexDefs.filter((x) => x.t === t);
  if (REBUILD_INDEXES) {
    for (const t of ['cases', 'case_history'])
      await conn.query(
        `ALTER TABLE \`${t}\` ${byTable(t)
          .map((x) => `DROP INDEX \`${x.i}\``)
          .join(', ')}`,
      );
    log(`dropped ${indexDefs.length} secondary indexes for the load`);
  }
  const generation = await generate(ref, CASES, fromMs, end.getTime(), now);
  if (REBUILD_INDEXES) {
    const t1 = performance.now();
    for (const t of ['cases', 'case_history']) {
      await conn.query(
        `ALTER TABLE \`${t}\` ${byTable(t)
          .map((x) => `ADD ${Number(x.nu) ? '' : 'UNIQUE '}INDEX \`${x.i}\` (${x.cols})`)
          .join(', ')}`,
      );
    }
    generation.indexBuildSeconds = round((performance.now() - t1) / 1000, 1);
    log(`built the ${indexDefs.length} secondary indexes again in ${generation.indexBuildSeconds} s`);
  }
  log(
    `generated ${generation.cases.toLocaleString('en')} cases and ${generation.history.toLocaleString('en')} history rows in ${generation.seconds} s (${generation.casesPerSecond} cases/s, ${generation.historyRowsPerSecond} history rows/s)${generation.timedOut ? ` — STOPPED by BENCH_GEN_SECONDS=${GEN_SECONDS}: fewer cases than asked` : ''}`,
  );
  const t0 = performance.now();
  await conn.query('ANALYZE TABLE cases, case_history');
  const analyzeSeconds = round((performance.now() - t0) / 1000, 1);
  const indexesAfter = await indexesOf();
  if (JSON.stringify(indexesBefore) !== JSON.stringify(indexesAfter))
    throw new Error(`indexes changed during generation:\n${indexesBefore.join('\n')}\n→\n${indexesAfter.join('\n')}`);
  const [[sizes]] = await conn.query(
    "SELECT SUM(CASE WHEN TABLE_NAME = 'cases' THEN DATA_LENGTH + INDEX_LENGTH END) AS casesBytes, SUM(CASE WHEN TABLE_NAME = 'case_history' THEN DATA_LENGTH + INDEX_LENGTH END) AS historyBytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
  );
  // The table totals are the generator's own (a COUNT(*) over 7 M history rows took over 30 minutes
  // on a busy machine with a 128 MB buffer pool); the month's counts go through registered_at's index.
  const [[monthCounts]] = await conn.query(
    'SELECT COUNT(*) AS monthRegistered, SUM(unit_id IS NOT NULL) AS monthWithUnit FROM cases WHERE registered_at >= ? AND registered_at < ?',
    [sqlDate(start.getTime()), sqlDate(end.getTime())],
  );
  const counts = { cases: generation.cases, history: generation.history, ...monthCounts };
  const data = {
    cases: Number(counts.cases),
    historyRows: Number(counts.history),
    historyPerCase: round(Number(counts.history) / Number(counts.cases), 2),
    monthRegistered: Number(counts.monthRegistered),
    monthRegisteredWithUnit: Number(counts.monthWithUnit),
    casesTableMB: round(Number(sizes.casesBytes) / 2 ** 20, 0),
    historyTableMB: round(Number(sizes.historyBytes) / 2 ** 20, 0),
    indexes: indexesAfter,
  };
  log(
    `data: ${data.cases.toLocaleString('en')} cases (${data.casesTableMB} MB), ${data.historyRows.toLocaleString('en')} history rows (${data.historyTableMB} MB); ${data.monthRegisteredWithUnit.toLocaleString('en')} cases registered in ${month} with a unit; ANALYZE ${analyzeSeconds} s`,
  );

  // 3. The server again, on the full data set.
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startServer(port);
  await waitHealthy(base, server);
  log(`server up on ${base} (pid ${server.child.pid})`);
  const { accessToken } = await jsonFetch(
    `${base}/api/v1/auth/demo`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-evaluator' }) },
    200,
  );

  const cutoff = sqlDate(end.getTime());
  const p = { start: sqlDate(start.getTime()), end: sqlDate(end.getTime()), cutoff };
  const runA = () => conn.query(SQL_COLUMNS, [cutoff, p.start, p.end, cutoff]).then(([rows]) => rows);
  const runS = () => conn.query(...named(SQL_SNAPSHOT, p)).then(([rows]) => rows);
  const runC = () =>
    jsonFetch(
      `${base}/api/v1/evaluations/${month}/compute`,
      { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } },
      200,
      600_000,
    );

  const dbPid = mariadbPid();
  const measure = async (name, fn) => {
    const cpu0 = { server: cpuSecondsOf(server.child.pid), db: dbPid ? cpuSecondsOf(dbPid) : null, machine: machineBusySeconds() };
    const s0 = await dbStatus(state.admin);
    const { ms, r } = await timed(fn);
    const s1 = await dbStatus(state.admin);
    const cpu1 = { server: cpuSecondsOf(server.child.pid), db: dbPid ? cpuSecondsOf(dbPid) : null, machine: machineBusySeconds() };
    const sub = (k) => (cpu0[k] === null || cpu1[k] === null ? null : round(cpu1[k] - cpu0[k], 2));
    const cpu = { serverSeconds: sub('server'), mariadbSeconds: sub('db'), machineBusySeconds: sub('machine') };
    cpu.otherProcessesCores = round(
      Math.max(0, cpu.machineBusySeconds - (cpu.serverSeconds ?? 0) - (cpu.mariadbSeconds ?? 0)) / (ms / 1000),
      2,
    );
    return { name, ms, r, db: delta(s0, s1), cpu, loadavg: loadavg() };
  };

  // The month must not have been taken yet (the server looks hourly): the first compute takes it.
  const [[{ n: before }]] = await conn.query('SELECT COUNT(*) AS n FROM month_figures WHERE month = ?', [month]);
  if (Number(before)) throw new Error(`month_figures already holds ${month} before the first compute`);

  // 1. Cold, right after the server started: the bound (a) once, then the first compute of the
  //    closed month, which takes its snapshot (once per month, for good).
  const coldA = await measure('a', runA);
  log(`cold (a): ${round(coldA.ms, 0)} ms`);
  const first = await measure('first compute', runC);
  const [[{ n: taken }]] = await conn.query('SELECT COUNT(*) AS n FROM month_figures WHERE month = ?', [month]);
  log(`first compute (takes the snapshot: ${taken} rows): ${round(first.ms, 0)} ms`);
  if (!Number(taken)) throw new Error('the first compute of a closed month left no snapshot in month_figures');

  // 2. RUNS rounds in rotating order: (a), (c) — computes that read the snapshot — and the snapshot's
  //    statement alone (what taking it costs, for the record).
  const variants = { a: runA, c: runC, s: runS };
  const times = { a: [], c: [], s: [] };
  const per = { a: [], c: [], s: [] };
  let cBody, sRows;
  const orders = [
    ['a', 'c', 's'],
    ['c', 's', 'a'],
    ['s', 'a', 'c'],
  ];
  for (let i = 0; i < RUNS; i++) {
    for (const k of orders[i % orders.length]) {
      const m = await measure(k, variants[k]);
      times[k].push(m.ms);
      per[k].push(m);
      if (k === 'c') cBody = m.r;
      if (k === 's') sRows = m.r;
    }
    log(
      `round ${i + 1}/${RUNS}: (a) ${round(times.a.at(-1), 0)} ms, (c) ${round(times.c.at(-1), 1)} ms, snapshot statement ${round(times.s.at(-1), 0)} ms; load ${loadavg().join(' ')}`,
    );
  }

  // 3. Verification: the stored snapshot equals the statement unit by unit (ratings included), the
  //    compute scored every member unit, and the draft's figures are the snapshot's city.
  const [ratingRows] = await conn.query(...named(SQL_SNAPSHOT_RATINGS, p));
  const fromStatement = new Map();
  const keyOf = (u) => (u === null || u === undefined ? '' : String(u));
  const blank = () => ({
    reported: 0,
    registered: 0,
    due: 0,
    closed: 0,
    closedOnTime: 0,
    overdue: 0,
    reworked: 0,
    ratingSum: 0,
    ratingCount: 0,
  });
  for (const r of sRows) {
    const x = fromStatement.get(keyOf(r.unitId)) ?? blank();
    for (const k of ['reported', 'registered', 'due', 'closed', 'closedOnTime', 'overdue', 'reworked']) x[k] += Number(r[k]);
    fromStatement.set(keyOf(r.unitId), x);
  }
  for (const r of ratingRows) {
    const x = fromStatement.get(keyOf(r.unitId)) ?? blank();
    x.ratingSum += Number(r.total ?? 0);
    x.ratingCount += Number(r.n);
    fromStatement.set(keyOf(r.unitId), x);
  }
  if (!fromStatement.has('')) fromStatement.set('', blank());
  const [storedRows] = await conn.query(
    'SELECT unit_id AS unitId, reported, registered, due, closed, closed_on_time AS closedOnTime, overdue, reworked, rating_sum AS ratingSum, rating_count AS ratingCount FROM month_figures WHERE month = ?',
    [month],
  );
  const stored = new Map(
    storedRows.map((r) => [
      r.unitId,
      Object.fromEntries(
        Object.entries(r)
          .filter(([k]) => k !== 'unitId')
          .map(([k, v]) => [k, Number(v)]),
      ),
    ]),
  );
  const canon = (m) => JSON.stringify([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const agree = canon(stored) === canon(fromStatement);
  if (!agree)
    throw new Error(
      `the stored snapshot differs from the statement:\n${canon(stored).slice(0, 800)}\n${canon(fromStatement).slice(0, 800)}`,
    );
  const [[{ members }]] = await conn.query(
    'SELECT COUNT(*) AS members FROM group_memberships WHERE from_month <= ? AND (to_month IS NULL OR to_month > ?)',
    [month, month],
  );
  if (cBody.units !== Number(members)) throw new Error(`compute scored ${cBody.units} units, the month has ${members} member units`);
  const [[draft]] = await conn.query('SELECT figures FROM evaluations WHERE month = ? AND revision = ?', [month, cBody.revision]);
  const draftFigures = typeof draft.figures === 'string' ? JSON.parse(draft.figures) : draft.figures;
  const cityReported = [...stored.values()].reduce((x, r) => x + r.reported, 0);
  if (draftFigures.reported !== cityReported)
    throw new Error(`draft figures ${JSON.stringify(draftFigures)} vs snapshot city reported ${cityReported}`);
  const cityRegistered = [...stored.values()].reduce((x, r) => x + r.registered, 0);
  log(
    `verified: month_figures (${stored.size} rows) = the statement unit by unit; ${cBody.units} units scored; city ${cityReported} reported, ${cityRegistered} registered`,
  );

  const [explainS] = await conn.query(`EXPLAIN ${named(SQL_SNAPSHOT, p)[0]}`, named(SQL_SNAPSHOT, p)[1]);
  const [explainA] = await conn.query(`EXPLAIN ${SQL_COLUMNS}`, [cutoff, p.start, p.end, cutoff]);
  const slimExplain = (rows) =>
    rows.map((r) => ({ id: r.id, select_type: r.select_type, table: r.table, type: r.type, key: r.key, rows: r.rows, Extra: r.Extra }));

  const A = stats(times.a),
    C = stats(times.c),
    S = stats(times.s);
  const rowsRead = (db) =>
    db.Handler_read_key +
    db.Handler_read_next +
    db.Handler_read_prev +
    db.Handler_read_rnd_next +
    db.Handler_read_first +
    db.Handler_read_last;
  const lastC = per.c.at(-1);
  const results = {
    benchmark: 'evaluation-month',
    at: new Date().toISOString(),
    settings: {
      cases: CASES,
      months: MONTHS,
      month,
      cutoff: end.toISOString(),
      runs: RUNS,
      workers: WORKERS,
      batch: BATCH,
      genSecondsLimit: GEN_SECONDS,
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      mariadb: mariadbVersion,
      innodbBufferPoolMB: round(Number(bp.b) / 2 ** 20, 0),
      loadavgAtStart,
      loadavgAtEnd: loadavg(),
    },
    generation: { ...generation, analyzeSeconds },
    data,
    timesMs: { a_columnsBound: A, c_httpCompute: C, s_snapshotStatement: S },
    coldMs: { a: round(coldA.ms, 1), firstComputeTakingSnapshot: round(first.ms, 1) },
    ratios: {
      c_over_a: round(C.median / A.median, 3),
      firstCompute_over_a: round(first.ms / coldA.ms, 2),
      s_over_a: round(S.median / A.median, 2),
    },
    aims: {
      under2s: { aimMs: AIM_MS, actualMedianMs: C.median, met: C.median <= AIM_MS },
      within15xOfColumnsBound: { aim: AIM_RATIO, actual: round(C.median / A.median, 3), met: C.median <= AIM_RATIO * A.median },
    },
    check: { snapshotEqualsStatement: agree, snapshotRows: stored.size, unitsScored: cBody.units, computeResponse: cBody },
    perCompute: {
      statements: lastC.db.Questions,
      rowsRead: rowsRead(lastC.db),
      db: lastC.db,
      cpu: lastC.cpu,
      loadavg: lastC.loadavg,
    },
    firstCompute: {
      statements: first.db.Questions,
      rowsRead: rowsRead(first.db),
      bufferPoolMisses: first.db.Innodb_buffer_pool_reads,
      cpu: first.cpu,
      loadavg: first.loadavg,
    },
    perStatementDb: { a: per.a.at(-1).db, s: per.s.at(-1).db },
    rowsRead: { a: rowsRead(per.a.at(-1).db), s: rowsRead(per.s.at(-1).db), c: rowsRead(lastC.db) },
    otherProcessesCores: {
      a: per.a.map((m) => m.cpu.otherProcessesCores),
      c: per.c.map((m) => m.cpu.otherProcessesCores),
      s: per.s.map((m) => m.cpu.otherProcessesCores),
    },
    explain: { snapshot: slimExplain(explainS), a: slimExplain(explainA) },
  };
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(resultFile, JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  log(`figures written to ${path.relative(root, resultFile)}`);
}

function loadavg() {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return os.loadavg().map((x) => round(x, 2));
  }
}

function printTable(res) {
  const t = res.timesMs;
  const mark = (m) => (m ? 'met' : 'NOT MET');
  const rows = [
    ['(a) bound: one GROUP BY over the case columns', t.a_columnsBound, res.coldMs.a],
    ['(c) HTTP POST /evaluations/:month/compute', t.c_httpCompute, res.coldMs.firstComputeTakingSnapshot],
    ["    the snapshot's statement alone (once a month)", t.s_snapshotStatement, null],
  ].map(([name, s, c]) => [name, `${s.min}`, `${s.median}`, `${s.max}`, c === null ? '–' : `${c}`]);
  const head = ['', 'min ms', 'median ms', 'max ms', 'cold ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const g = res.generation;
  console.log(
    `\nEvaluation month ${res.settings.month} — ${res.data.cases.toLocaleString('en')} cases, ${res.data.historyRows.toLocaleString('en')} history rows, ${res.data.monthRegisteredWithUnit.toLocaleString('en')} cases of the month with a unit; ${res.settings.runs} runs; ${res.machine.cpus} CPU(s), MariaDB ${res.machine.mariadb} (buffer pool ${res.machine.innodbBufferPoolMB} MB), Node ${res.machine.node}; load ${res.machine.loadavgAtStart.join(' ')} → ${res.machine.loadavgAtEnd.join(' ')}`,
  );
  console.log(
    `Generation: ${g.cases.toLocaleString('en')} cases + ${g.history.toLocaleString('en')} history rows in ${g.seconds} s (${g.casesPerSecond} cases/s)${g.indexBuildSeconds !== undefined ? `, then the secondary indexes built in ${g.indexBuildSeconds} s` : ''}${g.timedOut ? ' — STOPPED at the time limit' : ''}`,
  );
  const line = '-'.repeat(widths.reduce((a, b) => a + b + 3, 0));
  console.log(line);
  console.log(head.map((c, i) => c.padEnd(widths[i])).join(' | '));
  console.log(line);
  for (const r of rows) console.log(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | '));
  console.log(line);
  console.log(`(cold (c) is the month's first compute, which takes the snapshot)`);
  console.log(
    `(c)/(a) = ${res.ratios.c_over_a}× (medians); first compute/(a) cold = ${res.ratios.firstCompute_over_a}×; snapshot statement/(a) = ${res.ratios.s_over_a}×`,
  );
  console.log(`Aim ≤ ${AIM_MS} ms: median ${t.c_httpCompute.median} ms — ${mark(res.aims.under2s.met)}`);
  console.log(
    `Aim ≤ ${AIM_RATIO}× the bound (a): ${res.aims.within15xOfColumnsBound.actual}× — ${mark(res.aims.within15xOfColumnsBound.met)}`,
  );
  const pc = res.perCompute;
  console.log(
    `One compute: ${pc.statements} statements, ${pc.rowsRead} rows read (global counters), server CPU ${pc.cpu.serverSeconds} s, MariaDB CPU ${pc.cpu.mariadbSeconds} s; (a): ${res.rowsRead.a} rows read; the snapshot statement: ${res.rowsRead.s} rows read`,
  );
  console.log(
    `First compute (snapshot taken): ${res.firstCompute.statements} statements, ${res.firstCompute.rowsRead} rows read, ${res.firstCompute.bufferPoolMisses} buffer-pool misses`,
  );
  console.log(`Other processes' cores during (c): ${res.otherProcessesCores.c.join(', ')} (should be ~0; if not, the machine was shared)`);
  console.log(
    `Snapshot (${res.check.snapshotRows} rows) equals the statement unit by unit: ${res.check.snapshotEqualsStatement ? 'yes' : 'NO'}\n`,
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

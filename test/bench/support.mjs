// What the benchmarks share: a free port, waiting for the server's health, JSON requests, and CPU
// accounting from /proc (the server's, MariaDB's and the whole machine's).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

let clkTck = null;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process, in seconds (from /proc; null where that is unavailable). */
export function cpuSecondsOf(pid) {
  try {
    clkTck ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clkTck;
  } catch {
    return null;
  }
}

export function mariadbPid() {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      return Number(execFileSync('pidof', ['-s', name], { encoding: 'utf8' }).trim()) || null;
    } catch {}
  }
  return null;
}

/** Busy CPU seconds of the whole machine (all processes), from /proc/stat. */
export function machineBusySeconds() {
  try {
    clkTck ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / clkTck;
  } catch {
    return null;
  }
}

export async function waitHealthy(base, server, timeoutMs = 90_000) {
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

export async function jsonFetch(url, init, expected) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} (expected ${expected}): ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** A small real JPEG (made with the server's sharp), for uploads. */
export async function makeJpeg(root) {
  const require = createRequire(path.join(root, 'server', 'package.json'));
  const sharp = require('sharp');
  const w = 64,
    h = 48;
  const raw = Buffer.alloc(w * h * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + (i >> 5)) & 0xff;
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/**
 * Budgets out of the way: a benchmark measures the path, not the rate limits (those are proven by
 * server/test/rate-limits.int-spec.ts). One demo account sends thousands of requests a second here.
 */
export const NO_RATE_LIMITS = Object.fromEntries(
  [
    'LOGIN_PER_MIN',
    'REQUESTS_PER_MIN',
    'REPORTS_PER_HOUR',
    'REPORTS_PER_DAY',
    'UPLOADS_PER_HOUR',
    'ACTIONS_PER_MIN',
    'OPEN311_WRITES_PER_HOUR',
    'STAFF_REPORTS_PER_HOUR',
    'STAFF_REPORTS_PER_DAY',
    'STAFF_UPLOADS_PER_HOUR',
    'STAFF_ACTIONS_PER_MIN',
  ].map((name) => [`RATE_LIMIT_${name}`, '1000000']),
);

/**
 * A fresh database for an in-process benchmark: an SQLite file in `dir`, or a MariaDB database
 * `xc_bench_<tag>_<pid>` on `mysqlUrl` (no database part), with a way to drop it.
 */
export async function benchDatabase(engine, { dir, mysqlUrl, tag, root }) {
  if (engine !== 'mariadb') return { url: `sqlite:${path.join(dir, 'db.sqlite')}`, drop: async () => {} };
  const mysql = (await import(path.join(root, 'test', 'node_modules', 'mysql2', 'promise.js'))).default;
  const name = `xc_bench_${tag}_${process.pid}`;
  const run = async (sql) => {
    const conn = await mysql.createConnection(mysqlUrl);
    await conn.query(sql);
    await conn.end();
  };
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  return { url: `${mysqlUrl}/${name}`, drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``) };
}

/**
 * A V8 CPU profile (`node --cpu-prof`) summed per function over a window: from the first to the
 * last sample whose stack holds a function named by `mark` (the phase under study, not start-up).
 * Returns the window, the idle share, and the top functions by self and by inclusive samples, as
 * shares of the busy (non-idle) samples. On a loaded machine a sample also counts time the thread
 * waited for a core, most visibly in the syscalls that wake another process.
 */
export function summarizeCpuProfile(file, mark, top = 20) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) times.push((t += d));
  const marked = new Set(p.nodes.filter((n) => mark.test(n.callFrame.functionName)).map((n) => n.id));
  const inMark = (id) => {
    for (let c = id; c !== undefined; c = parent.get(c)) if (marked.has(c)) return true;
    return false;
  };
  let lo = Infinity;
  let hi = -Infinity;
  p.samples.forEach((s, i) => {
    if (!inMark(s)) return;
    lo = Math.min(lo, times[i]);
    hi = Math.max(hi, times[i]);
  });
  const name = (n) => {
    const f = n.callFrame;
    const where = f.url
      .replace(/^file:\/\//, '')
      .replace(/.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
      .replace(/.*\/(server|shared)\//, '$1/');
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  let idle = 0;
  p.samples.forEach((s, i) => {
    if (times[i] < lo || times[i] > hi) return;
    total++;
    const n = byId.get(s);
    if (n.callFrame.functionName === '(idle)') {
      idle++;
      return;
    }
    self.set(name(n), (self.get(name(n)) ?? 0) + 1);
    const seen = new Set();
    for (let c = s; c !== undefined; c = parent.get(c)) {
      const k = name(byId.get(c));
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + 1);
    }
  });
  const busy = total - idle;
  const rank = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, n]) => ({ fn, pctOfBusy: Math.round((1000 * n) / busy) / 10 }));
  return {
    windowS: Math.round((hi - lo) / 1e5) / 10,
    samples: total,
    idlePct: Math.round((1000 * idle) / total) / 10,
    self: rank(self),
    inclusive: rank(incl),
  };
}

#!/usr/bin/env node
// Benchmark: seeding the dense demo month (DEMO_VOLUME=full, 35,395 cases and their histories) on
// MariaDB at server start, next to its lower bound in the same run: MariaDB copying the very rows
// it just stored into empty tables of the same shape and indexes (INSERT … SELECT, no client,
// no network). Not part of `npm test`. See test/bench/README.md (section demo-month).
//
//   node test/bench/demo-month.bench.mjs
//
// Env: BENCH_DEMO_VOLUME (full) — passed as DEMO_VOLUME; BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306);
//      BENCH_KEEP_DB=1 — keep the database (its name is printed).
// Build first: pnpm --filter @xc/shared build && pnpm --filter @xc/server build
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { freePort, waitHealthy } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverMain = path.join(root, 'server', 'dist', 'main.js');
const VOLUME = process.env.BENCH_DEMO_VOLUME || 'full';
const MYSQL_URL = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
const dbName = `xc_bench_demo_${process.pid}_${Date.now().toString(36)}`;
const dbConfig = {
  host: MYSQL_URL.hostname,
  port: Number(MYSQL_URL.port || 3306),
  user: decodeURIComponent(MYSQL_URL.username || 'root'),
  password: decodeURIComponent(MYSQL_URL.password || ''),
};
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-media-'));
const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

if (!fs.existsSync(serverMain)) throw new Error(`${serverMain} is missing — build first: pnpm --filter @xc/server build`);
const admin = await mysql.createConnection(dbConfig);
await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
let server = null;
try {
  const port = await freePort();
  const auth = dbConfig.password ? `${dbConfig.user}:${encodeURIComponent(dbConfig.password)}` : dbConfig.user;
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `mysql://${auth}@${dbConfig.host}:${dbConfig.port}/${dbName}`,
    LOG_LEVEL: 'info',
    MEDIA_DIR: mediaDir,
    DEMO: '1',
    DEMO_CASES: '1',
    DEMO_VOLUME: VOLUME,
    JOBS: '0',
    JWT_SECRET: randomUUID(),
  };
  const started = Date.now();
  const child = spawn(process.execPath, [serverMain], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  server = { child, output: () => out.slice(-20_000) };
  await waitHealthy(`http://127.0.0.1:${port}`, server, 900_000);
  const startMs = Date.now() - started;
  const lines = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  const seeded = lines.filter((l) => l.msg === 'demo cases seeded');
  const done = lines.find((l) => l.msg === 'seed done');
  if (seeded.length < 2) throw new Error(`expected two 'demo cases seeded' lines (light and dense month):\n${server.output()}`);
  const month = seeded[1];

  const db = await mysql.createConnection({ ...dbConfig, database: dbName });
  const [[{ cases }]] = await db.query('SELECT COUNT(*) AS cases FROM cases');
  const [[{ moves }]] = await db.query('SELECT COUNT(*) AS moves FROM case_history');
  // Lower bound: the server's own copy of the same rows into tables with the same indexes.
  const copyStarted = Date.now();
  for (const table of ['cases', 'case_history']) {
    await db.query(`CREATE TABLE \`bench_${table}\` LIKE \`${table}\``);
    await db.query(`INSERT INTO \`bench_${table}\` SELECT * FROM \`${table}\``);
  }
  const copyMs = Date.now() - copyStarted;
  await db.end();

  const insertMs = month.ms - month.photosMs;
  const result = {
    volume: VOLUME,
    cases: Number(cases),
    moves: Number(moves),
    monthCases: month.cases,
    startToHealthyMs: startMs,
    monthSeedMs: month.ms,
    monthPlanAndInsertMs: insertMs,
    lowerBoundCopyMs: copyMs,
    ratio: Math.round((insertMs / copyMs) * 10) / 10,
    loadAverage1m: Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    inserted: done?.inserted ?? null,
  };
  log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(root, 'test', 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test', 'artifacts', 'bench-demo-month.json'), JSON.stringify(result, null, 2));
  log(
    `dense month: ${month.cases} cases planned and inserted in ${(insertMs / 1000).toFixed(1)} s; ` +
      `MariaDB copying all ${cases} cases and ${moves} moves takes ${(copyMs / 1000).toFixed(1)} s: ratio ${result.ratio}`,
  );
} finally {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.on('exit', r));
  }
  if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${dbName}`);
  else await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.end();
  fs.rmSync(mediaDir, { recursive: true, force: true });
}

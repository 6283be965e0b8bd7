#!/usr/bin/env node
// Benchmark (issue 13): the cluster of test/cluster/ (s3rver, API processes on one MariaDB and
// Redis, nginx in front).
// 1. Case creation through nginx with one API process behind it, then two (same database, same
//    run, same clients); the ratio is printed. On a 2-core machine MariaDB, Redis, nginx and the
//    clients share the cores with the API processes, so the ratio is well under 2.
// 2. Anonymous read routes (public case list, Open311 requests, rankings) at 200 concurrent readers
//    against one process with DATABASE_REPLICA_URLS (a second database on the same MariaDB stands in
//    for the replica) and one without; the ratio is printed. Same server, so no gain is expected
//    here: the figure shows what the replica routing costs, not what a real replica buys.
// Not part of `npm test`. Build first (`npm run build`); needs nginx, MariaDB and Redis.
//
//   node test/bench/cluster.bench.mjs
//
// Env: BENCH_SECONDS (10), BENCH_WRITERS (32), BENCH_CONNECTIONS (200).
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { caseBody, client, startCluster } from '../cluster/cluster.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 32);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const INSPECTOR = '00000000-0000-4000-8000-000000000003';

const cluster = await startCluster({ apis: 2, replica: true, env: { JOBS: '0', LOG_LEVEL: 'warn' } });
try {
  const ports = cluster.apis.map((p) => p.port);
  const one = await cluster.startNginx([ports[0]]);
  const two = cluster.nginx;

  // Photos as rows (the upload pipeline is not what is measured): one per case to be created.
  const mediaPool = [];
  const addMedia = async (n) => {
    const rows = Array.from({ length: n }, () => {
      const t = randomBytes(16).toString('hex');
      return [randomUUID(), INSPECTOR, t, 'image/jpeg', 'jpg', 64, 48, 1000, `${t}.jpg`, `${t}.thumb.jpg`, `${t}p.jpg`, `${t}p.thumb.jpg`];
    });
    await cluster.db.query(
      'INSERT INTO media (id, owner_id, token, mime, ext, width, height, bytes, storage_key, thumb_key, public_key, public_thumb_key) VALUES ?',
      [rows],
    );
    mediaPool.push(...rows.map((r) => r[0]));
  };
  const token = await client(two.base).login('demo-inspector');

  async function writes(base, label) {
    const c = client(base);
    const until = Date.now() + SECONDS * 1000;
    let done = 0;
    let failed = 0;
    const latencies = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (Date.now() < until) {
          if (!mediaPool.length) await addMedia(500);
          const media = mediaPool.pop();
          const t0 = performance.now();
          const r = await c.call('POST', '/api/v1/cases', {
            token,
            body: caseBody([media]),
            headers: { 'Idempotency-Key': `bench-${randomUUID()}` },
          });
          latencies.push(performance.now() - t0);
          if (r.status === 201) done++;
          else failed++;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const perSecond = done / SECONDS;
    console.log(
      `${label}: ${perSecond.toFixed(1)} cases/s (${done} in ${SECONDS} s, ${failed} failed), p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(0)} ms`,
    );
    return perSecond;
  }

  await addMedia(2000);
  await writes(two.base, 'warm-up'); // JIT, pools, caches
  // Alternated, so that a busy moment of the (shared) machine or the growing table favours neither.
  let w1 = 0;
  let w2 = 0;
  for (let round = 0; round < 2; round++) {
    w1 += await writes(one.base, 'case creation via nginx, 1 API process ');
    w2 += await writes(two.base, 'case creation via nginx, 2 API processes');
  }
  console.log(`ratio 2 processes / 1 process: ${(w2 / w1).toFixed(2)}\n`);

  // The replica gets the primary's rows ("replication"), then the readers.
  const tables = (await cluster.db.query('SHOW TABLES')).map((r) => Object.values(r)[0]);
  await cluster.db.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const t of tables) {
    await cluster.db.query(`DELETE FROM \`${cluster.db.replica}\`.\`${t}\``);
    await cluster.db.query(`INSERT INTO \`${cluster.db.replica}\`.\`${t}\` SELECT * FROM \`${t}\``);
  }
  await cluster.db.query('SET FOREIGN_KEY_CHECKS = 1');
  const withReplica = cluster.apis[0];
  const withoutReplica = await cluster.startExtra({ DATABASE_REPLICA_URLS: '', JOBS: '0', LOG_LEVEL: 'warn' });
  const paths = ['/api/v1/cases?limit=20', '/api/open311/v2/requests.json', '/api/v1/rankings', '/api/v1/cases/counts'];

  async function reads(base, label) {
    const statuses = {};
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      requests: paths.map((p) => ({ method: 'GET', path: p, onResponse: (s) => (statuses[s] = (statuses[s] ?? 0) + 1) })),
    });
    console.log(
      `${label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, statuses ${JSON.stringify(statuses)}`,
    );
    return result.requests.average;
  }
  await reads(withoutReplica.base, 'warm-up');
  await reads(withReplica.base, 'warm-up');
  let r0 = 0;
  let r1 = 0;
  for (let round = 0; round < 2; round++) {
    r0 += await reads(withoutReplica.base, `reads at ${CONNECTIONS} readers, primary only     `);
    r1 += await reads(withReplica.base, `reads at ${CONNECTIONS} readers, with the replica   `);
  }
  console.log(`ratio with replica / primary only: ${(r1 / r0).toFixed(2)}`);
} finally {
  await cluster.stop();
}

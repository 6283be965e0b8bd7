// Memory and responsiveness under 64 parallel 10 MB photo uploads (issue 12: "Uploads that cannot
// exhaust the machine"). The server streams each upload to a temporary file and decodes two at a
// time; before, it held every upload whole in memory (128 parallel 10 MB uploads took it from
// 750 MB to 1.7 GB and /api/health to 10 s).
//
//   pnpm --filter @xc/shared build && pnpm --filter @xc/server build
//   node test/bench/upload-memory.bench.mjs
//
// Env: BENCH_UPLOADS (64), BENCH_UPLOAD_MB (10), BENCH_SERVER_ENV (extra server variables as a query
// string, e.g. `UPLOAD_DECODE_CONCURRENCY=1&MALLOC_ARENA_MAX=2`). Prints the server's RSS before and at its peak
// (sampled from /proc every 50 ms), /api/health latency while the uploads run (polled every 100 ms),
// how many uploads were taken (201) or refused as busy (503), and the lower bound of the same run:
// the bytes that holding every upload in memory would take (uploads × size), with the ratio.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, jsonFetch, waitHealthy } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharp = createRequire(path.join(root, 'server', 'package.json'))('sharp');
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 64);
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 10);
const LIMIT = 10 * 1024 * 1024; // the server's MAX_UPLOAD_BYTES

const rssKb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return null;
  }
};
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null);

/** A camera-like JPEG (noise compresses like a photo) of just under `mb` megabytes and at most the server's limit. */
async function photoOf(mb) {
  const target = Math.min(mb * 1024 * 1024, LIMIT);
  let side = 3000;
  for (let i = 0; i < 8; i++) {
    const buf = await sharp({
      create: {
        width: Math.round(side * 1.33),
        height: side,
        channels: 3,
        background: '#4a7ab5',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 92 })
      .toBuffer();
    if (buf.length <= target && buf.length > target * 0.9) return buf;
    side = Math.round(side * Math.sqrt((target * 0.95) / buf.length));
  }
  throw new Error('could not make a photo of the wanted size');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-upload-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
    MEDIA_DIR: path.join(dir, 'media'),
    UPLOAD_TMP_DIR: path.join(dir, 'tmp'),
    DEMO: '1',
    DEMO_CASES: '0',
    LOG_LEVEL: 'warn',
    JOBS: '0',
    // As `npm start` runs it: glibc keeps at most two malloc arenas, so memory that libvips' threads
    // free goes back instead of staying in per-thread arenas (README, deployment).
    MALLOC_ARENA_MAX: '2',
    ...(process.env.BENCH_SERVER_ENV ? Object.fromEntries(new URLSearchParams(process.env.BENCH_SERVER_ENV)) : {}),
    // One user sends them all: lift the per-user budgets, keep the upload pipeline's own limits.
    RATE_LIMIT_UPLOADS_PER_HOUR: '100000',
    RATE_LIMIT_REQUESTS_PER_MIN: '1000000',
    UPLOAD_UNATTACHED_MAX: '100000',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const server = { child, output: () => output };
const stop = () => {
  if (child.exitCode === null) child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

try {
  await waitHealthy(base, server);
  const { accessToken } = await jsonFetch(
    `${base}/api/v1/auth/demo`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"demo-citizen"}' },
    200,
  );
  const photo = await photoOf(MB);
  // Warm the pipeline once (first decode loads libvips code), then let the heap settle.
  const form = () => {
    const f = new FormData();
    f.append('file', new Blob([photo], { type: 'image/jpeg' }), 'IMG_0001.jpg');
    return f;
  };
  const warm = await fetch(`${base}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form() });
  if (warm.status !== 201) throw new Error(`warm-up upload → ${warm.status} ${await warm.text()}`);
  await new Promise((r) => setTimeout(r, 2000));
  const before = [];
  for (let i = 0; i < 20; i++) {
    before.push(rssKb(child.pid));
    await new Promise((r) => setTimeout(r, 50));
  }
  const baselineKb = pct(before, 50);

  let peakKb = baselineKb;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peakKb = Math.max(peakKb, rssKb(child.pid) ?? 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  // The health probe runs in a process of its own, so that this one's work (sending 600 MB) never
  // delays a probe: what it measures is the server.
  const prober = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http');
       const out = []; let stop = false;
       process.on('message', () => { stop = true; });
       (async () => {
         while (!stop) {
           const t0 = performance.now();
           await new Promise((resolve) => {
             const req = http.get(process.argv[1], { agent: false, timeout: 30000 }, (res) => { res.resume(); res.on('end', resolve); });
             req.on('timeout', () => req.destroy());
             req.on('error', resolve);
           });
           out.push(performance.now() - t0);
           await new Promise((r) => setTimeout(r, 100));
         }
         process.send(out, () => process.exit(0));
       })();`,
      `${base}/api/health`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const healthDone = new Promise((resolve) => prober.once('message', resolve));
  const loadBefore = os.loadavg()[0].toFixed(1);
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: UPLOADS }, async () => {
      const r = await fetch(`${base}/api/v1/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form(),
        signal: AbortSignal.timeout(900_000),
      });
      await r.text();
      return r.status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  running = false;
  prober.send('stop');
  const health = await healthDone;
  await sampler;

  const count = (s) => statuses.filter((x) => x === s).length;
  const growthMb = (peakKb - baselineKb) / 1024;
  const inMemoryMb = (UPLOADS * photo.length) / 1024 / 1024;
  const figures = {
    uploads: UPLOADS,
    uploadBytes: photo.length,
    taken: count(201),
    busy503: count(503),
    other: statuses.filter((s) => s !== 201 && s !== 503),
    seconds: Math.round(seconds * 10) / 10,
    rssBaselineMb: Math.round(baselineKb / 1024),
    rssPeakMb: Math.round(peakKb / 1024),
    rssGrowthMb: Math.round(growthMb),
    healthMs: {
      samples: health.length,
      p50: Math.round(pct(health, 50)),
      p99: Math.round(pct(health, 99)),
      max: Math.round(Math.max(...health)),
    },
    lowerBound: { heldInMemoryMb: Math.round(inMemoryMb), ratio: Math.round((growthMb / inMemoryMb) * 100) / 100 },
  };
  console.log(
    `\n${UPLOADS} parallel uploads of ${(photo.length / 1024 / 1024).toFixed(1)} MB (one user), in ${figures.seconds} s; machine load average before: ${loadBefore}`,
  );
  console.log(`  taken 201: ${figures.taken}, refused busy 503: ${figures.busy503}, other: ${JSON.stringify(figures.other)}`);
  console.log(`  server RSS: ${figures.rssBaselineMb} MB before, ${figures.rssPeakMb} MB at peak → growth ${figures.rssGrowthMb} MB`);
  console.log(
    `  /api/health while uploading: p50 ${figures.healthMs.p50} ms, p99 ${figures.healthMs.p99} ms, max ${figures.healthMs.max} ms (${health.length} probes)`,
  );
  console.log(
    `  lower bound of the same run — the uploads held in memory: ${figures.lowerBound.heldInMemoryMb} MB; growth / that = ${figures.lowerBound.ratio}`,
  );
  console.log(
    `  aim: RSS growth < 300 MB: ${growthMb < 300 ? 'met' : 'NOT MET'}; health under 1 s: ${figures.healthMs.max < 1000 ? 'met' : 'NOT MET'}`,
  );
  fs.mkdirSync(path.join(root, 'test', 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test', 'artifacts', 'bench-upload-memory.json'), JSON.stringify(figures, null, 2));
  if (fs.existsSync(path.join(dir, 'tmp')) && fs.readdirSync(path.join(dir, 'tmp')).length)
    throw new Error(`temporary upload files left behind: ${fs.readdirSync(path.join(dir, 'tmp')).length}`);
} catch (err) {
  console.error(err);
  console.error(server.output().slice(-2000));
  process.exitCode = 1;
} finally {
  stop();
}

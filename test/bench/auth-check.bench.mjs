// The per-request cost of revocation (issue 12): every authenticated request checks the user's
// token version and whether the account is active. Measured in-process on the built server's own
// AuthGuard, against the lower bound of the same run: verifying the JWT signature alone (all the
// guard did before).
//
//   pnpm --filter @xc/shared build && pnpm --filter @xc/server build
//   node test/bench/auth-check.bench.mjs
//
// Env: BENCH_CHECKS (20000 per mode), BENCH_REDIS_URL (redis://127.0.0.1:6379; keys under a
// prefix of this run's own, deleted at the end), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306).
// Modes: the state cached in process memory (no REDIS_URL: the default), read from Redis (REDIS_URL
// set), and read from the database on every request (AUTH_STATE_CACHE_MS=0), on SQLite and MariaDB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchDatabase } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(path.join(root, 'server', 'dist', p));
const { createApp } = await dist('app.factory.js');
const { loadConfig } = await dist('config/app-config.js');
const { createLogger } = await dist('common/logger.js');
const { AuthGuard } = await dist('auth/auth.guard.js');
const { AuthService } = await dist('auth/auth.service.js');
const { AuthStateService } = await dist('auth/auth-state.service.js');
const fromServer = createRequire(path.join(root, 'server', 'package.json'));
const nest = (pkg) => import(pathToFileURL(fromServer.resolve(pkg)).href);
const { Reflector } = await nest('@nestjs/core');
const { JwtService } = await nest('@nestjs/jwt');

const N = Number(process.env.BENCH_CHECKS ?? 20000);
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const prefix = `xc-bench-${process.pid}-${Date.now().toString(36)}:`;

/** A route with no metadata: protected, any role. */
class Probe {
  handle() {}
}
const context = (req) => ({
  getHandler: () => Probe.prototype.handle,
  getClass: () => Probe,
  switchToHttp: () => ({ getRequest: () => req }),
});

async function measure(label, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-bench-auth-'));
  const db = await benchDatabase(env.engine, { dir, mysqlUrl: MYSQL, tag: 'auth', root });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DEMO_CASES: '0',
    JOBS: '0',
    DATABASE_URL: db.url,
    MEDIA_DIR: path.join(dir, 'media'),
    CLIENT_DIR: path.join(dir, 'none'),
    ...env.vars,
  });
  const app = await createApp(config, createLogger(config));
  await app.init();
  try {
    const { accessToken } = await app.get(AuthService).loginAsDemo({ username: 'demo-citizen' });
    // The guard as the app builds it (an APP_GUARD is not retrievable by class): its own dependencies.
    const jwt = app.get(JwtService);
    const guard = new AuthGuard(app.get(Reflector), jwt, app.get(AuthStateService));
    const req = { headers: { authorization: `Bearer ${accessToken}` } };
    const run = async (fn) => {
      for (let i = 0; i < 500; i++) await fn(); // warm-up
      const times = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        const t0 = performance.now();
        await fn();
        times[i] = performance.now() - t0;
      }
      times.sort();
      const mean = times.reduce((s, x) => s + x, 0) / N;
      return { meanUs: mean * 1000, p99Us: times[Math.floor(N * 0.99)] * 1000 };
    };
    const verifyOnly = await run(() => jwt.verifyAsync(accessToken));
    const full = await run(async () => {
      if (!(await guard.canActivate(context(req)))) throw new Error('refused');
      if (!req.actor) throw new Error('no actor');
    });
    return { label, verifyOnly, full };
  } finally {
    await app.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
results.push(await measure('memory cache (default, no REDIS_URL), SQLite', { vars: {} }));
results.push(await measure('Redis (REDIS_URL set), SQLite', { vars: { REDIS_URL: REDIS, REDIS_KEY_PREFIX: prefix } }));
results.push(await measure('database every request (AUTH_STATE_CACHE_MS=0), SQLite', { vars: { AUTH_STATE_CACHE_MS: '0' } }));
try {
  results.push(
    await measure('database every request (AUTH_STATE_CACHE_MS=0), MariaDB', { engine: 'mariadb', vars: { AUTH_STATE_CACHE_MS: '0' } }),
  );
  results.push(
    await measure('Redis (REDIS_URL set), MariaDB', { engine: 'mariadb', vars: { REDIS_URL: REDIS, REDIS_KEY_PREFIX: prefix } }),
  );
} catch (err) {
  console.error(`MariaDB modes skipped: ${err.message}`);
}

console.log(`\nAuthGuard per request, ${N} sequential checks per mode (µs; lower bound = JWT verification alone, same run)`);
console.log('mode'.padEnd(60), 'guard mean', 'p99', 'verify-only mean', 'ratio');
for (const r of results)
  console.log(
    r.label.padEnd(60),
    r.full.meanUs.toFixed(1).padStart(10),
    r.full.p99Us.toFixed(1).padStart(6),
    r.verifyOnly.meanUs.toFixed(1).padStart(16),
    (r.full.meanUs / r.verifyOnly.meanUs).toFixed(2).padStart(6),
  );
fs.mkdirSync(path.join(root, 'test', 'artifacts'), { recursive: true });
fs.writeFileSync(path.join(root, 'test', 'artifacts', 'bench-auth-check.json'), JSON.stringify(results, null, 2));

// Delete this run's Redis keys (never FLUSHALL: the Redis is shared).
const { Redis } = await import(path.join(root, 'server', 'node_modules', 'ioredis', 'built', 'index.js'));
const redis = new Redis(REDIS, { lazyConnect: true });
try {
  await redis.connect();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
} finally {
  redis.disconnect();
}
process.exit(0);

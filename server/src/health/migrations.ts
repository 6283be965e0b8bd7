import http from 'node:http';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';

/** How long a second `migrate` waits for the first one's lock (MariaDB), in seconds. */
const LOCK_WAIT_SECONDS = 600;

async function openDatabase(config: AppConfig): Promise<DataSource> {
  // The primary only: migrations and their bookkeeping never go to a replica.
  const ds = new DataSource({ ...dataSourceOptions(config.database), migrationsRun: false });
  return ds.initialize();
}

/**
 * Applies the pending migrations once (`node server/dist/migrate.js`, or an API process with
 * MIGRATIONS_RUN=1 before it serves). On MariaDB a named lock keeps two of them from migrating at
 * the same time: the second waits, then finds nothing pending. Returns the names applied.
 */
export async function runMigrations(config: AppConfig, logger?: Logger): Promise<string[]> {
  const ds = await openDatabase(config);
  const lockRunner = config.database.type === 'mariadb' ? ds.createQueryRunner() : null;
  const lockName = config.database.type === 'mariadb' ? `xc-migrate:${config.database.database}`.slice(0, 64) : '';
  try {
    if (lockRunner) {
      const [row] = (await lockRunner.query('SELECT GET_LOCK(?, ?) AS got', [lockName, LOCK_WAIT_SECONDS])) as { got: number | string }[];
      if (Number(row?.got) !== 1) throw new Error(`another migration held the lock ${lockName} for ${LOCK_WAIT_SECONDS} s`);
    }
    const applied = await ds.runMigrations();
    logger?.info({ applied: applied.map((m) => m.name) }, applied.length ? 'migrations applied' : 'no migrations pending');
    return applied.map((m) => m.name);
  } finally {
    if (lockRunner) {
      await lockRunner.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
      await lockRunner.release();
    }
    await ds.destroy();
  }
}

/**
 * MIGRATIONS_RUN=0: waits until nothing is pending (a one-shot `migrate` has run), retrying while
 * the database is unreachable, so that this process never serves on an older schema.
 */
export async function waitForMigrations(config: AppConfig, logger?: Logger, intervalMs = 2000): Promise<void> {
  let said = 0;
  for (;;) {
    let ds: DataSource | null = null;
    let pending = true;
    let error: string | null = null;
    try {
      ds = await openDatabase(config);
      pending = await ds.showMigrations();
    } catch (err) {
      error = (err as Error).message;
    } finally {
      await ds?.destroy().catch(() => undefined);
    }
    if (!pending) return;
    if (Date.now() - said > 30_000) {
      said = Date.now();
      logger?.warn(
        error ? { err: error } : {},
        error ? 'database unreachable, waiting for it' : 'migrations pending: waiting for `migrate` (MIGRATIONS_RUN=0)',
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const MIGRATING = JSON.stringify({ ready: false, reason: 'migrating' });
const STARTING = JSON.stringify({ code: 'UNAVAILABLE', message: '服务正在启动，请稍后再试', details: {} });

/**
 * While a process migrates (or waits for migrations) before the application exists, its port
 * already answers: `/api/health/ready` 503 `{"ready":false,"reason":"migrating"}`, everything else
 * 503 with `Retry-After`. Closed (every connection) right before the application listens.
 */
export async function startMigratingPlaceholder(port: number): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const ready = req.url?.split('?')[0] === '/api/health/ready';
    res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '5', Connection: 'close' });
    res.end(ready ? MIGRATING : STARTING);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

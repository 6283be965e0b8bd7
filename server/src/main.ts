import { createApp } from './app.factory.js';
import { loadConfigOrExit } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { runMigrations, startMigratingPlaceholder, waitForMigrations } from './health/migrations.js';
import { drainAndClose } from './health/shutdown.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('服务未启动');
  const logger = createLogger(config);
  // Migrations first, while the port says 503 "migrating": applied here (MIGRATIONS_RUN=1, under a
  // lock on MariaDB), or by a one-shot `migrate` this process waits for (MIGRATIONS_RUN=0).
  const placeholder = await startMigratingPlaceholder(config.port);
  try {
    if (config.migrationsRun) await withRetries(() => runMigrations(config, logger));
    else await waitForMigrations(config, logger);
  } finally {
    await placeholder.close();
  }
  const app = await createApp({ ...config, migrationsRun: false }, logger);
  await app.listen(config.port, '0.0.0.0');
  const db =
    config.database.type === 'sqlite'
      ? `sqlite:${config.database.path}`
      : `mariadb://${config.database.host}:${config.database.port}/${config.database.database}`;
  logger.info({ port: config.port, db, demo: config.demo }, `许昌智慧城管便民服务平台 listening on http://localhost:${config.port}`);

  // Graceful shutdown (health/shutdown.ts): readiness 503, stop accepting, finish in-flight requests and jobs, close.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, ...config.shutdown }, 'draining, then shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdown.drainMs + config.shutdown.timeoutMs + 10_000);
    force.unref();
    drainAndClose(app, config.shutdown, logger).then(
      () => process.exit(0),
      (e) => {
        logger.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** A database that is still starting gets a few seconds (as TypeORM's own retries gave it before). */
async function withRetries<T>(fn: () => Promise<T>, tries = 4, delayMs = 1000): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

main().catch((e) => {
  console.error('启动失败:', e instanceof Error ? e.message : e);
  process.exit(1);
});

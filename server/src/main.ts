import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { drainAndClose } from './health/shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`配置错误，服务未启动。\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config);
  const app = await createApp(config, logger);
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

main().catch((e) => {
  console.error('启动失败:', e instanceof Error ? e.message : e);
  process.exit(1);
});

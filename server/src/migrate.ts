// One-shot migrations (`pnpm --filter @xc/server migrate`, or `node server/dist/migrate.js`): the
// step before a rolling restart, with API processes started with MIGRATIONS_RUN=0. Same
// configuration as the server (DATABASE_URL…), validated the same way; exit 0 when the schema is current.
import { loadConfigOrExit } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { runMigrations } from './health/migrations.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('迁移未执行');
  const logger = createLogger(config);
  await runMigrations(config, logger);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error('迁移失败:', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);

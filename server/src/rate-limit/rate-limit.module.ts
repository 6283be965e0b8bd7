import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logger.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { budgets } from './rate-limit.guard.js';
import { RateLimitStorage } from './rate-limit.storage.js';

/** @nestjs/throttler with the configured budgets, counted in Redis when there is one. Guard: RateLimitGuard. */
export const RateLimitModule = ThrottlerModule.forRootAsync({
  inject: [APP_CONFIG, REDIS_CLIENT, APP_LOGGER],
  useFactory: (config: AppConfig, redis: Redis | null, logger: Logger) => ({
    throttlers: budgets(config.rateLimits),
    storage: new RateLimitStorage(redis, config.redis.keyPrefix, logger),
    setHeaders: false,
  }),
});

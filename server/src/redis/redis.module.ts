import { type BeforeApplicationShutdown, type DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logger.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CacheBus } from './cache-bus.js';
import { REDIS_CLIENT } from './redis.token.js';

export { REDIS_CLIENT };

export async function connectRedis(url: string, logger?: Logger): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  client.on('error', (err) => logger?.warn({ err: err.message }, 'redis error'));
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`REDIS_URL: cannot connect to ${redact(url)}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

@Injectable()
class RedisShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}
  /** After every module's onModuleDestroy (running jobs have finished). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [APP_CONFIG, APP_LOGGER],
          useFactory: (config: AppConfig, logger: Logger) => (config.redis.url ? connectRedis(config.redis.url, logger) : null),
        },
        RedisShutdown,
        CacheBus,
      ],
      exports: [REDIS_CLIENT, CacheBus],
    };
  }
}

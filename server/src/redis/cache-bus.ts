import { randomBytes } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { forgetSharedAnswers } from '../common/http-cache.js';
import { APP_LOGGER } from '../common/logger.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS_CLIENT } from './redis.token.js';

/** Names of the in-process caches an admin change empties on every process. */
export type CacheName = 'categories' | 'grids' | 'units' | 'calendar' | 'published-evaluations' | 'public-answers' | 'recipients';

/**
 * Empties named in-process caches here and, with `REDIS_URL`, on every other process within
 * milliseconds (Redis pub/sub on `<REDIS_KEY_PREFIX>cache-invalidate`). A message missed while
 * Redis is away is bounded by each cache's own TTL.
 */
@Injectable()
export class CacheBus implements OnModuleInit, BeforeApplicationShutdown {
  private readonly origin = randomBytes(6).toString('hex');
  private readonly handlers = new Map<CacheName, (() => void)[]>();
  private readonly channel: string;
  private sub: Redis | null = null;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.channel = `${config.redis.keyPrefix}cache-invalidate`;
    this.on('public-answers', forgetSharedAnswers);
  }

  /** What emptying `name` means in this process (called at once here, and on messages from the others). */
  on(name: CacheName, clear: () => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), clear]);
  }

  /** Empties `name` here now, and tells the other processes. */
  invalidate(name: CacheName): void {
    this.clearLocal(name);
    this.redis
      ?.publish(this.channel, JSON.stringify({ name, origin: this.origin }))
      .catch((err: Error) => this.logger.warn({ err: err.message, cache: name }, 'cache invalidation not broadcast'));
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    // A subscribed connection can do nothing else: a second one, which waits for Redis instead of failing fast.
    this.sub = this.redis.duplicate({ enableOfflineQueue: true, lazyConnect: true });
    this.sub.on('error', (err) => this.logger.warn({ err: err.message }, 'cache bus: redis error'));
    this.sub.on('message', (_channel: string, raw: string) => {
      try {
        const msg = JSON.parse(raw) as { name: CacheName; origin: string };
        if (msg.origin !== this.origin) this.clearLocal(msg.name);
      } catch {
        this.logger.warn({ raw }, 'cache bus: unreadable message');
      }
    });
    await this.sub.connect();
    await this.sub.subscribe(this.channel);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sub?.quit().catch(() => this.sub?.disconnect());
  }

  private clearLocal(name: CacheName): void {
    for (const clear of this.handlers.get(name) ?? []) clear();
  }
}

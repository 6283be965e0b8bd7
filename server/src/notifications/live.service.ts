import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { LiveEventDto } from '@xc/shared';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logger.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';

/** What a live stream (SSE or WebSocket) carries: a hint to refresh, never the source of truth. */
export type LiveEvent = LiveEventDto;

interface Envelope {
  userIds: string[];
  event: LiveEvent;
}

/**
 * Fan-out of live events to the streams open on any process: through Redis pub/sub when Redis is
 * configured (each process subscribes once and hands events to its own listeners), in this process
 * otherwise. Losing an event is harmless: clients reload their lists on (re)connect.
 */
@Injectable()
export class LiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
  ) {
    this.channel = `${config.redis.keyPrefix}live-events`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    // A subscribed connection can do nothing else: a second one, with the same options.
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', (err) => this.logger.warn({ err: err.message }, 'live events: redis subscriber error'));
    this.subscriber.on('message', (_channel: string, raw: string) => {
      try {
        this.emitLocal(JSON.parse(raw) as Envelope);
      } catch {
        /* not ours */
      }
    });
    if (this.subscriber.status === 'wait') await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  async publish(userIds: string[], event: LiveEvent): Promise<void> {
    if (!userIds.length) return;
    const envelope: Envelope = { userIds, event };
    if (this.redis) {
      try {
        await this.redis.publish(this.channel, JSON.stringify(envelope));
        return;
      } catch (err) {
        // Redis down: at least the streams on this process hear it.
        this.logger.warn({ err: (err as Error).message }, 'live events: publish failed, delivering locally');
      }
    }
    this.emitLocal(envelope);
  }

  /** Listen for one user's events; returns the function that stops listening. */
  listen(userId: string, fn: (event: LiveEvent) => void): () => void {
    this.local.on(userId, fn);
    return () => this.local.off(userId, fn);
  }

  private emitLocal(envelope: Envelope): void {
    for (const id of envelope.userIds) this.local.emit(id, envelope.event);
  }
}

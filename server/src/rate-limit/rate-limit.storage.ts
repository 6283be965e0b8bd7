import { randomBytes } from 'node:crypto';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

interface StorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * A sliding log per key in a sorted set: drop hits older than the window, refuse when `limit`
 * remain, else add this hit. Redis' own clock, so processes with skewed clocks share one budget.
 * Returns the hits in the window (counting this one) and, when refused, ms until the oldest expires.
 */
const SLIDING_LOG = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  return {n + 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {n + 1, math.max(1, tonumber(oldest[2]) + ttl - now)}
`;

/**
 * Rate-limit budgets: in Redis when there is one (every process shares them), else in this
 * process's memory (@nestjs/throttler's own sliding window). While Redis cannot be reached the
 * process counts in memory, so limits still hold per process instead of vanishing.
 */
export class RateLimitStorage implements ThrottlerStorage {
  private readonly memory = new ThrottlerStorageService();
  private warned = 0;

  constructor(
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
    private readonly logger?: Logger,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    if (this.redis) {
      try {
        const [hits, retryMs] = (await this.redis.eval(
          SLIDING_LOG,
          1,
          `${this.keyPrefix}rl:${key}`,
          ttl,
          limit,
          randomBytes(6).toString('hex'),
        )) as [number, number];
        return {
          totalHits: hits,
          timeToExpire: Math.ceil(ttl / 1000),
          isBlocked: retryMs > 0,
          timeToBlockExpire: Math.ceil(retryMs / 1000),
        };
      } catch (err) {
        if (Date.now() - this.warned > 60_000) {
          this.warned = Date.now();
          this.logger?.warn({ err: (err as Error).message }, 'rate limits: Redis unreachable, counting in this process meanwhile');
        }
      }
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
  }
}

/**
 * The one Redis connection of this process (ioredis), or null when `REDIS_URL` is not set and
 * everything that would share state through it (rate-limit budgets, users' token state) stays in
 * this process's memory. Inject it as `@Inject(REDIS_CLIENT) redis: Redis | null` and prefix every
 * key with `config.redis.keyPrefix`. Commands fail at once while Redis is unreachable (no offline
 * queue): callers fall back (the database, or letting a request through) instead of hanging.
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { UsersService } from '../users/users.service.js';

/** What every request checks about the user behind an access token. */
export interface AuthState {
  version: number;
  active: boolean;
}

/** Redis entries live this long; a change overwrites them at once, expiry only bounds a lost write. */
const REDIS_TTL_MS = 60_000;
/** Entries kept in memory at most; beyond, the map starts over (a cache, not a store). */
const MAX_LOCAL_ENTRIES = 100_000;

const encode = (s: AuthState | null) => (s ? `${s.version}:${s.active ? 1 : 0}` : 'none');
function decode(raw: string): AuthState | null {
  if (raw === 'none') return null;
  const [version, active] = raw.split(':');
  return { version: Number(version), active: active === '1' };
}

/**
 * Each user's token version and whether the account is active, read on every authenticated
 * request. With Redis the state lives there, shared by every process: a change is written through
 * at once, so revocation takes effect on the next request everywhere. Without Redis each process
 * keeps it for `AUTH_STATE_CACHE_MS`; a change in this process takes effect here at once.
 */
@Injectable()
export class AuthStateService {
  private readonly local = new Map<string, { state: AuthState | null; at: number }>();
  /** Bumped by every local change, so a load that started before it never stores its older answer. */
  private readonly epochs = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly users: UsersService,
  ) {}

  async get(userId: string): Promise<AuthState | null> {
    if (this.redis) {
      const key = this.key(userId);
      try {
        const raw = await this.redis.get(key);
        if (raw !== null) return decode(raw);
      } catch {
        return this.load(userId); // Redis is down: the database answers, uncached
      }
      const state = await this.load(userId);
      // NX: a change written meanwhile is newer than what this request read.
      await this.redis.set(key, encode(state), 'PX', REDIS_TTL_MS, 'NX').catch(() => undefined);
      return state;
    }
    const hit = this.local.get(userId);
    if (hit && Date.now() - hit.at < this.config.authStateCacheMs) return hit.state;
    const epoch = this.epochs.get(userId) ?? 0;
    const state = await this.load(userId);
    if ((this.epochs.get(userId) ?? 0) === epoch) this.remember(userId, state);
    return state;
  }

  /** After a committed change to the user's version or activity: every process sees it from the next request. */
  async changed(userId: string): Promise<void> {
    this.epochs.set(userId, (this.epochs.get(userId) ?? 0) + 1);
    const state = await this.load(userId);
    if (this.redis) {
      await this.redis.set(this.key(userId), encode(state), 'PX', REDIS_TTL_MS).catch(async () => {
        await this.redis!.del(this.key(userId)).catch(() => undefined);
      });
    } else this.remember(userId, state);
  }

  private remember(userId: string, state: AuthState | null): void {
    if (this.local.size >= MAX_LOCAL_ENTRIES) this.local.clear();
    this.local.set(userId, { state, at: Date.now() });
  }

  private key(userId: string): string {
    return `${this.config.redis.keyPrefix}auth:user:${userId}`;
  }

  private async load(userId: string): Promise<AuthState | null> {
    const u = await this.users.tokenState(userId);
    return u && !u.deletedAt ? { version: u.tokenVersion, active: u.active } : null;
  }
}

import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import type { Actor } from '../auth/actor.js';
import { waitText } from '@xc/shared';
import { rateLimited } from '../common/app-error.js';
import type { RateLimits, RoleLimit } from '../config/app-config.js';
import { RATE_LIMIT_SCOPES, type RateLimitScope, SKIP_RATE_LIMIT } from './rate-limit.decorators.js';

type Req = { actor?: Actor | null; ip?: string; open311Key?: { id: string } | 'invalid' };

const reflector = new Reflector();
const request = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Req>();
const isStaff = (actor: Actor | null | undefined) => !!actor?.roles.some((r) => r !== 'citizen');

const ip = (req: Req) => `ip:${normalizeIp(req.ip ?? 'unknown')}`;
const userOrIp = (req: Req) => (req.actor ? `u:${req.actor.id}` : ip(req));
/** Open311 clients by their api key (looked up by Open311KeyMiddleware), guesses of keys by address, else by user. */
function apiKeyOrUser(req: Req): string {
  if (req.open311Key === 'invalid') return ip(req);
  if (req.open311Key) return `k:${req.open311Key.id}`;
  return userOrIp(req);
}

const skipped = (ctx: ExecutionContext) => !!reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [ctx.getHandler(), ctx.getClass()]);
const hasScope = (ctx: ExecutionContext, scope: RateLimitScope) =>
  !!reflector.getAllAndOverride<RateLimitScope[]>(RATE_LIMIT_SCOPES, [ctx.getHandler(), ctx.getClass()])?.includes(scope);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Budget {
  name: string;
  scope: RateLimitScope | null;
  ttl: number;
  limit: number | RoleLimit;
  tracker: (req: Req) => string;
  /** What the caller reads, with the wait put in. */
  message: (wait: string, limit: number) => string;
}

/** The throttlers of @nestjs/throttler, built from the configured limits. */
export function budgets(limits: RateLimits): ThrottlerOptions[] {
  const list: Budget[] = [
    {
      name: 'requests',
      scope: null,
      ttl: MINUTE,
      limit: limits.requestsPerMinute,
      tracker: userOrIp,
      message: (w) => `操作过于频繁，请 ${w}后再试`,
    },
    {
      name: 'login',
      scope: 'login',
      ttl: MINUTE,
      limit: limits.loginPerMinute,
      tracker: ip,
      message: (w) => `登录过于频繁，请 ${w}后再试`,
    },
    {
      name: 'reports-hour',
      scope: 'report',
      ttl: HOUR,
      limit: limits.reportsPerHour,
      tracker: userOrIp,
      message: (w) => `上报过于频繁，请 ${w}后再试`,
    },
    {
      name: 'reports-day',
      scope: 'report',
      ttl: DAY,
      limit: limits.reportsPerDay,
      tracker: userOrIp,
      message: (w, n) => `今天的上报已达 ${n} 次上限，请 ${w}后再试`,
    },
    {
      name: 'uploads',
      scope: 'upload',
      ttl: HOUR,
      limit: limits.uploadsPerHour,
      tracker: userOrIp,
      message: (w) => `上传照片过于频繁，请 ${w}后再试`,
    },
    {
      name: 'actions',
      scope: 'action',
      ttl: MINUTE,
      limit: limits.actionsPerMinute,
      tracker: userOrIp,
      message: (w) => `操作过于频繁，请 ${w}后再试`,
    },
    {
      name: 'open311-writes',
      scope: 'open311-write',
      ttl: HOUR,
      limit: limits.open311WritesPerHour,
      tracker: apiKeyOrUser,
      message: (w) => `提交过于频繁，请 ${w}后再试`,
    },
  ];
  return list.map((b) => ({
    name: b.name,
    ttl: b.ttl,
    // 0: a sliding window (a refused request is not counted), never a fixed block.
    blockDuration: 0,
    limit:
      typeof b.limit === 'number'
        ? b.limit
        : (ctx) => (isStaff(request(ctx).actor) ? (b.limit as RoleLimit).staff : (b.limit as RoleLimit).citizen),
    skipIf: (ctx) => skipped(ctx) || (b.scope !== null && !hasScope(ctx, b.scope)),
    getTracker: (req) => b.tracker(req as Req),
    generateKey: (_ctx, tracker, name) => `${name}:${tracker}`,
    message: b.message,
  })) as ThrottlerOptions[];
}

/**
 * @nestjs/throttler's guard answering in the contract's form: 429 RATE_LIMITED, a Chinese message
 * that says when to try again, `Retry-After`. Runs after the AuthGuard, so budgets can be per user.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const name = detail.key.slice(0, detail.key.indexOf(':'));
    const throttler = this.throttlers.find((t) => t.name === name) as (ThrottlerOptions & { message?: Budget['message'] }) | undefined;
    const wait = Math.max(1, detail.timeToBlockExpire);
    throw rateLimited(
      wait,
      { limit: detail.limit, windowSeconds: Math.round(detail.ttl / 1000), scope: name },
      throttler?.message?.(waitText(wait), detail.limit),
    );
  }
}

import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, type Observable, lastValueFrom, throwError } from 'rxjs';
import { TtlCache } from './ttl-cache.js';

/**
 * How a public GET may be cached:
 * - `revalidate`: browsers keep it but ask every time (`max-age=0`; the ETag makes the answer a 304);
 *   with `immutableByRevision`, a URL naming its `?revision=` never changes and is kept for a year;
 * - `seconds`: browsers may keep it that long (`max-age`), and this server answers every request for
 *   the same URL from one computation for as long (figures and lists that move with the cases).
 *   `anonymousOnly`: a signed-in caller always gets a fresh answer and no shared-cache headers.
 * Live answers (all but a named revision) may be kept 1 s by a shared cache, and served 1 s past that
 * while it fetches the next (SHARED): the nginx in front (server/deploy/nginx.conf) answers the public
 * from its micro-cache by these headers, so a correction shows through it within 2 s.
 */
export type HttpCachePolicy = { revalidate: true; immutableByRevision?: boolean } | { seconds: number; anonymousOnly?: boolean };

const POLICY = Symbol('HTTP_CACHE_POLICY');
const YEAR = 'public, max-age=31536000, immutable';
/** (Not `no-cache`: a shared cache may not keep those at all, and nginx does not.) */
const SHARED = 's-maxage=1, stale-while-revalidate=1';

/** Declares a route's HTTP caching (see HttpCachePolicy). Errors are never cached. */
export function HttpCache(policy: HttpCachePolicy) {
  return applyDecorators(SetMetadata(POLICY, policy), UseInterceptors(HttpCacheInterceptor));
}

/** Shared answers of `seconds` routes, by URL, in this process. */
const answers = new TtlCache<unknown>(1000, 500);

/** Forgets every shared answer at once, when something the public may not see any longer changed (a photo hidden). */
export function forgetSharedAnswers(): void {
  answers.clear();
}

@Injectable()
export class HttpCacheInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const policy = this.reflector.get<HttpCachePolicy>(POLICY, ctx.getHandler());
    const req = ctx.switchToHttp().getRequest<Request & { actor?: unknown }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!policy || req.method !== 'GET') return next.handle();
    const uncached = (e: unknown) => {
      if (!res.headersSent) res.removeHeader('Cache-Control');
      return throwError(() => e);
    };
    if ('revalidate' in policy) {
      res.setHeader(
        'Cache-Control',
        policy.immutableByRevision && req.query.revision !== undefined ? YEAR : `public, max-age=0, ${SHARED}`,
      );
      return next.handle().pipe(catchError(uncached));
    }
    if (policy.anonymousOnly && req.actor) return next.handle();
    res.setHeader('Cache-Control', `public, max-age=${policy.seconds}, ${SHARED}`);
    const load = () => lastValueFrom(next.handle());
    return from(answers.get(req.originalUrl, load, policy.seconds * 1000)).pipe(catchError(uncached));
  }
}

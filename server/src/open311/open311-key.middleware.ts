import { createParamDecorator, type ExecutionContext, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { Open311KeysService, type Open311KeyRef } from './open311-keys.service.js';

/** What the key lookup leaves on the request: the integrator, `'invalid'`, or nothing when no key came. */
export type Open311KeyOnRequest = Open311KeyRef | 'invalid' | undefined;

export interface RequestWithOpen311Key extends Request {
  open311Key?: Open311KeyOnRequest;
}

/**
 * Looks the `api_key` (form field or query parameter) up before any guard runs, so that guards
 * such as a per-key rate limit find the key's id on `req.open311Key`.
 */
@Injectable()
export class Open311KeyMiddleware implements NestMiddleware {
  constructor(private readonly keys: Open311KeysService) {}

  async use(req: RequestWithOpen311Key, _res: Response, next: NextFunction): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const raw = (body && typeof body === 'object' ? body.api_key : undefined) ?? (req.query as Record<string, unknown>)?.api_key;
    if (raw !== undefined && raw !== '')
      req.open311Key = typeof raw === 'string' ? ((await this.keys.authenticate(raw)) ?? 'invalid') : 'invalid';
    next();
  }
}

/** Who posts to Open311: the api key looked up above, or the platform's Bearer token (the auth guard's `req.actor`). */
export interface Open311Caller {
  key: Open311KeyOnRequest;
  actor: Actor | null;
  /** An Authorization header came (valid or not). */
  bearerSent: boolean;
}

export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Open311Caller => {
  const req = ctx.switchToHttp().getRequest<RequestWithOpen311Key & { actor?: Actor | null }>();
  return { key: req.open311Key, actor: req.actor ?? null, bearerSent: !!req.headers.authorization };
});

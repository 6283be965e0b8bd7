import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@xc/shared';
import { forbidden, unauthenticated } from '../common/app-error.js';
import type { Actor } from './actor.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';

interface AccessPayload {
  sub: string;
  usr: string;
  roles: Role[];
  unit: string | null;
  typ: 'access';
}

/**
 * The one guard: reads the Bearer token (401 when missing, malformed or expired on a protected
 * route), then checks `@Roles` (403). Public routes still get `req.actor` when a valid token comes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const req = ctx.switchToHttp().getRequest();
    const header: unknown = req.headers?.authorization;
    let actor: Actor | null = null;
    if (typeof header === 'string' && header.length > 0) {
      const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
      if (!match) {
        if (!isPublic) throw unauthenticated('登录凭证格式不正确，请重新登录');
      } else {
        try {
          const p = await this.jwt.verifyAsync<AccessPayload>(match[1]);
          if (p.typ !== 'access') throw new Error('not an access token');
          actor = { id: p.sub, username: p.usr, roles: p.roles, unitId: p.unit };
        } catch {
          if (!isPublic) throw unauthenticated('登录已过期或凭证无效，请重新登录');
        }
      }
    }
    req.actor = actor;
    if (isPublic) return true;
    if (!actor) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !actor.roles.some((r) => roles.includes(r))) throw forbidden();
    return true;
  }
}

export type { AccessPayload };

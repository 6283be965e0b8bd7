import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@xc/shared';
import { forbidden, unauthenticated } from '../common/app-error.js';
import type { Actor } from './actor.js';
import { AuthStateService } from './auth-state.service.js';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { VerifiedTokens } from './verified-tokens.js';

interface AccessPayload {
  exp?: number;
  sub: string;
  usr: string;
  roles: Role[];
  unit: string | null;
  /** The user's token version when issued: a token older than the user's current version is refused. */
  ver: number;
  /** The refresh family (the sign-in) this token belongs to. */
  fam: string;
  typ: 'access';
}

/**
 * The one guard: reads the Bearer token (401 when missing, malformed, expired, or no longer true:
 * the user is gone, disabled, or their token version moved on), then checks `@Roles` (403).
 * Public routes still get `req.actor` when a valid token comes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens<AccessPayload>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly states: AuthStateService,
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
        const token = match[1];
        const p =
          this.verified.get(token) ??
          (await this.jwt.verifyAsync<AccessPayload>(token).then(
            (v) => {
              if (v.typ !== 'access' || typeof v.sub !== 'string' || typeof v.ver !== 'number' || !Array.isArray(v.roles)) return null;
              this.verified.remember(token, v);
              return v;
            },
            () => null,
          ));
        if (!p) {
          if (!isPublic) throw unauthenticated('登录已过期或凭证无效，请重新登录');
        } else {
          const state = await this.states.get(p.sub);
          const refused = !state
            ? '账号不存在，请重新登录'
            : !state.active
              ? '账号已停用，请联系管理员'
              : state.version !== p.ver
                ? '登录状态已失效，请重新登录'
                : null;
          if (refused && !isPublic) throw unauthenticated(refused);
          if (!refused) actor = { id: p.sub, username: p.usr, roles: p.roles, unitId: p.unit, sessionId: p.fam };
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

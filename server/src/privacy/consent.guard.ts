import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../common/app-error.js';
import { PoliciesService } from './policies.service.js';

const REQUIRES_CONSENT = 'xc:requiresConsent';

/**
 * The route writes personal information (a report, a photo, a track): the caller must have
 * accepted the current privacy policy, else 403 CONSENT_REQUIRED. `citizens`: only callers
 * whose roles are all citizen (staff workflow actions on the same route are not gated).
 */
export const RequiresConsent = (who: 'everyone' | 'citizens' = 'everyone') => SetMetadata(REQUIRES_CONSENT, who);

/** Runs after the AuthGuard (req.actor is set) and before the budgets are counted. */
@Injectable()
export class ConsentGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly policies: PoliciesService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const who = this.reflector.getAllAndOverride<'everyone' | 'citizens' | undefined>(REQUIRES_CONSENT, [ctx.getHandler(), ctx.getClass()]);
    if (!who) return true;
    const actor = ctx.switchToHttp().getRequest().actor as Actor | null;
    if (!actor) return true; // the AuthGuard already refused, or an Open311 api key (an integrator, not a person)
    if (who === 'citizens' && actor.roles.some((r) => r !== 'citizen')) return true;
    const state = await this.policies.state(actor.id);
    if (state.required)
      throw new AppError(
        'CONSENT_REQUIRED',
        state.accepted ? '隐私政策已更新，请阅读并同意新版本后继续' : '请先阅读并同意隐私政策和用户服务协议',
        {
          policyVersion: state.current,
          acceptedVersion: state.accepted,
        },
      );
    return true;
  }
}

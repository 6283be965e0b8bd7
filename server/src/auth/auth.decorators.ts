import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@xc/shared';
import { unauthenticated } from '../common/app-error.js';
import type { Actor } from './actor.js';

export const IS_PUBLIC = 'xc:isPublic';
export const ROLES = 'xc:roles';

/** Open to everyone, without a token (a token, if sent, is still read). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; 403 FORBIDDEN for the others. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The authenticated caller. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest().actor as Actor | undefined;
  if (!actor) throw unauthenticated();
  return actor;
});

/** The caller if a valid token came with the request, else null (for public routes that personalise). */
export const OptionalActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor | null => ctx.switchToHttp().getRequest().actor ?? null,
);

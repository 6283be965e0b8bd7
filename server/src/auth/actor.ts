import type { Role } from '@xc/shared';

/** Who is calling, as carried by the access token. Services take it as their first argument. */
export interface Actor {
  id: string;
  username: string;
  roles: Role[];
  unitId: string | null;
  /** The sign-in (refresh family) the access token belongs to, for signing out of this one. */
  sessionId?: string;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../auth/actor.js';
import { AuthStateService } from '../auth/auth-state.service.js';
import { unauthenticated } from '../common/app-error.js';

const TICKET_SECONDS = 60;

/**
 * Short-lived tickets for the event streams: a signed token of its own type (never accepted as an
 * access token), good for opening a stream within a minute, and only while the user's sign-in
 * state still holds (same version, not disabled).
 */
@Injectable()
export class EventTickets {
  constructor(
    private readonly jwt: JwtService,
    private readonly states: AuthStateService,
  ) {}

  async issue(actor: Actor): Promise<{ ticket: string; expiresIn: number }> {
    const state = await this.states.get(actor.id);
    if (!state?.active) throw unauthenticated('登录已过期或凭证无效，请重新登录');
    const ticket = await this.jwt.signAsync({ sub: actor.id, ver: state.version, typ: 'events' }, { expiresIn: TICKET_SECONDS });
    return { ticket, expiresIn: TICKET_SECONDS };
  }

  /** The user a ticket was issued to; 401 when it is missing, expired, forged or no longer true. */
  async verify(ticket: string | undefined): Promise<string> {
    if (!ticket) throw unauthenticated('请先登录');
    const p = await this.jwt
      .verifyAsync<{ sub: string; ver: number; typ: string }>(ticket)
      .then((v) => (v.typ === 'events' && typeof v.sub === 'string' ? v : null))
      .catch(() => null);
    if (!p) throw unauthenticated('连接凭证无效或已过期，请重新连接');
    const state = await this.states.get(p.sub);
    if (!state?.active || state.version !== p.ver) throw unauthenticated('登录状态已失效，请重新登录');
    return p.sub;
  }
}

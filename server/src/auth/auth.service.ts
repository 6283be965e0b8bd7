import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import type { AuthTokensDto } from '@xc/shared';
import { forbidden, notFound, unauthenticated } from '../common/app-error.js';
import { validateBody } from '../common/validation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { Actor } from './actor.js';
import { AuthStateService } from './auth-state.service.js';
import type { AccessPayload } from './auth.guard.js';
import { DemoLoginDto } from './dto/auth.dto.js';
import { RefreshToken } from './refresh-token.entity.js';
import { WechatClient } from './wechat.client.js';

interface RefreshPayload {
  sub: string;
  jti: string;
  fam: string;
  typ: 'refresh';
}

const disabled = () => forbidden('账号已停用，请联系管理员');

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly wechat: WechatClient,
    private readonly states: AuthStateService,
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
  ) {}

  async loginWithWechat(code: string): Promise<AuthTokensDto> {
    const session = await this.wechat.code2Session(code);
    const user = await this.users.findOrCreateByOpenid(session.openid);
    if (!user.active) throw disabled();
    return this.issue(user, randomUUID());
  }

  /**
   * Demo accounts, only while demo mode is on; otherwise 404 for every body, as if the route did
   * not exist (so the body is validated only after that check).
   */
  async loginAsDemo(body: unknown): Promise<AuthTokensDto> {
    if (!this.config.demo) throw notFound('请求的接口不存在');
    const { username } = await validateBody(DemoLoginDto, body);
    const user = await this.users.findByUsername(username);
    if (!user) throw notFound('没有这个演示账号');
    if (!user.active) throw disabled();
    return this.issue(user, randomUUID());
  }

  /**
   * Rotation: a refresh token works once. Presenting one that was already used revokes its whole
   * family and ends the user's access tokens, so a stolen token dies together with the legitimate
   * session that follows it (other devices sign in again silently with their own refresh tokens).
   */
  async refresh(token: string): Promise<AuthTokensDto> {
    let payload: RefreshPayload;
    try {
      payload = await this.jwt.verifyAsync<RefreshPayload>(token);
    } catch {
      throw unauthenticated('登录已过期，请重新登录');
    }
    if (payload.typ !== 'refresh' || typeof payload.jti !== 'string' || typeof payload.fam !== 'string')
      throw unauthenticated('登录凭证无效，请重新登录');
    // Mark as used atomically: exactly one of two concurrent refreshes wins.
    const claimed = await this.tokens.update({ id: payload.jti, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
    if (!claimed.affected) {
      const row = await this.tokens.findOneBy({ id: payload.jti });
      if (row && !row.revokedAt) await this.revoke(row.userId, row.familyId); // a replay: end that sign-in
      throw unauthenticated('登录凭证已失效，请重新登录');
    }
    const user = await this.users.findById(payload.sub);
    if (!user) throw unauthenticated('账号不存在，请重新登录');
    if (!user.active) throw unauthenticated('账号已停用，请联系管理员');
    return this.issue(user, payload.fam);
  }

  /** 退出登录: ends this sign-in (its refresh family) and every access token issued so far. */
  async logout(actor: Actor): Promise<void> {
    await this.revoke(actor.id, actor.sessionId ?? null);
  }

  /** 退出所有设备: every sign-in of the user ends at once. */
  async logoutEverywhere(actor: Actor): Promise<void> {
    await this.revoke(actor.id, 'all');
  }

  /**
   * Revokes refresh tokens (one family, all of them, or none) and moves the user's token version
   * on, in one transaction; then every process refuses the older access tokens from the next request.
   */
  async revoke(userId: string, families: string | 'all' | null, tx?: EntityManager): Promise<void> {
    const work = async (m: EntityManager) => {
      const now = new Date();
      if (families === 'all') await m.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: now });
      else if (families) await m.update(RefreshToken, { userId, familyId: families, revokedAt: IsNull() }, { revokedAt: now });
      await this.users.bumpTokenVersion(userId, m);
    };
    if (tx) return work(tx); // the caller's transaction; it calls `states.changed` after commit
    await this.db.transaction(work);
    await this.states.changed(userId);
  }

  private async issue(user: User, familyId: string): Promise<AuthTokensDto> {
    const access: AccessPayload = {
      sub: user.id,
      usr: user.username,
      roles: user.roles,
      unit: user.unitId,
      ver: user.tokenVersion,
      fam: familyId,
      typ: 'access',
    };
    const jti = randomUUID();
    const refresh: RefreshPayload = { sub: user.id, jti, fam: familyId, typ: 'refresh' };
    const { accessTtlSeconds, refreshTtlSeconds } = this.config.jwt;
    await this.tokens.insert({
      id: jti,
      userId: user.id,
      familyId,
      expiresAt: new Date(Date.now() + refreshTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return {
      accessToken: await this.jwt.signAsync(access, { expiresIn: accessTtlSeconds }),
      refreshToken: await this.jwt.signAsync(refresh, { expiresIn: refreshTtlSeconds }),
      user: await this.users.toDto(user),
    };
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { AuthTokensDto } from '@xc/shared';
import { notFound, unauthenticated } from '../common/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AccessPayload } from './auth.guard.js';
import { RefreshToken } from './refresh-token.entity.js';
import { WechatClient } from './wechat.client.js';

interface RefreshPayload {
  sub: string;
  jti: string;
  fam: string;
  typ: 'refresh';
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly wechat: WechatClient,
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
  ) {}

  async loginWithWechat(code: string): Promise<AuthTokensDto> {
    const session = await this.wechat.code2Session(code);
    const user = await this.users.findOrCreateByOpenid(session.openid);
    return this.issue(user, randomUUID());
  }

  /** Demo accounts, only while demo mode is on; 404 otherwise, as if the route did not exist. */
  async loginAsDemo(username: string): Promise<AuthTokensDto> {
    if (!this.config.demo) throw notFound('请求的接口不存在');
    const user = await this.users.findByUsername(username);
    if (!user) throw notFound('没有这个演示账号');
    return this.issue(user, randomUUID());
  }

  /**
   * Rotation: a refresh token works once. Presenting one that was already used revokes its whole
   * family, so a stolen token dies together with the legitimate session that follows it.
   */
  async refresh(token: string): Promise<AuthTokensDto> {
    let payload: RefreshPayload;
    try {
      payload = await this.jwt.verifyAsync<RefreshPayload>(token);
    } catch {
      throw unauthenticated('登录已过期，请重新登录');
    }
    if (payload.typ !== 'refresh') throw unauthenticated('登录凭证无效，请重新登录');
    // Mark as used atomically: exactly one of two concurrent refreshes wins.
    const claimed = await this.tokens.update({ id: payload.jti, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
    if (!claimed.affected) {
      await this.tokens.update({ familyId: payload.fam, revokedAt: IsNull() }, { revokedAt: new Date() });
      throw unauthenticated('登录凭证已失效，请重新登录');
    }
    const user = await this.users.get(payload.sub).catch(() => {
      throw unauthenticated('账号不存在，请重新登录');
    });
    return this.issue(user, payload.fam);
  }

  private async issue(user: User, familyId: string): Promise<AuthTokensDto> {
    const access: AccessPayload = { sub: user.id, usr: user.username, roles: user.roles, unit: user.unitId, typ: 'access' };
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

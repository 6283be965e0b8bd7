import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page: string;
  miniprogram_state: 'formal' | 'trial' | 'developer';
  lang?: 'zh_CN';
  data: Record<string, { value: string }>;
}

/** How a send ended: sent; refused for good (43101 and other user-side refusals: no retry); or worth retrying. */
export type SendResult = { ok: true } | { ok: false; retry: boolean; errcode?: number; error: string };

/** Refusals that a retry cannot change: no acceptance left, user refused, bad template or data. */
const FINAL_ERRCODES = new Set([43101, 40003, 40037, 47003, 41030, 43107]);
/** Refresh the access token once and try again. */
const TOKEN_ERRCODES = new Set([40001, 42001, 40014]);
/** Renew this long before WeChat's `expires_in` runs out (its own advice: a 5-minute overlap). */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * WeChat's server API at a configurable base URL: code2Session (sign-in), the access token
 * (cgi-bin/token, cached until shortly before it expires, in Redis when configured so that every
 * process shares one) and subscribe messages (cgi-bin/message/subscribe/send). The `session_key`
 * of code2Session is used for nothing here and never leaves its function.
 */
@Injectable()
export class WechatClient {
  private token: { value: string; until: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null = null,
  ) {}

  private get tokenKey(): string {
    return `${this.config.redis.keyPrefix}wechat:access-token`;
  }

  /** The access token: this process's copy, else the shared one in Redis, else a new one from WeChat. */
  async accessToken(stale?: string): Promise<string> {
    const now = Date.now();
    if (this.token && this.token.until > now && this.token.value !== stale) return this.token.value;
    if (this.redis) {
      const shared = await this.redis.get(this.tokenKey).catch(() => null);
      const ttl = shared ? await this.redis.pttl(this.tokenKey).catch(() => -1) : -1;
      if (shared && shared !== stale && ttl > 0) {
        this.token = { value: shared, until: now + ttl };
        return shared;
      }
    }
    // One request for a new token per process at a time.
    this.refreshing ??= this.fetchToken().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const { baseUrl, appId, appSecret } = this.config.wechat;
    const url = `${baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`cgi-bin/token: HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw new Error(`cgi-bin/token: errcode ${body.errcode} ${body.errmsg ?? ''}`.trim());
    const ms = Math.max(1000, (body.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS);
    this.token = { value: body.access_token, until: Date.now() + ms };
    await this.redis?.set(this.tokenKey, body.access_token, 'PX', ms).catch(() => undefined);
    return body.access_token;
  }

  /** Sends one subscribe message; refreshes the token once when WeChat says it is invalid or expired. */
  async sendSubscribe(msg: SubscribeMessage): Promise<SendResult> {
    let token: string;
    try {
      token = await this.accessToken();
    } catch (err) {
      return { ok: false, retry: true, error: (err as Error).message };
    }
    for (let attempt = 0; ; attempt++) {
      let body: { errcode?: number; errmsg?: string };
      try {
        const res = await fetch(`${this.config.wechat.baseUrl}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(msg),
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) return { ok: false, retry: true, error: `HTTP ${res.status}` };
        body = (await res.json()) as typeof body;
      } catch (err) {
        return { ok: false, retry: true, error: (err as Error).message };
      }
      const code = body.errcode ?? 0;
      if (code === 0) return { ok: true };
      if (TOKEN_ERRCODES.has(code) && attempt === 0) {
        try {
          token = await this.accessToken(token);
        } catch (err) {
          return { ok: false, retry: true, errcode: code, error: (err as Error).message };
        }
        continue;
      }
      return { ok: false, retry: !FINAL_ERRCODES.has(code), errcode: code, error: `errcode ${code} ${body.errmsg ?? ''}`.trim() };
    }
  }

  async code2Session(code: string): Promise<WechatSession> {
    const { baseUrl, appId, appSecret } = this.config.wechat;
    const url = `${baseUrl}/sns/jscode2session?appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`;
    let body: { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      body = (await res.json()) as typeof body;
    } catch {
      throw new AppError('BAD_GATEWAY', '微信登录服务暂时无法连接，请稍后再试');
    }
    if (body.errcode && body.errcode !== 0) {
      switch (body.errcode) {
        case 40029:
        case 40163:
          throw new AppError('UNAUTHENTICATED', '微信登录凭证无效或已使用，请重新登录', { wechatErrcode: body.errcode });
        case 45011:
          throw new AppError('RATE_LIMITED', '登录太频繁，请稍后再试', { wechatErrcode: body.errcode });
        case 40226:
          throw new AppError('FORBIDDEN', '该微信账号存在风险，暂不能登录', { wechatErrcode: body.errcode });
        default:
          throw new AppError('BAD_GATEWAY', '微信登录失败，请稍后再试', { wechatErrcode: body.errcode });
      }
    }
    if (!body.openid) throw new AppError('BAD_GATEWAY', '微信登录失败，请稍后再试');
    return { openid: body.openid, unionid: body.unionid };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

type WechatBody = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/**
 * 手机号快速验证: the code from the phone-number button, exchanged at
 * `{WECHAT_API_BASE}/wxa/business/getuserphonenumber` with the mini-program's access token.
 * The token is fetched from /cgi-bin/token and kept until shortly before it expires; a token WeChat
 * calls invalid or expired (40001/42001) is fetched again once.
 */
@Injectable()
export class WechatPhoneClient {
  private token: { value: string; until: number } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async phoneNumber(code: string): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const body = await this.call(`/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, { code });
      if (body.errcode === 40001 || body.errcode === 42001) continue;
      if (body.errcode === 40029)
        throw new AppError('VALIDATION_FAILED', '手机号授权已失效，请重新点击获取', { fields: { code: '授权码无效或已使用' } });
      const info = body.phone_info as { purePhoneNumber?: string; countryCode?: string } | undefined;
      if (body.errcode || !info?.purePhoneNumber)
        throw new AppError('BAD_GATEWAY', '获取微信手机号失败，请稍后再试或手动填写', { wechatErrcode: body.errcode ?? null });
      return info.purePhoneNumber;
    }
    throw new AppError('BAD_GATEWAY', '获取微信手机号失败，请稍后再试或手动填写');
  }

  private async accessToken(refresh: boolean): Promise<string> {
    if (!refresh && this.token && Date.now() < this.token.until) return this.token.value;
    const { appId, appSecret } = this.config.wechat;
    const body = await this.call(
      `/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`,
    );
    if (typeof body.access_token !== 'string')
      throw new AppError('BAD_GATEWAY', '微信服务暂时不可用，请稍后再试', { wechatErrcode: body.errcode ?? null });
    const ttl = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    this.token = { value: body.access_token, until: Date.now() + Math.max(60, ttl - 300) * 1000 };
    return this.token.value;
  }

  private async call(pathAndQuery: string, json?: object): Promise<WechatBody> {
    try {
      const res = await fetch(`${this.config.wechat.baseUrl}${pathAndQuery}`, {
        method: json ? 'POST' : 'GET',
        headers: json ? { 'Content-Type': 'application/json' } : undefined,
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(5000),
      });
      return (await res.json()) as WechatBody;
    } catch {
      throw new AppError('BAD_GATEWAY', '微信服务暂时无法连接，请稍后再试');
    }
  }
}

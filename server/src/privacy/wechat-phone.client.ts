import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { WechatClient } from '../auth/wechat.client.js';

type WechatBody = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/**
 * 手机号快速验证: the code from the phone-number button, exchanged at
 * `{WECHAT_API_BASE}/wxa/business/getuserphonenumber` with the mini-program's access token.
 * The token is the one WechatClient keeps for the whole platform (shared through Redis when
 * configured): WeChat invalidates a mini-program's older token when a new one is fetched, so a
 * second fetcher would break the first. A token WeChat calls invalid or expired (40001/42001) is
 * renewed there once.
 */
@Injectable()
export class WechatPhoneClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wechat: WechatClient,
  ) {}

  async phoneNumber(code: string): Promise<string> {
    let stale: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken(stale);
      const body = await this.call(`/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, { code });
      if (body.errcode === 40001 || body.errcode === 42001) {
        stale = token;
        continue;
      }
      if (body.errcode === 40029)
        throw new AppError('VALIDATION_FAILED', '手机号授权已失效，请重新点击获取', { fields: { code: '授权码无效或已使用' } });
      const info = body.phone_info as { purePhoneNumber?: string; countryCode?: string } | undefined;
      if (body.errcode || !info?.purePhoneNumber)
        throw new AppError('BAD_GATEWAY', '获取微信手机号失败，请稍后再试或手动填写', { wechatErrcode: body.errcode ?? null });
      return info.purePhoneNumber;
    }
    throw new AppError('BAD_GATEWAY', '获取微信手机号失败，请稍后再试或手动填写');
  }

  private async accessToken(stale?: string): Promise<string> {
    try {
      return await this.wechat.accessToken(stale);
    } catch {
      throw new AppError('BAD_GATEWAY', '微信服务暂时不可用，请稍后再试');
    }
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

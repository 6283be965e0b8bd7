import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/**
 * WeChat's code2Session (auth.code2Session) at a configurable base URL. The `session_key` it
 * returns is used for nothing here and never leaves this function.
 */
@Injectable()
export class WechatClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

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

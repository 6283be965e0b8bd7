import type { AuthTokensDto, HealthDto, MonthlyStatsDto, UserDto } from '@xc/shared';
import { request } from './request';

/** One typed function per endpoint of the HTTP contract (shared/docs/api.md). */

export function health(): Promise<HealthDto> {
  return request<HealthDto>('/api/health', { auth: false });
}

export function demoLogin(username: string): Promise<AuthTokensDto> {
  return request<AuthTokensDto>('/api/v1/auth/demo', { method: 'POST', body: { username }, auth: false });
}

export function wechatLogin(code: string): Promise<AuthTokensDto> {
  return request<AuthTokensDto>('/api/v1/auth/wechat', { method: 'POST', body: { code }, auth: false });
}

export function refresh(refreshToken: string): Promise<AuthTokensDto> {
  return request<AuthTokensDto>('/api/v1/auth/refresh', { method: 'POST', body: { refreshToken }, auth: false });
}

export function me(): Promise<UserDto> {
  return request<UserDto>('/api/v1/me');
}

/** `month` is `YYYY-MM`, a calendar month in Asia/Shanghai. */
export function monthlyStats(month: string): Promise<MonthlyStatsDto> {
  return request<MonthlyStatsDto>('/api/v1/stats/monthly', { query: { month } });
}

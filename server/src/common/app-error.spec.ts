import { describe, expect, it } from '@jest/globals';
import { waitText } from '@xc/shared';
import { rateLimited } from './app-error.js';

describe('waitText', () => {
  it('says seconds below a minute, minutes up to two hours, then hours, always rounding up', () => {
    expect(waitText(0.2)).toBe('1 秒');
    expect(waitText(59)).toBe('59 秒');
    expect(waitText(60)).toBe('1 分钟');
    expect(waitText(61)).toBe('2 分钟');
    expect(waitText(3600)).toBe('60 分钟');
    expect(waitText(7200)).toBe('120 分钟');
    expect(waitText(7201)).toBe('3 小时');
    expect(waitText(86400)).toBe('24 小时');
  });

  it('builds the 429 of the contract with the wait in the message and in details', () => {
    const e = rateLimited(170.2, { limit: 20 });
    expect(e.status).toBe(429);
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.message).toBe('操作过于频繁，请 3 分钟后再试');
    expect(e.details).toEqual({ retryAfterSeconds: 171, limit: 20 });
  });
});

import { ERROR_MESSAGES, type AuthTokensDto } from '@xc/shared';
import { ApiError, NETWORK_ERROR_MESSAGE, BAD_RESPONSE_MESSAGE, TIMEOUT_MESSAGE, parseRetryAfter, request } from './request';
import { monthlyStats } from './api';
import { clearSession, getSession, resetSessionCache, setSession } from '../store/session';

type FetchCall = [string, { method: string; headers: Record<string, string>; body?: string }];

function response(status: number, body: string) {
  return { status, headers: new Map<string, string>(), text: async () => body, json: async () => JSON.parse(body) };
}

const fetchMock = jest.fn();

function tokens(accessToken: string, refreshToken = 'refresh-1'): AuthTokensDto {
  return {
    accessToken,
    refreshToken,
    user: { id: 'u1', username: 'demo-citizen', name: '张市民', roles: ['citizen'], unit: null, patrolRole: null, grids: [] },
  };
}

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected the request to fail');
}

beforeEach(() => {
  fetchMock.mockReset();
  (window as unknown as { fetch: unknown }).fetch = fetchMock;
  window.localStorage.clear();
  resetSessionCache();
});

describe('request wrapper', () => {
  it('returns the parsed JSON body of a 2xx response', async () => {
    fetchMock.mockResolvedValue(response(200, '{"status":"ok","db":"up"}'));
    await expect(request('/api/health')).resolves.toEqual({ status: 'ok', db: 'up' });
  });

  it('normalises a network failure into NETWORK_ERROR with a Chinese message', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const err = await caught(request('/api/health'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.body).toEqual({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
    expect(err.status).toBeNull();
  });

  it('normalises an aborted (timed out) request into TIMEOUT', async () => {
    const abort = new Error('The user aborted a request.');
    abort.name = 'AbortError';
    fetchMock.mockRejectedValue(abort);
    const err = await caught(request('/api/health'));
    expect(err.body).toEqual({ code: 'TIMEOUT', message: TIMEOUT_MESSAGE });
  });

  it('keeps the code and message of a 4xx JSON error body', async () => {
    fetchMock.mockResolvedValue(
      response(409, JSON.stringify({ code: 'VERSION_CONFLICT', message: '该问题已被他人处理，已为你刷新', details: { version: 3 } })),
    );
    const err = await caught(request('/api/v1/cases/1/actions', { method: 'POST', body: { action: 'close' } }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.body).toEqual({ code: 'VERSION_CONFLICT', message: '该问题已被他人处理，已为你刷新', details: { version: 3 } });
  });

  it('passes a 429 RATE_LIMITED message through unchanged, with Retry-After in details', async () => {
    const res = response(429, JSON.stringify({ code: 'RATE_LIMITED', message: '上报过于频繁，请 3 分钟后再试', details: { limit: 20 } }));
    res.headers.set('Retry-After', '170');
    fetchMock.mockResolvedValue(res);
    const err = await caught(request('/api/v1/cases', { method: 'POST', body: {} }));
    expect(err.status).toBe(429);
    expect(err.body).toEqual({
      code: 'RATE_LIMITED',
      message: '上报过于频繁，请 3 分钟后再试',
      details: { limit: 20, retryAfterSeconds: 170 },
    });
  });

  it('says when to try again for a 429 without a JSON body (a proxy), from Retry-After', async () => {
    const res = response(429, '<html>Too Many Requests</html>');
    res.headers.set('Retry-After', '45');
    fetchMock.mockResolvedValue(res);
    const err = await caught(request('/api/v1/cases'));
    expect(err.body).toEqual({ code: 'RATE_LIMITED', message: '操作过于频繁，请 45 秒后再试', details: { retryAfterSeconds: 45 } });
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('normalises a non-JSON 502 page into BAD_GATEWAY with a Chinese message', async () => {
    fetchMock.mockResolvedValue(response(502, '<html><body><h1>502 Bad Gateway</h1></body></html>'));
    const err = await caught(request('/api/health'));
    expect(err.status).toBe(502);
    expect(err.body).toEqual({ code: 'BAD_GATEWAY', message: ERROR_MESSAGES.BAD_GATEWAY });
  });

  it('treats a 2xx body that is not JSON (an HTML fallback page) as an error, not data', async () => {
    fetchMock.mockResolvedValue(response(200, '<!doctype html><html></html>'));
    const err = await caught(request('/api/v1/stats/monthly'));
    expect(err.body).toEqual({ code: 'BAD_GATEWAY', message: BAD_RESPONSE_MESSAGE });
  });

  it('sends the persisted access token as a Bearer header', async () => {
    setSession(tokens('token-abc'));
    resetSessionCache(); // read back from storage, as after a restart
    fetchMock.mockResolvedValue(response(200, '{}'));
    await request('/api/v1/me');
    const [url, init] = fetchMock.mock.calls[0] as FetchCall;
    expect(url).toBe('/api/v1/me');
    expect(init.headers.Authorization).toBe('Bearer token-abc');
  });

  it('sends no Authorization header without a session, or when auth is off', async () => {
    fetchMock.mockResolvedValue(response(200, '{}'));
    await request('/api/health');
    setSession(tokens('token-abc'));
    await request('/api/v1/auth/demo', { method: 'POST', body: { username: 'demo-citizen' }, auth: false });
    for (const [, init] of fetchMock.mock.calls as FetchCall[]) {
      expect(init.headers.Authorization).toBeUndefined();
    }
    expect(JSON.parse((fetchMock.mock.calls[1] as FetchCall)[1].body ?? '')).toEqual({ username: 'demo-citizen' });
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    setSession(tokens('old-token'));
    fetchMock
      .mockResolvedValueOnce(response(401, '{"code":"UNAUTHENTICATED","message":"请先登录"}'))
      .mockResolvedValueOnce(response(200, JSON.stringify(tokens('new-token', 'refresh-2'))))
      .mockResolvedValueOnce(response(200, '{"ok":true}'));
    await expect(request('/api/v1/me')).resolves.toEqual({ ok: true });
    const calls = fetchMock.mock.calls as FetchCall[];
    expect(calls[1][0]).toBe('/api/v1/auth/refresh');
    expect(JSON.parse(calls[1][1].body ?? '')).toEqual({ refreshToken: 'refresh-1' });
    expect(calls[2][1].headers.Authorization).toBe('Bearer new-token');
    expect(getSession()?.refreshToken).toBe('refresh-2');
  });

  it('clears the session when the refresh fails, and reports UNAUTHENTICATED', async () => {
    setSession(tokens('old-token'));
    fetchMock
      .mockResolvedValueOnce(response(401, '{"code":"UNAUTHENTICATED","message":"请先登录"}'))
      .mockResolvedValueOnce(response(401, '{"code":"UNAUTHENTICATED","message":"登录已过期"}'));
    const err = await caught(request('/api/v1/me'));
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(getSession()).toBeNull();
    clearSession();
  });
});

describe('api', () => {
  it('monthlyStats asks for the month as YYYY-MM', async () => {
    fetchMock.mockResolvedValue(response(200, '{"month":"2026-11"}'));
    await monthlyStats('2026-11');
    expect((fetchMock.mock.calls[0] as FetchCall)[0]).toBe('/api/v1/stats/monthly?month=2026-11');
  });
});

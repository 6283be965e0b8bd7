import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeWechatServer } from './support/fake-wechat.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`accounts on ${ENGINE}`, () => {
  let t: TestApp;
  const wechat = new FakeWechatServer();
  beforeAll(async () => {
    const base = await wechat.start();
    t = await startApp({ WECHAT_API_BASE: base, WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret' });
  });
  afterAll(async () => {
    await t?.close();
    await wechat.stop();
  });

  it('logs a demo account in and shows it at /me', async () => {
    const res = await t.http().post('/api/v1/auth/demo').send({ username: 'demo-handler' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'demo-handler', roles: ['handler'], unit: { name: '魏都区' } });
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.unit.name).toBe('魏都区');
  });

  it("shows an inspector's grids and patrol role", async () => {
    const token = await t.login('demo-inspector');
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(me.body.patrolRole).toBe('supervisor_l3');
    expect(me.body.grids.length).toBeGreaterThanOrEqual(1);
    expect(me.body.grids[0].code).toMatch(/^411002\d{9}$/);
  });

  it('refuses unknown demo accounts and non-demo usernames', async () => {
    expect((await t.http().post('/api/v1/auth/demo').send({ username: 'demo-nobody' })).status).toBe(404);
    const bad = await t.http().post('/api/v1/auth/demo').send({ username: 'root' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.username).toBeDefined();
  });

  it('answers 401 for missing, malformed, forged and refresh-typed tokens', async () => {
    expect((await t.http().get('/api/v1/me')).body.code).toBe('UNAUTHENTICATED');
    for (const header of ['Bearer', 'Bearer not-a-jwt', 'Basic abc', 'Bearer a.b.c']) {
      const res = await t.http().get('/api/v1/me').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const login = await t.http().post('/api/v1/auth/demo').send({ username: 'demo-citizen' });
    const withRefresh = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.refreshToken}`);
    expect(withRefresh.status).toBe(401);
  });

  it('rotates refresh tokens: each works once, and a replay revokes the family', async () => {
    const login = await t.http().post('/api/v1/auth/demo').send({ username: 'demo-citizen-2' });
    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(replay.status).toBe(401);
    // The replay revoked the family: the newer token is dead too.
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(401);
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const login = await t.http().post('/api/v1/auth/demo').send({ username: 'demo-citizen' });
    const results = await Promise.all(
      [1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logs in through WeChat code2Session and never returns the session_key', async () => {
    const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'valid-1-alice' });
    expect(res.status).toBe(200);
    expect(res.body.user.roles).toEqual(['citizen']);
    expect(JSON.stringify(res.body)).not.toContain('c2Vzc2lvbi1rZXktbmV2ZXItbGVhdmVz');
    const asked = wechat.requests.at(-1)!;
    expect(asked.searchParams.get('js_code')).toBe('valid-1-alice');
    expect(asked.searchParams.get('appid')).toBe('wx-test-appid');
    // The same WeChat user logging in again is the same account.
    const again = await t.http().post('/api/v1/auth/wechat').send({ code: 'valid-2-alice' });
    expect(again.body.user.id).toBe(res.body.user.id);
  });

  it("maps WeChat's error codes: 40029 → 401, 40163 → 401, 45011 → 429", async () => {
    const invalid = await t.http().post('/api/v1/auth/wechat').send({ code: 'garbage' });
    expect(invalid.status).toBe(401);
    expect(invalid.body).toMatchObject({ code: 'UNAUTHENTICATED', details: { wechatErrcode: 40029 } });
    await t.http().post('/api/v1/auth/wechat').send({ code: 'valid-3-bob' });
    const reused = await t.http().post('/api/v1/auth/wechat').send({ code: 'valid-3-bob' });
    expect(reused.status).toBe(401);
    const limited = await t.http().post('/api/v1/auth/wechat').send({ code: 'rate-limited' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('answers 502 in Chinese when WeChat cannot be reached', async () => {
    const offline = await startApp({ WECHAT_API_BASE: 'http://127.0.0.1:9' });
    try {
      const res = await offline.http().post('/api/v1/auth/wechat').send({ code: 'valid-4-carol' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('BAD_GATEWAY');
    } finally {
      await offline.close();
    }
  });

  it('hides demo login when demo mode is off (production)', async () => {
    const prod = await startApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      PUBLIC_BASE_URL: 'https://cg.example.cn',
    });
    try {
      const res = await prod.http().post('/api/v1/auth/demo').send({ username: 'demo-citizen' });
      expect(res.status).toBe(404);
      // 404 for every body, as if the route did not exist: never a 400 that gives it away.
      for (const body of [{}, { username: 42 }, { username: 'demo-admin', extra: true }, [], { username: null }]) {
        const other = await prod
          .http()
          .post('/api/v1/auth/demo')
          .send(body as object);
        expect(other.status).toBe(404);
        expect(other.body).toMatchObject({ code: 'NOT_FOUND', details: {} });
      }
      const [{ n }] = await prod.dataSource.query("SELECT COUNT(*) AS n FROM users WHERE username LIKE 'demo-%'");
      expect(Number(n)).toBe(0);
    } finally {
      await prod.close();
    }
  });
});

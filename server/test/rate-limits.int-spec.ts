import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { actors, caseBody, closedAfter, dispatchedOn, fixture, makeMedia } from './support/builders.js';
import { ENGINE, startApp, testRedis, type TestApp } from './support/harness.js';

/**
 * Every budget of README's configuration table, crossed. On SQLite the budgets are counted in
 * memory; on MariaDB in the shared Redis (a key prefix of this run's own), where two processes
 * share one budget.
 */
const withRedis = ENGINE === 'mariadb';

type Res = { status: number; body: { code: string; message: string; details: Record<string, unknown> }; headers: Record<string, string> };

/** A 429 of the contract: Retry-After equal to details.retryAfterSeconds, within the window, and said in the message. */
function expectRateLimited(res: Res, windowSeconds: number, message: RegExp) {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('RATE_LIMITED');
  expect(res.body.message).toMatch(message);
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(windowSeconds);
  expect(res.body.details.retryAfterSeconds).toBe(wait);
  // The message says when: N 秒 below a minute, else N 分钟 (rounded up), for windows up to two hours.
  const said = wait < 60 ? `${wait} 秒` : wait <= 7200 ? `${Math.ceil(wait / 60)} 分钟` : `${Math.ceil(wait / 3600)} 小时`;
  expect(res.body.message).toContain(`请 ${said}后再试`);
}

describe(`rate limits on ${ENGINE}${withRedis ? ' + Redis' : ''}`, () => {
  const redis = withRedis ? testRedis() : null;
  afterAll(async () => {
    await redis?.cleanup();
  });

  describe('logins: per client IP', () => {
    let t: TestApp;
    let second: TestApp | null = null;
    beforeAll(async () => {
      t = await startApp({ RATE_LIMIT_LOGIN_PER_MIN: '3', ...redis?.env });
      // A second process on the same Redis shares the budget.
      if (redis) second = await startApp({ RATE_LIMIT_LOGIN_PER_MIN: '3', ...redis.env });
    });
    afterAll(async () => {
      await t?.close();
      await second?.close();
    });

    it('answers the 4th login of a minute from one IP with 429, whatever X-Forwarded-For claims', async () => {
      const login = (app: TestApp, forwarded?: string) => {
        const r = app.http().post('/api/v1/auth/demo');
        return (forwarded ? r.set('X-Forwarded-For', forwarded) : r).send({ username: 'demo-citizen' });
      };
      expect((await login(t)).status).toBe(200);
      expect((await login(t, '203.0.113.7')).status).toBe(200);
      // Refreshing counts as a login too.
      const tokens = (await login(t, '198.51.100.9')).body;
      expect(tokens.accessToken).toBeDefined();
      const refused = await t
        .http()
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', '192.0.2.1')
        .send({ refreshToken: tokens.refreshToken });
      expectRateLimited(refused as unknown as Res, 60, /^登录过于频繁/);
      if (second) {
        // The other process counts against the same budget (Redis), so it refuses too.
        expect((await login(second)).status).toBe(429);
      }
      // Other routes are not part of the login budget.
      expect((await t.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.accessToken}`)).status).toBe(200);
    });
  });

  describe('reports, uploads, actions, Open311 writes: per user, staff with their own budgets', () => {
    let t: TestApp;
    let a: Awaited<ReturnType<typeof actors>>;
    beforeAll(async () => {
      t = await startApp({
        RATE_LIMIT_REPORTS_PER_HOUR: '2',
        RATE_LIMIT_STAFF_REPORTS_PER_DAY: '3',
        RATE_LIMIT_UPLOADS_PER_HOUR: '2',
        RATE_LIMIT_ACTIONS_PER_MIN: '2',
        RATE_LIMIT_OPEN311_WRITES_PER_HOUR: '2',
        ...redis?.env,
      });
      a = await actors(t, ['demo-citizen', 'demo-citizen-2', 'demo-inspector', 'demo-operator', 'demo-admin']);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('lets a citizen file 2 reports an hour; the 3rd is 429, another citizen still may', async () => {
      for (let i = 0; i < 2; i++) {
        const ok = await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]));
        expect(ok.status).toBe(201);
      }
      const refused = await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]));
      expectRateLimited(refused as unknown as Res, 3600, /^上报过于频繁/);
      expect(refused.body.details).toMatchObject({ limit: 2, windowSeconds: 3600 });
      const [{ n }] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM cases`);
      expect(Number(n)).toBe(2); // nothing written by the refused one
      expect((await a.post('demo-citizen-2', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen-2')]))).status).toBe(201);
    });

    it('gives staff their own, higher budget: an inspector files past the citizen limit, up to 3 a day', async () => {
      for (let i = 0; i < 3; i++) {
        const ok = await a.post('demo-inspector', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-inspector')]));
        expect(ok.status).toBe(201);
      }
      const refused = await a.post('demo-inspector', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-inspector')]));
      expectRateLimited(refused as unknown as Res, 86400, /^今天的上报已达 3 次上限/);
    });

    it('lets a user upload 2 photos an hour; the 3rd is 429 before a byte is stored', async () => {
      const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#36c' } })
        .jpeg()
        .toBuffer();
      const upload = () =>
        t
          .http()
          .post('/api/v1/media')
          .set('Authorization', `Bearer ${a.token('demo-citizen-2')}`)
          .attach('file', photo, 'p.jpg');
      expect((await upload()).status).toBe(201);
      expect((await upload()).status).toBe(201);
      const refused = await upload();
      expectRateLimited(refused as unknown as Res, 3600, /^上传照片过于频繁/);
      const [{ n }] = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM media WHERE owner_id = (SELECT id FROM users WHERE username = 'demo-citizen-2')`,
      );
      expect(Number(n)).toBe(3); // 2 uploaded + the one made by the builder for the report above
    });

    it('lets a citizen take 2 case actions a minute (here: rating); staff are not held to it', async () => {
      const unit = 'district-411002';
      const ids = [];
      for (let i = 0; i < 3; i++)
        ids.push(
          await fixture(t, unit, '2026-11-02T08:00:00', [
            ...dispatchedOn('2026-11-02'),
            ...closedAfter('2026-11-03T10:00:00', '2026-11-03T15:00:00'),
          ]),
        );
      const rate = (id: string) => a.post('demo-citizen', `/api/v1/cases/${id}/actions`, { action: 'rate', version: 7, rating: 5 });
      expect((await rate(ids[0])).status).toBe(200);
      expect((await rate(ids[1])).status).toBe(200);
      const refused = await rate(ids[2]);
      expectRateLimited(refused as unknown as Res, 60, /^操作过于频繁/);
      // Three actions in a row by an operator: the staff budget is far higher.
      for (let i = 0; i < 3; i++) {
        const res = await a.post('demo-operator', `/api/v1/cases/${ids[2]}/actions`, { action: 'void', version: 1 });
        expect(res.status).not.toBe(429);
      }
    });

    it('counts Open311 writes per api key (two keys, two budgets) and per user without one', async () => {
      const body = (key?: string) => ({
        service_code: '200102',
        lat: '34.0235',
        long: '113.823',
        description: '路边垃圾',
        ...(key ? { api_key: key } : {}),
      });
      const newKey = async (name: string) => (await a.post('demo-admin', '/api/v1/admin/open311-keys', { name })).body.key as string;
      const [one, two] = [await newKey('接入方甲'), await newKey('接入方乙')];
      // An integrator sends only its key; the platform's own clients their Bearer token.
      const post = (key?: string) =>
        key
          ? t.http().post('/api/open311/v2/requests.json').send(body(key))
          : a.post('demo-operator', '/api/open311/v2/requests.json', body());
      expect((await post(one)).status).toBe(201);
      expect((await post(one)).status).toBe(201);
      const refused = await post(one);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await post(two)).status).toBe(201);
      expect((await post()).status).toBe(201);
      // Guessing keys is counted per client address, and answered 403 until that budget is spent.
      expect((await post('xc311_not-a-key')).status).toBe(403);
    });
  });

  describe('every request: per user, or per client IP (X-Forwarded-For only from TRUST_PROXY)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ RATE_LIMIT_REQUESTS_PER_MIN: '5', TRUST_PROXY: 'loopback', ...redis?.env });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('answers the 6th request of a minute with 429; the health check is never limited', async () => {
      const get = (ip: string) => t.http().get('/api/v1/categories').set('X-Forwarded-For', ip);
      for (let i = 0; i < 5; i++) expect((await get('203.0.113.10')).status).toBe(200);
      expectRateLimited((await get('203.0.113.10')) as unknown as Res, 60, /^操作过于频繁/);
      // Behind a trusted proxy each client has its own budget.
      expect((await get('203.0.113.11')).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await t.http().get('/api/health').set('X-Forwarded-For', '203.0.113.10')).status).toBe(200);
    });
  });
});

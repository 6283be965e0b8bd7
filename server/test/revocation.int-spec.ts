import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { demoUserId } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, testRedis, type TestApp } from './support/harness.js';

/**
 * Revocation takes effect on the next request: role change, disabling, a revoked refresh family,
 * signing out. On MariaDB the users' token state is kept in Redis and two processes share it.
 */
const withRedis = ENGINE === 'mariadb';

describe(`revocation on ${ENGINE}${withRedis ? ' + Redis' : ''}`, () => {
  const redis = withRedis ? testRedis() : null;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;
  /** A second process on the same database (and Redis): what one revokes, the other refuses at once. */
  let other: TestApp;
  let admin: string;

  beforeAll(async () => {
    db = await freshDatabase();
    // Without Redis each process keeps a user's state for AUTH_STATE_CACHE_MS; 0 here so that the
    // second SQLite process reads it afresh (with Redis the change is written through at once).
    const env = { DATABASE_URL: db.url, ...(redis ? redis.env : { AUTH_STATE_CACHE_MS: '0' }) };
    t = await startApp(env);
    other = await startApp(env);
    admin = await t.login('demo-admin');
  });
  afterAll(async () => {
    await t?.close();
    await other?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  const me = (app: TestApp, token: string) => app.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const login = async (username: string) => (await t.http().post('/api/v1/auth/demo').send({ username })).body;
  const patch = (username: string, body: object) =>
    t
      .http()
      .patch(`/api/v1/admin/users/${demoUserId(username)}`)
      .set('Authorization', `Bearer ${admin}`)
      .send(body);

  it('refuses the old token at once when the user’s roles change; a refresh gives a token with the new roles', async () => {
    const s = await login('demo-evaluator');
    expect((await me(other, s.accessToken)).status).toBe(200);
    expect((await patch('demo-evaluator', { roles: ['evaluator', 'operator'] })).status).toBe(200);
    for (const app of [t, other]) {
      const res = await me(app, s.accessToken);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录状态已失效，请重新登录', details: {} });
    }
    const renewed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken });
    expect(renewed.status).toBe(200);
    expect(renewed.body.user.roles).toEqual(['evaluator', 'operator']);
    expect((await me(other, renewed.body.accessToken)).body.roles).toEqual(['evaluator', 'operator']);
  });

  it('refuses every token of a disabled account, refuses its sign-in and refresh, and lets it back when re-enabled', async () => {
    const s = await login('demo-handler-2');
    expect((await me(t, s.accessToken)).status).toBe(200);
    const off = await patch('demo-handler-2', { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    for (const app of [t, other]) {
      const res = await me(app, s.accessToken);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('账号已停用，请联系管理员');
    }
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    const again = await t.http().post('/api/v1/auth/demo').send({ username: 'demo-handler-2' });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ code: 'FORBIDDEN', message: '账号已停用，请联系管理员' });

    const on = await patch('demo-handler-2', { active: true });
    expect(on.body.active).toBe(true);
    const back = await login('demo-handler-2');
    expect((await me(other, back.accessToken)).status).toBe(200);
    // The refresh token of before was revoked with the account: it stays dead.
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
  });

  it('refuses an administrator disabling their own account', async () => {
    const res = await patch('demo-admin', { active: false });
    expect(res.status).toBe(400);
    expect(res.body.details.fields.active).toBe('不能停用自己的账号');
    expect((await me(t, admin)).status).toBe(200);
  });

  it('ends the access token of a refresh family revoked by a replayed refresh token', async () => {
    const s = await login('demo-citizen-2');
    const next = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken });
    expect(next.status).toBe(200);
    expect((await me(other, next.body.accessToken)).status).toBe(200);
    // The first refresh token again: a replay (stolen). The family and its access tokens end.
    expect((await other.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    expect((await me(t, next.body.accessToken)).status).toBe(401);
    expect((await me(other, next.body.accessToken)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken })).status).toBe(401);
  });

  it('signs out of this device, or of every device at once', async () => {
    const phone = await login('demo-dispatcher');
    const laptop = await login('demo-dispatcher');
    const out = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${phone.accessToken}`);
    expect(out.status).toBe(204);
    expect((await me(other, phone.accessToken)).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: phone.refreshToken })).status).toBe(401);
    // The laptop's sign-in survives: its refresh token still works (its access token is renewed silently).
    const renewed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: laptop.refreshToken });
    expect(renewed.status).toBe(200);
    expect((await me(other, renewed.body.accessToken)).status).toBe(200);

    const tablet = await login('demo-dispatcher');
    const all = await other.http().post('/api/v1/auth/logout-all').set('Authorization', `Bearer ${tablet.accessToken}`);
    expect(all.status).toBe(204);
    for (const s of [renewed.body, tablet]) {
      expect((await me(t, s.accessToken)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    }
  });

  it('refuses a token once it expires, though the same token was accepted (and remembered) before', async () => {
    const jwt = t.app.get(JwtService);
    const claims = { sub: demoUserId('demo-admin'), usr: 'demo-admin', roles: ['admin'], unit: null, ver: 0, fam: 'x', typ: 'access' };
    // The version must be the user's current one: read it from a token the server issues now.
    const issued = jwt.decode<{ ver: number }>((await login('demo-admin')).accessToken);
    // Expires at the start of the next second but one: accepted now, refused ~2 s later.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await jwt.signAsync({ ...claims, ver: issued.ver, exp });
    expect((await me(t, token)).status).toBe(200);
    expect((await me(t, token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    const res = await me(t, token);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('登录已过期或凭证无效，请重新登录');
  });

  it('refuses a validly signed token for a user that does not exist', async () => {
    const forged = await t.app
      .get(JwtService)
      .signAsync(
        { sub: '6f1d2c3b-0000-4000-8000-00000000dead', usr: 'ghost', roles: ['admin'], unit: null, ver: 0, fam: 'x', typ: 'access' },
        { expiresIn: 600 },
      );
    const res = await me(t, forged);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('账号不存在，请重新登录');
    expect((await t.http().post('/api/v1/admin/users').set('Authorization', `Bearer ${forged}`).send({})).status).toBe(401);
    // A token without a version (issued before versions existed, or hand-made) is refused too.
    const old = await t.app
      .get(JwtService)
      .signAsync({ sub: demoUserId('demo-admin'), usr: 'demo-admin', roles: ['admin'], unit: null, typ: 'access' }, { expiresIn: 600 });
    expect((await me(t, old)).status).toBe(401);
  });
});

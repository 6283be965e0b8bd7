import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { cityTime } from '@xc/shared';
import { JobsService } from '../src/jobs/jobs.service.js';
import { Open311Submission } from '../src/open311/open311.entities.js';
import { GRIDS } from '../src/seed/reference/index.js';
import { actors, caseBody, closedAfter, demoUserId, dispatchedOn, fixture, until } from './support/builders.js';
import { FakeWechatServer } from './support/fake-wechat.js';
import { ENGINE, freshDatabase, startApp, type TestApp } from './support/harness.js';
import { storeSimulatedPatrol } from './support/patrol-simulator.js';

const MONTH = 30 * 24 * 3600_000;

/**
 * Personal information: consent before writes, the phone number (WeChat's button and typed),
 * export, 注销账号, retention, and the audit log of staff reads and admin changes.
 */
describe(`personal information on ${ENGINE}`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const wechat = new FakeWechatServer();
  let codes = 0;

  beforeAll(async () => {
    const base = await wechat.start();
    db = await freshDatabase();
    t = await startApp({
      DATABASE_URL: db.url,
      WECHAT_API_BASE: base,
      WECHAT_APPID: 'wx-test-appid',
      WECHAT_SECRET: 'test-secret',
      JOBS: '0',
    });
    a = await actors(t, ['demo-operator', 'demo-admin', 'demo-evaluator', 'demo-inspector', 'demo-handler', 'demo-citizen']);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await wechat.stop();
  });

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body?: object) =>
      t
        .http()
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .send(body ?? {}),
    put: (url: string, body: object) => t.http().put(url).set('Authorization', `Bearer ${token}`).send(body),
    del: (url: string) => t.http().delete(url).set('Authorization', `Bearer ${token}`),
  });
  /** A WeChat sign-in of person `who` (the same `who` is the same openid). */
  const wechatLogin = async (who: string) => {
    const res = await t
      .http()
      .post('/api/v1/auth/wechat')
      .send({ code: `valid-${++codes}-${who}` });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string; user: { id: string } };
  };
  const currentVersion = async () => (await t.http().get('/api/v1/policies/privacy')).body.version as string;
  const upload = async (token: string) => {
    const photo = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#396' } })
      .jpeg()
      .toBuffer();
    return t.http().post('/api/v1/media').set('Authorization', `Bearer ${token}`).attach('file', photo, 'p.jpg');
  };
  /** A consenting WeChat citizen with one report. */
  const reporter = async (who: string) => {
    const s = await wechatLogin(who);
    expect((await as(s.accessToken).post('/api/v1/me/consents', { policyVersion: await currentVersion() })).status).toBe(201);
    const media = await upload(s.accessToken);
    expect(media.status).toBe(201);
    const created = await as(s.accessToken).post('/api/v1/cases', caseBody([media.body.id], { description: `${who} 上报的垃圾堆放问题` }));
    expect(created.status).toBe(201);
    return { ...s, caseId: created.body.id as string, caseNo: created.body.caseNo as string };
  };
  const auditCount = async (action: string) =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?', [action]))[0].n);

  describe('policies and consent', () => {
    it('serves the current 隐私政策 and 用户服务协议 to everyone', async () => {
      for (const kind of ['privacy', 'terms']) {
        const res = await t.http().get(`/api/v1/policies/${kind}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ kind, version: expect.any(String), title: expect.any(String), publishedAt: expect.any(String) });
        expect(res.body.body.length).toBeGreaterThan(100);
      }
      expect((await t.http().get('/api/v1/policies/privacy')).body.body).toContain('openid');
    });

    it('refuses reporting and uploading until the current version is accepted; public pages stay open', async () => {
      const s = await wechatLogin('consent');
      const me = await as(s.accessToken).get('/api/v1/me');
      expect(me.body).toMatchObject({ consentRequired: true, consentedVersion: null });
      const refused = await upload(s.accessToken);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'CONSENT_REQUIRED',
        details: { policyVersion: await currentVersion(), acceptedVersion: null },
      });
      const report = await as(s.accessToken).post('/api/v1/cases', caseBody([]));
      expect(report.status).toBe(403);
      expect(report.body.code).toBe('CONSENT_REQUIRED');
      // The public pages answer without consent.
      expect((await as(s.accessToken).get('/api/v1/cases?scope=public')).status).toBe(200);
      expect((await as(s.accessToken).get('/api/v1/stats/monthly')).status).toBe(200);

      const stale = await as(s.accessToken).post('/api/v1/me/consents', { policyVersion: '1999-01-01' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('CONFLICT');
      const ok = await as(s.accessToken).post('/api/v1/me/consents', { policyVersion: await currentVersion() });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ policyVersion: await currentVersion(), termsVersion: expect.any(String) });
      expect((await as(s.accessToken).get('/api/v1/me')).body.consentRequired).toBe(false);
      const media = await upload(s.accessToken);
      expect(media.status).toBe(201);
      expect((await as(s.accessToken).post('/api/v1/cases', caseBody([media.body.id]))).status).toBe(201);
    });

    it('lets demo accounts work from the start (they begin with consent given)', async () => {
      expect((await a.get('demo-citizen', '/api/v1/me')).body.consentRequired).toBe(false);
      expect((await a.post('demo-inspector', '/api/v1/patrols', {})).status).toBe(201);
    });
  });

  describe('phone number', () => {
    it('takes the number from WeChat’s phone-number button, once per code; staff see it masked and a reveal is logged', async () => {
      const r = await reporter('phone');
      wechat.phoneNumbers.codes.set('phone-code-1', '13812341234');
      const set = await as(r.accessToken).put('/api/v1/me/phone', { code: 'phone-code-1' });
      expect(set.status).toBe(200);
      expect(set.body.phone).toBe('13812341234');
      const again = await as(r.accessToken).put('/api/v1/me/phone', { code: 'phone-code-1' });
      expect(again.status).toBe(400);

      const detail = await a.get('demo-operator', `/api/v1/cases/${r.caseId}`);
      expect(detail.body.reporter).toMatchObject({ id: r.user.id, phoneMasked: '138****1234' });
      expect(JSON.stringify(detail.body)).not.toContain('13812341234');

      const before = await auditCount('reporter.reveal');
      const reveal = await a.get('demo-operator', `/api/v1/cases/${r.caseId}/reporter-contact`);
      expect(reveal.status).toBe(200);
      expect(reveal.body.phone).toBe('13812341234');
      expect(await auditCount('reporter.reveal')).toBe(before + 1);
      const [row] = await t.dataSource.query('SELECT actor_id, subject_id FROM audit_log WHERE action = ? ORDER BY id DESC', [
        'reporter.reveal',
      ]);
      expect(row).toMatchObject({ actor_id: demoUserId('demo-operator'), subject_id: r.user.id });

      // Neither the public nor another citizen can reveal it (and the refusal writes nothing).
      expect((await a.get('demo-citizen', `/api/v1/cases/${r.caseId}/reporter-contact`)).status).toBe(403);
      expect((await t.http().get(`/api/v1/cases/${r.caseId}/reporter-contact`)).status).toBe(401);
      expect(await auditCount('reporter.reveal')).toBe(before + 1);
    });

    it('accepts a typed mobile number and refuses anything else', async () => {
      const s = await wechatLogin('typed');
      const ok = await as(s.accessToken).put('/api/v1/me/phone', { phone: '+86 139-0000-1111' });
      expect(ok.body.phone).toBe('13900001111');
      const bad = await as(s.accessToken).put('/api/v1/me/phone', { phone: '12345' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.phone).toBeDefined();
      expect((await as(s.accessToken).put('/api/v1/me/phone', { phone: null })).body.phone).toBeNull();
    });
  });

  describe('export', () => {
    it('contains exactly the caller’s data, nothing of another citizen', async () => {
      const mine = await reporter('export-a');
      const theirs = await reporter('export-b');
      await as(mine.accessToken).put('/api/v1/me/phone', { phone: '13711112222' });
      await as(theirs.accessToken).put('/api/v1/me/phone', { phone: '13633334444' });
      // Both cases registered: each reporter's 消息中心 gets its 已受理.
      for (const r of [mine, theirs])
        expect((await a.post('demo-operator', `/api/v1/cases/${r.caseId}/actions`, { action: 'register', version: 1 })).status).toBe(200);
      for (const r of [mine, theirs]) await until(async () => (await as(r.accessToken).get('/api/v1/messages')).body.items.length > 0);
      const before = await auditCount('me.export');
      const res = await as(mine.accessToken).get('/api/v1/me/export');
      expect(res.status).toBe(200);
      expect(res.body.profile).toMatchObject({ id: mine.user.id, phone: '13711112222' });
      expect(res.body.consents).toHaveLength(1);
      expect(res.body.cases.map((c: { caseNo: string }) => c.caseNo)).toEqual([mine.caseNo]);
      expect(res.body.cases[0].photos).toHaveLength(1);
      expect(res.body.cases[0].history[0]).toMatchObject({ action: 'report', byMe: true });
      expect(res.body.messages).toEqual([expect.objectContaining({ kind: 'registered', caseNo: mine.caseNo })]);
      const text = JSON.stringify(res.body);
      for (const foreign of [theirs.user.id, theirs.caseNo, '13633334444', 'export-b', 'o-test-export-b'])
        expect(text).not.toContain(foreign);
      expect(await auditCount('me.export')).toBe(before + 1);
    });
  });

  describe('account deletion', () => {
    it('ends every token at once, leaves the cases without the person, and a new login makes a fresh account', async () => {
      const r = await reporter('leaver');
      await as(r.accessToken).put('/api/v1/me/phone', { phone: '13555556666' });
      const openid = 'o-test-leaver';
      expect((await a.post('demo-operator', `/api/v1/cases/${r.caseId}/actions`, { action: 'register', version: 1 })).status).toBe(200);
      await until(async () => (await as(r.accessToken).get('/api/v1/messages')).body.items.length > 0);
      expect((await as(r.accessToken).del('/api/v1/me')).status).toBe(204);
      const left = await t.dataSource.query('SELECT COUNT(*) AS n FROM messages WHERE user_id = ?', [r.user.id]);
      expect(Number(left[0].n)).toBe(0);

      const me = await as(r.accessToken).get('/api/v1/me');
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('UNAUTHENTICATED');
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: r.refreshToken })).status).toBe(401);

      // The case stays, detached: staff see 已注销用户, no answer carries name, openid or phone.
      const answers = [
        await a.get('demo-operator', `/api/v1/cases/${r.caseId}`),
        await a.get('demo-operator', '/api/v1/cases?scope=all'),
        await a.get('demo-operator', `/api/v1/cases/${r.caseId}/reporter-contact`),
        await a.get('demo-admin', '/api/v1/staff'),
        await t.http().get(`/api/v1/cases/${r.caseId}`),
      ];
      for (const res of answers) expect(res.status).toBe(200);
      expect(answers[0].body.reporter).toMatchObject({ name: '已注销用户', deleted: true, phoneMasked: null });
      expect(answers[2].body).toEqual({ name: '已注销用户', phone: null });
      for (const res of answers) {
        const text = JSON.stringify(res.body);
        for (const trace of [openid, '13555556666', '微信用户', 'wx-']) expect(text).not.toContain(trace);
      }
      const [row] = await t.dataSource.query('SELECT name, username, openid, phone, active FROM users WHERE id = ?', [r.user.id]);
      expect(row).toMatchObject({ name: '已注销用户', openid: null, phone: null });
      expect(row.username).not.toContain('leaver');
      expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM consents WHERE user_id = ?', [r.user.id]))[0].n)).toBe(0);
      expect(await auditCount('account.delete')).toBe(1);

      const again = await wechatLogin('leaver');
      expect(again.user.id).not.toBe(r.user.id);
      expect((await as(again.accessToken).get('/api/v1/me')).body.consentRequired).toBe(true);
      expect((await as(again.accessToken).get('/api/v1/cases?scope=mine')).body.items).toEqual([]);
    });

    it('refuses staff deleting themselves', async () => {
      const res = await as(a.token('demo-operator')).del('/api/v1/me');
      expect(res.status).toBe(403);
      expect((await a.get('demo-operator', '/api/v1/me')).status).toBe(200);
    });
  });

  describe('retention', () => {
    it('erases the contact of cases closed long ago when the clock moves on; the figures stay identical', async () => {
      const r = await reporter('old');
      await as(r.accessToken).put('/api/v1/me/phone', { phone: '13377778888' });
      const oldCase = await fixture(
        t,
        'district-411002',
        '2026-01-05T08:00:00',
        [...dispatchedOn('2026-01-05'), ...closedAfter('2026-01-07T10:00:00', '2026-01-08T10:00:00')],
        {
          reporterId: r.user.id,
        },
      );
      await t.dataSource.getRepository(Open311Submission).insert({
        caseId: oldCase,
        keyId: null,
        firstName: '张',
        lastName: '三',
        email: 'z@example.com',
        phone: '13377778888',
        attributes: [],
        mediaUrl: null,
        mediaStatus: null,
        createdAt: new Date('2026-01-05T01:00:00Z'),
      });
      const figures = async () => (await t.http().get('/api/v1/stats/monthly?month=2026-01')).body;
      const before = await figures();
      expect((await a.get('demo-operator', `/api/v1/cases/${oldCase}`)).body.reporter.phoneMasked).toBe('133****8888');

      const jobs = t.app.get(JobsService);
      const soon = await jobs.runDue(new Date(Date.now() + 12 * MONTH));
      expect(soon.find((j) => j.name === 'privacy-retention')).toMatchObject({ ran: true, result: { contactsErased: 0 } });
      const later = await jobs.runDue(new Date(Date.now() + 37 * MONTH));
      expect(later.find((j) => j.name === 'privacy-retention')?.result?.contactsErased).toBeGreaterThanOrEqual(1);

      const detail = await a.get('demo-operator', `/api/v1/cases/${oldCase}`);
      expect(detail.body.reporter.phoneMasked).toBeNull();
      expect(JSON.stringify(detail.body)).not.toContain('13377778888');
      expect(JSON.stringify(detail.body)).not.toContain('z@example.com');
      expect((await a.get('demo-operator', `/api/v1/cases/${oldCase}/reporter-contact`)).body.phone).toBeNull();
      // The open case of the same person keeps its contact.
      expect((await a.get('demo-operator', `/api/v1/cases/${r.caseId}`)).body.reporter.phoneMasked).toBe('133****8888');
      expect(await figures()).toEqual(before);
    });

    it('reduces patrol tracks past PATROL_TRACK_RETENTION_MONTHS to their weekly figures; compliance stays identical', async () => {
      const inspector = demoUserId('demo-inspector');
      // demo-inspector's grid 411002001001001: 80 minutes on a Tuesday morning of 2026-W46 (a counted half-day).
      const polygon = GRIDS.find((g) => g.code === '411002001001001')!.polygon;
      const { id } = await storeSimulatedPatrol(t, inspector, { polygon, start: cityTime('2026-11-10', '08:30'), minutes: 80, seed: 31 });
      const points = async () =>
        Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM patrol_points WHERE patrol_id = ?', [id]))[0].n);
      const week = async () => ({
        all: (await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46')).body,
        mine: (await a.get('demo-inspector', '/api/v1/patrols/mine/week?week=2026-W46')).body,
      });
      const before = await week();
      expect(before.mine.achievedHalfDays).toBeGreaterThanOrEqual(1);
      expect(before.mine.dailyCoverage.some((d: { share: number }) => d.share > 0)).toBe(true);
      expect(await points()).toBeGreaterThan(50);

      const runs = await t.app.get(JobsService).runDue(new Date(Date.now() + 38 * MONTH));
      expect(runs.find((j) => j.name === 'privacy-retention')?.result?.patrolTracksDropped).toBeGreaterThanOrEqual(1);
      expect(await points()).toBe(0);
      const [row] = await t.dataSource.query('SELECT track_dropped_at FROM patrols WHERE id = ?', [id]);
      expect(row.track_dropped_at).not.toBeNull();
      expect(await week()).toEqual(before);
    });
  });

  describe('audit log', () => {
    it('writes one row per role change and per score import, read by admins only, cursor-paged and filtered', async () => {
      const roles = await auditCount('user.roles');
      const patch = await t
        .http()
        .patch(`/api/v1/admin/users/${demoUserId('demo-evaluator')}`)
        .set('Authorization', `Bearer ${a.token('demo-admin')}`)
        .send({ roles: ['evaluator', 'operator'] });
      expect(patch.status).toBe(200);
      expect(await auditCount('user.roles')).toBe(roles + 1);
      const evaluator = await t.login('demo-evaluator');
      const scores = await auditCount('scores.import');
      const imp = await as(evaluator).put('/api/v1/evaluations/2023-03/scores', [{ unit: '襄城县', score: 90 }]);
      expect(imp.status).toBe(200);
      expect(await auditCount('scores.import')).toBe(scores + 1);

      const page1 = await a.get('demo-admin', '/api/v1/admin/audit?limit=2');
      expect(page1.status).toBe(200);
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.items[0]).toMatchObject({ action: 'scores.import', subjectId: '2023-03', actorRole: expect.any(String) });
      const page2 = await a.get('demo-admin', `/api/v1/admin/audit?limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items[0].id).toBeLessThan(page1.body.items[1].id);
      const filtered = await a.get('demo-admin', `/api/v1/admin/audit?action=user.roles&actor=${demoUserId('demo-admin')}&from=2020-01-01`);
      expect(filtered.body.items.length).toBeGreaterThanOrEqual(1);
      expect(
        filtered.body.items.every(
          (i: { action: string; actorId: string }) => i.action === 'user.roles' && i.actorId === demoUserId('demo-admin'),
        ),
      ).toBe(true);
      expect(filtered.body.items[0].detail).toEqual({ from: ['evaluator'], to: ['evaluator', 'operator'] });
      expect((await a.get('demo-admin', '/api/v1/admin/audit?to=2020-01-01')).body.items).toEqual([]);
      expect((await a.get('demo-admin', '/api/v1/admin/audit?from=yesterday')).status).toBe(400);
      expect((await a.get('demo-operator', '/api/v1/admin/audit')).status).toBe(403);
    });

    it('cannot be changed through the API', async () => {
      const n = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
      const admin = as(a.token('demo-admin'));
      const id = page1Id(await admin.get('/api/v1/admin/audit?limit=1'));
      for (const res of [
        await admin.del(`/api/v1/admin/audit/${id}`),
        await admin.del('/api/v1/admin/audit'),
        await admin.put(`/api/v1/admin/audit/${id}`, { action: 'me.export' }),
        await t
          .http()
          .patch(`/api/v1/admin/audit/${id}`)
          .set('Authorization', `Bearer ${a.token('demo-admin')}`)
          .send({}),
        await admin.post('/api/v1/admin/audit', { action: 'me.export' }),
      ])
        expect(res.status).toBe(404);
      expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n)).toBe(n);
    });
  });

  // Last: it changes the current version for every account of this app.
  describe('a new policy version', () => {
    it('asks everyone again, demo accounts included, until they accept it', async () => {
      const s = await wechatLogin('renew');
      await as(s.accessToken).post('/api/v1/me/consents', { policyVersion: await currentVersion() });
      const published = await a.post('demo-admin', '/api/v1/admin/policies', {
        kind: 'privacy',
        version: '2027-01-01',
        title: '隐私政策',
        body: '新版本正文',
      });
      expect(published.status).toBe(201);
      expect(await currentVersion()).toBe('2027-01-01');
      expect(await auditCount('policy.publish')).toBe(1);
      const refused = await upload(s.accessToken);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: 'CONSENT_REQUIRED',
        details: { policyVersion: '2027-01-01', acceptedVersion: expect.any(String) },
      });
      expect((await a.post('demo-inspector', '/api/v1/patrols', {})).body.code).toBe('CONSENT_REQUIRED');
      expect((await as(s.accessToken).get('/api/v1/me')).body.consentRequired).toBe(true);
      expect((await as(s.accessToken).post('/api/v1/me/consents', { policyVersion: '2027-01-01' })).status).toBe(201);
      expect((await upload(s.accessToken)).status).toBe(201);
      expect(
        (await a.post('demo-admin', '/api/v1/admin/policies', { kind: 'privacy', version: '2027-01-01', title: 'x', body: 'y' })).status,
      ).toBe(409);
      expect(
        (await a.post('demo-operator', '/api/v1/admin/policies', { kind: 'privacy', version: '2028', title: 'x', body: 'y' })).status,
      ).toBe(403);
    });
  });

  // After the policy change: it deletes a demo account, and starts a second process on the database.
  describe('a deleted demo account', () => {
    it('stays deleted when the server starts again in demo mode (no crash, no new consent)', async () => {
      const id = demoUserId('demo-citizen-2');
      const token = await t.login('demo-citizen-2');
      expect((await as(token).del('/api/v1/me')).status).toBe(204);
      const again = await startApp({ DATABASE_URL: db.url, JOBS: '0' });
      try {
        expect((await again.http().post('/api/v1/auth/demo').send({ username: 'demo-citizen-2' })).status).toBe(404);
        expect(Number((await again.dataSource.query('SELECT COUNT(*) AS n FROM consents WHERE user_id = ?', [id]))[0].n)).toBe(0);
        const [row] = await again.dataSource.query('SELECT name, openid, deleted_at FROM users WHERE id = ?', [id]);
        expect(row.name).toBe('已注销用户');
        expect(row.deleted_at).not.toBeNull();
      } finally {
        await again.close();
      }
    });
  });
});

const page1Id = (res: { body: { items: { id: number }[] } }) => res.body.items[0].id;

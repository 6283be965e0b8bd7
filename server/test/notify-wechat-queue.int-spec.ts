import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NOTIFY_WECHAT_JOB } from '../src/notifications/dispatcher.service.js';
import { Delivery } from '../src/notifications/notify.entities.js';
import { actors, caseBody, makeMedia, until } from './support/builders.js';
import { FakeWechatServer } from './support/fake-wechat.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { jobIn } from './support/jobs.js';

const PROGRESS = 'tpl-case-progress-0002';
const CLOSED = 'tpl-case-closed-0002';

/** WeChat subscribe messages sent by `notify-wechat` jobs on the queue (NOTIFY=1, nobody drains by hand). */
describe(`WeChat messages on the job queue (${ENGINE})`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const wechat = new FakeWechatServer();
  let citizen: { token: string; openid: string; userId: string };
  beforeAll(async () => {
    const base = await wechat.start();
    wechat.addTemplates(PROGRESS, CLOSED);
    t = await startApp({
      WECHAT_API_BASE: base,
      WECHAT_APPID: 'wx-test-appid',
      WECHAT_SECRET: 'test-secret',
      WECHAT_TEMPLATE_CASE_PROGRESS: PROGRESS,
      WECHAT_TEMPLATE_CASE_CLOSED: CLOSED,
      NOTIFY_RETRY_BASE_MS: '50',
      NOTIFY_MAX_ATTEMPTS: '3',
    });
    a = await actors(t, ['demo-citizen', 'demo-operator', 'demo-admin']);
    const login = await t.http().post('/api/v1/auth/wechat').send({ code: 'valid-1-queued' });
    expect(login.status).toBe(200);
    citizen = { token: login.body.accessToken, openid: 'o-test-queued', userId: login.body.user.id };
    const policy = await t.http().get('/api/v1/policies/privacy');
    await t.http().post('/api/v1/me/consents').set('Authorization', `Bearer ${citizen.token}`).send({ policyVersion: policy.body.version });
  });
  afterAll(async () => {
    await t?.close();
    await wechat.stop();
  });

  const registeredCase = async () => {
    const media = await makeMedia(t, 'demo-citizen');
    await t.dataSource.query('UPDATE media SET owner_id = ? WHERE id = ?', [citizen.userId, media]);
    const c = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${citizen.token}`)
      .send(caseBody([media]));
    expect(c.status).toBe(201);
    const r = await a.post('demo-operator', `/api/v1/cases/${c.body.id}/actions`, { action: 'register', version: 1 });
    expect(r.status).toBe(200);
    return c.body as { id: string; caseNo: string };
  };
  const accept = async () => {
    const res = await t
      .http()
      .post('/api/v1/subscriptions')
      .set('Authorization', `Bearer ${citizen.token}`)
      .send({ accepted: [PROGRESS] });
    expect(res.status).toBe(200);
    wechat.grant(citizen.openid, PROGRESS);
  };
  const deliveryOf = (caseId: string) =>
    t.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .innerJoin('notify_outbox', 'o', 'o.id = d.event_id')
      .where('o.case_id = :caseId', { caseId })
      .getOne();

  it('sends the accepted message from a queued job, once', async () => {
    await accept();
    const before = wechat.sent.length;
    const c = await registeredCase();
    await until(async () => (await deliveryOf(c.id))?.state === 'done');
    const d = (await deliveryOf(c.id))!;
    await jobIn(t, 'completed', NOTIFY_WECHAT_JOB, (j) => (j.payload as { deliveryId: string }).deliveryId === d.id);
    expect(wechat.sent.length).toBe(before + 1);
    expect(wechat.sent.at(-1)!.data.character_string1.value).toBe(c.caseNo);
  });

  it('retries through an outage with backoff, then the delivery and its job are failed, listed for admins', async () => {
    await accept();
    wechat.outage = '5xx';
    let d: Delivery | null = null;
    try {
      const c = await registeredCase();
      await until(async () => (d = await deliveryOf(c.id))?.state === 'failed', 15_000);
    } finally {
      wechat.outage = 'none';
    }
    expect(d).toMatchObject({ state: 'failed', attempts: 3 });
    await jobIn(t, 'failed', NOTIFY_WECHAT_JOB, (j) => (j.payload as { deliveryId: string }).deliveryId === d!.id);
    const res = await a.get('demo-admin', '/api/v1/admin/jobs?state=failed');
    expect(res.body.items.find((j: { payload: { deliveryId?: string } }) => j.payload.deliveryId === d!.id)).toMatchObject({
      name: NOTIFY_WECHAT_JOB,
      attemptsMade: 3,
    });
  });
});

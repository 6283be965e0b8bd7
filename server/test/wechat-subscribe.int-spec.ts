import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { WechatClient } from '../src/auth/wechat.client.js';
import { loadConfig } from '../src/config/app-config.js';
import { NotifyDispatcher } from '../src/notifications/dispatcher.service.js';
import { ENGINE, REDIS_TEST_URL, testRedis, type TestApp } from './support/harness.js';
import { WechatSubscriberRig } from './support/wechat-subscriber.js';

const PROGRESS = 'tpl-case-progress-0001';
const CLOSED = 'tpl-case-closed-0001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** WeChat subscribe messages (订阅消息) against the local stand-in, which speaks WeChat's protocol and errors. */
describe(`WeChat subscribe messages on ${ENGINE}`, () => {
  const rig = new WechatSubscriberRig({ progress: PROGRESS, closed: CLOSED }, 'subscriber');
  const { wechat } = rig;
  const redis = testRedis();
  let t: TestApp;
  let dispatcher: NotifyDispatcher;
  beforeAll(async () => {
    t = await rig.start({
      ...redis.env,
      WECHAT_MINIPROGRAM_STATE: 'trial',
      NOTIFY: '0',
      NOTIFY_RETRY_BASE_MS: '50',
      NOTIFY_MAX_ATTEMPTS: '3',
    });
    dispatcher = t.app.get(NotifyDispatcher);
  });
  afterAll(async () => {
    await rig.stop();
    await redis.cleanup();
  });

  it('sends one accepted message with the fields cut to WeChat limits, and counts the acceptance used', async () => {
    expect(await rig.accept(PROGRESS)).toEqual([{ templateId: PROGRESS, remaining: 1 }]);
    const c = await rig.registeredCase();
    await dispatcher.drain();
    expect(wechat.sent).toHaveLength(1);
    const msg = wechat.sent[0];
    expect(msg).toMatchObject({
      touser: rig.citizen.openid,
      template_id: PROGRESS,
      page: `packages/citizen/pages/detail/index?id=${c.id}`,
      miniprogram_state: 'trial',
    });
    expect(msg.data.character_string1.value).toBe(c.caseNo);
    expect(msg.data.phrase2.value).toBe('已受理');
    expect([...msg.data.thing3.value].length).toBeLessThanOrEqual(20);
    expect(msg.data.time4.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect((await rig.deliveryOf(c.id)).state).toBe('done');
    const [{ remaining }] = await t.dataSource.query('SELECT remaining FROM wechat_subscriptions WHERE user_id = ?', [rig.citizen.userId]);
    expect(Number(remaining)).toBe(0);
  });

  it('sends nothing without an acceptance left, and does not retry a 43101', async () => {
    // No acceptance recorded by us: skipped without asking WeChat.
    const before = wechat.sendAttempts;
    const c1 = await rig.registeredCase();
    await dispatcher.drain();
    expect(wechat.sendAttempts).toBe(before);
    expect(await rig.deliveryOf(c1.id)).toMatchObject({ state: 'skipped', attempts: 0 });

    // We think there is one, WeChat says there is none (43101): skipped, nothing used up, no retry.
    await rig.postAsCitizen('/api/v1/subscriptions', { accepted: [PROGRESS] });
    const c2 = await rig.registeredCase();
    await dispatcher.drain();
    await sleep(200);
    await dispatcher.drain();
    expect(wechat.sendAttempts).toBe(before + 1);
    expect(await rig.deliveryOf(c2.id)).toMatchObject({ state: 'skipped', attempts: 0 });
    expect((await rig.deliveryOf(c2.id)).lastError).toContain('43101');
    const [{ remaining }] = await t.dataSource.query('SELECT remaining FROM wechat_subscriptions WHERE user_id = ? AND template_id = ?', [
      rig.citizen.userId,
      PROGRESS,
    ]);
    expect(Number(remaining)).toBe(1);
    // Use up the leftover count so the next tests start from zero.
    await t.dataSource.query('UPDATE wechat_subscriptions SET remaining = 0 WHERE user_id = ?', [rig.citizen.userId]);
  });

  it('refreshes the token once on 42001 and on 40001, and otherwise reuses it', async () => {
    for (const spoil of [() => wechat.expireTokens(), () => wechat.invalidateTokens()]) {
      await rig.accept(PROGRESS);
      const issued = wechat.tokensIssued;
      spoil();
      const sent = wechat.sent.length;
      await rig.registeredCase();
      await dispatcher.drain();
      expect(wechat.sent.length).toBe(sent + 1);
      expect(wechat.tokensIssued).toBe(issued + 1);
    }
    await rig.accept(PROGRESS);
    const issued = wechat.tokensIssued;
    await rig.registeredCase();
    await dispatcher.drain();
    expect(wechat.tokensIssued).toBe(issued);
  });

  it('holds messages through a WeChat outage (5xx, dropped connections) and delivers each once after it', async () => {
    await rig.accept(PROGRESS);
    await rig.accept(PROGRESS);
    wechat.outage = '5xx';
    const c1 = await rig.registeredCase();
    await dispatcher.drain();
    wechat.outage = 'reset';
    const c2 = await rig.registeredCase();
    await dispatcher.drain();
    // c1 may have been tried again meanwhile (its backoff is short): still waiting, never lost.
    expect((await rig.deliveryOf(c1.id)).state).toBe('pending');
    expect((await rig.deliveryOf(c1.id)).lastError).toMatch(/503|fetch failed/);
    expect(await rig.deliveryOf(c2.id)).toMatchObject({ state: 'pending', attempts: 1 });
    const sent = wechat.sent.length;

    wechat.outage = 'none';
    // Backoff: 50 ms after the first failure (MariaDB keeps whole seconds, so up to a second later).
    for (let i = 0; i < 30 && (await rig.deliveryOf(c2.id)).state === 'pending'; i++) {
      await sleep(100);
      await dispatcher.drain();
    }
    expect((await rig.deliveryOf(c1.id)).state).toBe('done');
    expect((await rig.deliveryOf(c2.id)).state).toBe('done');
    expect(wechat.sent.length).toBe(sent + 2);
    expect(
      wechat.sent
        .slice(-2)
        .map((m) => m.data.character_string1.value)
        .sort(),
    ).toEqual(
      [
        (await rig.deliveryOf(c1.id)).payload.data.character_string1.value,
        (await rig.deliveryOf(c2.id)).payload.data.character_string1.value,
      ].sort(),
    );
  });

  it('gives up after NOTIFY_MAX_ATTEMPTS and lists the failed delivery for administrators', async () => {
    await rig.accept(PROGRESS);
    wechat.outage = '5xx';
    const c = await rig.registeredCase();
    await dispatcher.drain();
    for (let i = 0; i < 50 && (await rig.deliveryOf(c.id)).state === 'pending'; i++) {
      await sleep(100);
      await dispatcher.drain();
    }
    wechat.outage = 'none';
    expect(await rig.deliveryOf(c.id)).toMatchObject({ state: 'failed', attempts: 3 });
    const list = await rig.staff.get('demo-admin', '/api/v1/admin/deliveries?state=failed');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ channel: 'wechat', state: 'failed', lastError: expect.stringContaining('503') }),
    );
    expect((await rig.staff.get('demo-admin', '/api/v1/admin/deliveries?state=lost')).status).toBe(400);
    // The in-app message was never held up by WeChat.
    const inbox = await t.http().get('/api/v1/messages').set('Authorization', `Bearer ${rig.citizen.token}`);
    expect(inbox.body.items.filter((m: { caseId: string }) => m.caseId === c.id).map((m: { kind: string }) => m.kind)).toEqual([
      'registered',
    ]);
  });

  it('shares one access token between processes through Redis', async () => {
    const env = { WECHAT_API_BASE: t.config.wechat.baseUrl, WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret', ...redis.env };
    const config = loadConfig({ NODE_ENV: 'test', ...env, REDIS_KEY_PREFIX: `${redis.env.REDIS_KEY_PREFIX}shared:` });
    const r1 = new Redis(REDIS_TEST_URL);
    const r2 = new Redis(REDIS_TEST_URL);
    try {
      const issued = wechat.tokensIssued;
      const first = await new WechatClient(config, r1).accessToken();
      const second = await new WechatClient(config, r2).accessToken();
      expect(second).toBe(first);
      expect(wechat.tokensIssued).toBe(issued + 1);
      // A token WeChat refused is replaced for everyone.
      const fresh = await new WechatClient(config, r2).accessToken(first);
      expect(fresh).not.toBe(first);
      expect(await new WechatClient(config, r1).accessToken()).toBe(fresh);
      expect(wechat.tokensIssued).toBe(issued + 2);
    } finally {
      await r1.del(`${config.redis.keyPrefix}wechat:access-token`);
      r1.disconnect();
      r2.disconnect();
    }
  });
});

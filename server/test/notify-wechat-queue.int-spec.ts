import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NOTIFY_WECHAT_JOB } from '../src/notifications/dispatcher.service.js';
import type { Delivery } from '../src/notifications/notify.entities.js';
import { until } from './support/builders.js';
import { ENGINE, type TestApp } from './support/harness.js';
import { jobIn } from './support/jobs.js';
import { WechatSubscriberRig } from './support/wechat-subscriber.js';

const PROGRESS = 'tpl-case-progress-0002';
const CLOSED = 'tpl-case-closed-0002';

/** WeChat subscribe messages sent by `notify-wechat` jobs on the queue (NOTIFY=1, nobody drains by hand). */
describe(`WeChat messages on the job queue (${ENGINE})`, () => {
  const rig = new WechatSubscriberRig({ progress: PROGRESS, closed: CLOSED }, 'queued');
  const { wechat } = rig;
  let t: TestApp;
  beforeAll(async () => {
    t = await rig.start({ NOTIFY_RETRY_BASE_MS: '50', NOTIFY_MAX_ATTEMPTS: '3' });
  });
  afterAll(() => rig.stop());

  it('sends the accepted message from a queued job, once', async () => {
    await rig.accept(PROGRESS);
    const before = wechat.sent.length;
    const c = await rig.registeredCase();
    await until(async () => (await rig.findDelivery(c.id))?.state === 'done');
    const d = await rig.deliveryOf(c.id);
    await jobIn(t, 'completed', NOTIFY_WECHAT_JOB, (j) => (j.payload as { deliveryId: string }).deliveryId === d.id);
    expect(wechat.sent.length).toBe(before + 1);
    expect(wechat.sent.at(-1)!.data.character_string1.value).toBe(c.caseNo);
  });

  it('retries through an outage with backoff, then the delivery and its job are failed, listed for admins', async () => {
    await rig.accept(PROGRESS);
    wechat.outage = '5xx';
    let d: Delivery | null = null;
    try {
      const c = await rig.registeredCase();
      await until(async () => (d = await rig.findDelivery(c.id))?.state === 'failed', 15_000);
    } finally {
      wechat.outage = 'none';
    }
    expect(d).toMatchObject({ state: 'failed', attempts: 3 });
    await jobIn(t, 'failed', NOTIFY_WECHAT_JOB, (j) => (j.payload as { deliveryId: string }).deliveryId === d!.id);
    const res = await rig.staff.get('demo-admin', '/api/v1/admin/jobs?state=failed');
    expect(res.body.items.find((j: { payload: { deliveryId?: string } }) => j.payload.deliveryId === d!.id)).toMatchObject({
      name: NOTIFY_WECHAT_JOB,
      attemptsMade: 3,
    });
  });
});

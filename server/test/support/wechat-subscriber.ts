import { Delivery } from '../../src/notifications/notify.entities.js';
import { actors, caseBody, makeMedia } from './builders.js';
import { FakeWechatServer } from './fake-wechat.js';
import { startApp, type TestApp } from './harness.js';

/** Subscribe-message templates of the mini-program under test (both needed for the WeChat channel). */
interface Templates {
  progress: string;
  closed: string;
}

const expectStatus = (res: { status: number; body: unknown }, status: number, what: string) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
};

/**
 * The setup of the WeChat subscribe-message tests: the app against the local WeChat stand-in
 * (FakeWechatServer) with two templates, and a citizen signed in through WeChat who has accepted the
 * privacy policy. `start` in beforeAll, `stop` in afterAll; the fields are set by `start`.
 */
export class WechatSubscriberRig {
  readonly wechat = new FakeWechatServer();
  t!: TestApp;
  /** demo-operator (registers the citizen's cases) and demo-admin. */
  staff!: Awaited<ReturnType<typeof actors>>;
  citizen!: { token: string; openid: string; userId: string };

  /** `who`: the citizen's WeChat code is `valid-1-<who>`, so the stand-in names them `o-test-<who>`. */
  constructor(
    readonly templates: Templates,
    private readonly who: string,
  ) {}

  /** `env`: the test's own settings on top of the WeChat ones (NOTIFY…, Redis). */
  async start(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    const base = await this.wechat.start();
    this.wechat.addTemplates(this.templates.progress, this.templates.closed);
    const t = (this.t = await startApp({
      WECHAT_API_BASE: base,
      WECHAT_APPID: 'wx-test-appid',
      WECHAT_SECRET: 'test-secret',
      WECHAT_TEMPLATE_CASE_PROGRESS: this.templates.progress,
      WECHAT_TEMPLATE_CASE_CLOSED: this.templates.closed,
      ...env,
    }));
    this.staff = await actors(t, ['demo-operator', 'demo-admin']);
    const login = await t
      .http()
      .post('/api/v1/auth/wechat')
      .send({ code: `valid-1-${this.who}` });
    expectStatus(login, 200, 'WeChat login');
    this.citizen = { token: login.body.accessToken, openid: `o-test-${this.who}`, userId: login.body.user.id };
    // A new WeChat user reads and accepts the privacy policy before reporting or subscribing.
    const policy = await t.http().get('/api/v1/policies/privacy');
    expectStatus(await this.postAsCitizen('/api/v1/me/consents', { policyVersion: policy.body.version }), 201, 'consent');
    return t;
  }

  async stop(): Promise<void> {
    await this.t?.close();
    await this.wechat.stop();
  }

  /** The citizen reports a case and the operator registers it: one 已受理 for WeChat. */
  async registeredCase(): Promise<{ id: string; caseNo: string }> {
    const media = await makeMedia(this.t, 'demo-citizen');
    // The photo belongs to the demo citizen: hand it over to the subscriber.
    await this.t.dataSource.query('UPDATE media SET owner_id = ? WHERE id = ?', [this.citizen.userId, media]);
    const c = await this.postAsCitizen('/api/v1/cases', caseBody([media]));
    expectStatus(c, 201, 'report');
    const r = await this.staff.post('demo-operator', `/api/v1/cases/${c.body.id}/actions`, { action: 'register', version: 1 });
    expectStatus(r, 200, 'register');
    return c.body;
  }

  /** The citizen accepts these templates in the mini-program: recorded by the app, and granted on WeChat's side. */
  async accept(...templateIds: string[]): Promise<{ templateId: string; remaining: number }[]> {
    const res = await this.postAsCitizen('/api/v1/subscriptions', { accepted: templateIds });
    expectStatus(res, 200, 'subscriptions');
    for (const id of templateIds) this.wechat.grant(this.citizen.openid, id);
    return res.body.subscriptions;
  }

  /** The WeChat delivery of the case's notification; null until the dispatcher has made it. */
  findDelivery(caseId: string): Promise<Delivery | null> {
    return this.deliveries(caseId).getOne();
  }

  /** The WeChat delivery of the case's notification, which must exist. */
  deliveryOf(caseId: string): Promise<Delivery> {
    return this.deliveries(caseId).getOneOrFail();
  }

  private deliveries(caseId: string) {
    return this.t.dataSource
      .getRepository(Delivery)
      .createQueryBuilder('d')
      .innerJoin('notify_outbox', 'o', 'o.id = d.event_id')
      .where('o.case_id = :caseId', { caseId });
  }

  /** POST as the citizen. */
  postAsCitizen(url: string, body: object) {
    return this.t.http().post(url).set('Authorization', `Bearer ${this.citizen.token}`).send(body);
  }
}

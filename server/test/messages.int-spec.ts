import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotifyDispatcher } from '../src/notifications/dispatcher.service.js';
import { OutboxEvent } from '../src/notifications/notify.entities.js';
import { TimedEventsService } from '../src/notifications/timed-events.service.js';
import { actors, caseBody, fixture, makeMedia, STAFF, type Move } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

interface Msg {
  id: string;
  kind: string;
  title: string;
  body: string;
  caseId: string;
  caseNo: string;
  readAt: string | null;
}

/**
 * The 消息中心 and the outbox behind it. The dispatcher does not poll here (NOTIFY=0): each test
 * drains it when it wants the messages, so what is asserted does not depend on timing.
 */
describe(`messages and the notification outbox on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let dispatcher: NotifyDispatcher;
  let weiduUnit: string;
  beforeAll(async () => {
    t = await startApp({ NOTIFY: '0', NOTIFY_CLAIM_MS: '600' });
    a = await actors(t, STAFF);
    dispatcher = t.app.get(NotifyDispatcher);
    const groups = (await t.http().get('/api/v1/evaluation-groups')).body;
    weiduUnit = groups[1].units.find((u: { name: string }) => u.name === '魏都区').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = async (user = 'demo-citizen') => {
    const res = await a.post(user, '/api/v1/cases', caseBody([await makeMedia(t, user)]));
    expect(res.status).toBe(201);
    return res.body as { id: string; caseNo: string; version: number };
  };
  const act = async (user: string, c: { id: string; version: number }, body: Record<string, unknown>) => {
    const res = await a.post(user, `/api/v1/cases/${c.id}/actions`, { version: c.version, ...body });
    expect(res.status).toBe(200);
    c.version = res.body.version;
  };
  const inbox = async (user: string, caseId?: string): Promise<Msg[]> => {
    const res = await a.get(user, '/api/v1/messages?limit=50');
    expect(res.status).toBe(200);
    return (res.body.items as Msg[]).filter((m) => !caseId || m.caseId === caseId);
  };
  const unread = async (user: string) => (await a.get(user, '/api/v1/messages/unread-count')).body.count as number;

  it('tells each party of a case exactly what concerns them, once, through a whole lifecycle', async () => {
    const c = await report();
    await dispatcher.drain();
    expect((await inbox('demo-operator', c.id)).map((m) => m.kind)).toEqual(['report-waiting']);
    expect(await inbox('demo-citizen', c.id)).toEqual([]);

    await act('demo-operator', c, { action: 'register' });
    await act('demo-dispatcher', c, { action: 'dispatch', unitId: weiduUnit });
    await act('demo-handler', c, { action: 'finish', mediaIds: [await makeMedia(t, 'demo-handler')], note: '已清理' });
    await act('demo-operator', c, { action: 'request-check' });
    await act('demo-inspector', c, { action: 'check', passed: false, note: '仍有残留' });
    await act('demo-handler', c, { action: 'finish', mediaIds: [await makeMedia(t, 'demo-handler')] });
    await act('demo-operator', c, { action: 'request-check' });
    await act('demo-inspector', c, { action: 'check', passed: true });
    await act('demo-operator', c, { action: 'close' });
    await dispatcher.drain();
    // Twice on purpose: nothing left to deliver means nothing more shows.
    await dispatcher.drain();

    const reporter = await inbox('demo-citizen', c.id);
    // Newest first.
    expect(reporter.map((m) => m.kind)).toEqual(['closed', 'handled', 'handled', 'dispatched', 'registered']);
    expect(reporter.map((m) => m.title)).toEqual(['已结案', '已处置', '已处置', '已派遣', '已受理']);
    for (const m of reporter) {
      expect(m.caseNo).toBe(c.caseNo);
      // Never a staff member's name.
      for (const staff of ['演示受理员', '演示派遣员', '演示处置员', '演示网格员']) expect(m.body).not.toContain(staff);
    }
    expect(reporter[0].body).toContain('评价');
    expect(reporter[3].body).toMatch(/派遣至相关/);

    expect((await inbox('demo-handler', c.id)).map((m) => m.kind)).toEqual(['returned', 'assigned']);
    expect((await inbox('demo-handler-2', c.id)).map((m) => m.kind)).toEqual([]);
    expect((await inbox('demo-inspector', c.id)).map((m) => m.kind)).toEqual(['check-assigned', 'check-assigned']);
    expect((await inbox('demo-dispatcher', c.id)).map((m) => m.kind)).toEqual(['dispatch-waiting']);
    // The operator's own moves do not come back to them.
    expect((await inbox('demo-operator', c.id)).map((m) => m.kind)).toEqual(['check-waiting', 'check-waiting', 'report-waiting']);

    const pending = await t.dataSource.getRepository(OutboxEvent).countBy({ caseId: c.id, state: 'pending' });
    expect(pending).toBe(0);
  });

  it('reaches an operator added, and no longer one disabled, from the next report on (recipients are cached)', async () => {
    const waiting = async (userId: string, caseId: string) =>
      Number(
        (
          await t.dataSource.query(`SELECT COUNT(*) AS n FROM messages WHERE user_id = ? AND case_id = ? AND kind = 'report-waiting'`, [
            userId,
            caseId,
          ])
        )[0].n,
      );
    // Fills the operators' recipients.
    const before = await report();
    await dispatcher.drain();
    const added = await a.post('demo-admin', '/api/v1/admin/users', { username: 'op-added-later', name: '新受理员', roles: ['operator'] });
    expect(added.status).toBe(201);
    expect(await waiting(added.body.id, before.id)).toBe(0);

    const after = await report();
    await dispatcher.drain();
    expect(await waiting(added.body.id, after.id)).toBe(1);

    const disabled = await t
      .http()
      .patch(`/api/v1/admin/users/${added.body.id}`)
      .set('Authorization', `Bearer ${a.token('demo-admin')}`)
      .send({ active: false });
    expect(disabled.status).toBe(200);
    const last = await report();
    await dispatcher.drain();
    expect(await waiting(added.body.id, last.id)).toBe(0);
    // The demo operator still hears of every one.
    expect((await inbox('demo-operator', last.id)).map((m) => m.kind)).toEqual(['report-waiting']);
  });

  it('tells the reporter why a report was refused', async () => {
    const c = await report('demo-citizen-2');
    await act('demo-operator', c, { action: 'refuse', reason: 'out_of_scope' });
    await dispatcher.drain();
    const [m] = await inbox('demo-citizen-2', c.id);
    expect(m).toMatchObject({ kind: 'refused', title: '不予立案' });
    expect(m.body).toContain('不属于城市管理范围');
  });

  it('pages newest first by cursor, counts unread, and marks read by ids or all', async () => {
    const user = 'demo-citizen-2';
    for (let i = 0; i < 3; i++) await act('demo-operator', await report(user), { action: 'register' });
    await dispatcher.drain();
    const all = await inbox(user);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const ids = all.map((m) => Number(m.id));
    expect([...ids].sort((x, y) => y - x)).toEqual(ids);

    const first = (await a.get(user, '/api/v1/messages?limit=2')).body;
    expect(first.items.map((m: Msg) => m.id)).toEqual(all.slice(0, 2).map((m) => m.id));
    const second = (await a.get(user, `/api/v1/messages?limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.items.map((m: Msg) => m.id)).toEqual(all.slice(2, 4).map((m) => m.id));

    const before = await unread(user);
    expect(before).toBe(all.length);
    expect((await a.post(user, '/api/v1/messages/read', { ids: [all[0].id, all[1].id] })).status).toBe(204);
    expect(await unread(user)).toBe(before - 2);
    expect((await inbox(user))[0].readAt).not.toBeNull();

    // Someone else's ids change nothing of theirs.
    const citizenBefore = await unread('demo-citizen');
    expect((await a.post('demo-citizen', '/api/v1/messages/read', { ids: [all[2].id] })).status).toBe(204);
    expect(await unread(user)).toBe(before - 2);
    expect(await unread('demo-citizen')).toBe(citizenBefore);

    expect((await a.post(user, '/api/v1/messages/read', { all: true })).status).toBe(204);
    expect(await unread(user)).toBe(0);
  });

  it('answers bad input with 400 and the contract body, and 401 without a token', async () => {
    const bad: [string, 'get' | 'post', unknown][] = [
      ['/api/v1/messages?cursor=abc', 'get', null],
      ['/api/v1/messages?limit=0', 'get', null],
      ['/api/v1/messages?limit=500', 'get', null],
      ['/api/v1/messages/read', 'post', {}],
      ['/api/v1/messages/read', 'post', { ids: 'x' }],
      ['/api/v1/messages/read', 'post', { ids: ['1; DROP'] }],
      ['/api/v1/messages/read', 'post', { all: 'yes' }],
      ['/api/v1/subscriptions', 'post', { accepted: 'tpl' }],
      ['/api/v1/subscriptions', 'post', { accepted: ['not-configured'] }],
    ];
    for (const [url, method, body] of bad) {
      const res = method === 'get' ? await a.get('demo-citizen', url) : await a.post('demo-citizen', url, body);
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await t.http().get('/api/v1/messages')).status).toBe(401);
    expect((await t.http().get('/api/v1/events')).status).toBe(401);
    expect((await t.http().get('/api/v1/events?ticket=forged.token.here')).status).toBe(401);
    expect((await a.get('demo-citizen', '/api/v1/admin/deliveries')).status).toBe(403);
  });

  it('delivers once when the dispatcher dies between delivering and marking done', async () => {
    const c = await report();
    await act('demo-operator', c, { action: 'register' });
    // This process "dies" here: it claimed the events and wrote the messages, and never marked them done.
    const claimed = await dispatcher.claimEvents();
    expect(claimed.map((e) => e.kind)).toEqual(['report', 'register']);
    for (const e of claimed) await dispatcher.deliverEvent(e);
    expect((await inbox('demo-citizen', c.id)).map((m) => m.kind)).toEqual(['registered']);
    // While the claim holds, nobody takes the events over.
    expect(await dispatcher.claimEvents()).toEqual([]);
    await new Promise((r) => setTimeout(r, 800));
    // The claim (600 ms) has run out: another round delivers again, and the unique delivery ids keep it to one message.
    await dispatcher.drain();
    expect((await inbox('demo-citizen', c.id)).map((m) => m.kind)).toEqual(['registered']);
    expect((await inbox('demo-dispatcher', c.id)).map((m) => m.kind)).toEqual(['dispatch-waiting']);
    const rows = await t.dataSource.getRepository(OutboxEvent).findBy({ caseId: c.id });
    expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
  });

  it('announces a deadline within 2 working hours, an overdue case and an unrated closed case, each once', async () => {
    // Monday 30 November 2026, 10:00 in Xuchang: working hours until 12:00.
    const now = new Date('2026-11-30T02:00:00Z');
    const dispatched: Move[] = [
      ['register', 'registered', '2026-11-30T08:10:00'],
      ['dispatch', 'dispatched', '2026-11-30T08:20:00'],
    ];
    const soon = await fixture(t, weiduUnit, '2026-11-30T08:00:00', dispatched, { deadline: new Date('2026-11-30T03:00:00Z') });
    const late = await fixture(t, weiduUnit, '2026-11-30T08:00:00', dispatched, { deadline: new Date('2026-11-30T01:00:00Z') });
    const later = await fixture(t, weiduUnit, '2026-11-30T08:00:00', dispatched, { deadline: new Date('2026-12-02T01:00:00Z') });
    const unrated = await fixture(t, weiduUnit, '2026-11-20T09:00:00', [
      ...dispatched.map(([a, to]): Move => [a, to, '2026-11-20T10:00:00']),
      ['finish', 'handled', '2026-11-21T10:00:00'],
      ['request-check', 'checking', '2026-11-21T11:00:00'],
      ['check', 'checked', '2026-11-21T12:00:00'],
      ['close', 'closed', '2026-11-26T09:00:00'],
    ]);
    const timed = t.app.get(TimedEventsService);
    expect(await timed.run(now)).toEqual({ deadlineSoon: 1, overdue: 1, rateReminders: 1 });
    // The next run (another process, or five minutes on) finds the same occasions and adds nothing.
    expect(await timed.run(new Date(now.getTime() + 5 * 60_000))).toEqual({ deadlineSoon: 0, overdue: 0, rateReminders: 0 });
    await dispatcher.drain();

    expect((await inbox('demo-handler', soon)).map((m) => m.kind)).toEqual(['deadline-soon']);
    expect((await inbox('demo-handler', soon))[0].body).toContain('11月30日 11:00');
    expect((await inbox('demo-handler', late)).map((m) => m.kind)).toEqual(['overdue']);
    expect((await inbox('demo-dispatcher', late)).map((m) => m.kind)).toEqual(['overdue']);
    expect(await inbox('demo-handler', later)).toEqual([]);
    expect((await inbox('demo-citizen', unrated)).map((m) => m.title)).toEqual(['邀请评价']);
    // Units that do not have the case hear nothing.
    expect(await inbox('demo-handler-2', soon)).toEqual([]);
  });
});

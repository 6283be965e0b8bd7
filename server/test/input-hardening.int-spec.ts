import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, closedAfter, demoUserId, dispatchedOn, fixture, makeMedia } from './support/builders.js';
import { FakeWechatServer } from './support/fake-wechat.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * Each bad input the issue found answering 500, now a clear 400 in the contract's form; the error
 * body always has `details`; the contract's order (403 before 409) for rating someone else's case.
 */
describe(`input hardening on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const wechat = new FakeWechatServer();
  beforeAll(async () => {
    t = await startApp({ WECHAT_API_BASE: await wechat.start(), WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret' });
    a = await actors(t, ['demo-citizen', 'demo-citizen-2', 'demo-inspector', 'demo-operator', 'demo-admin']);
  });
  afterAll(async () => {
    await t?.close();
    await wechat.stop();
  });

  const expect400 = (res: { status: number; body: { code: string; details: { fields?: Record<string, string> } } }, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    if (field) expect(Object.keys(res.body.details.fields ?? {})).toContain(field);
  };
  const raw = (url: string, text: string, who?: string) => {
    let r = t.http().post(url).set('Content-Type', 'application/json');
    if (who) r = r.set('Authorization', `Bearer ${a.token(who)}`);
    return r.send(text);
  };
  const send = (method: 'post' | 'patch' | 'put', url: string, who: string, body: unknown) =>
    t
      .http()
      [method](url)
      .set('Authorization', `Bearer ${a.token(who)}`)
      .send(body as object);

  it('answers JSON nested 3,000 deep with 400 before anything reads it, without a login', async () => {
    const deep = `{"username":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await raw('/api/v1/auth/demo', deep);
    expect400(res);
    expect(Object.keys(res.body.details.fields)[0]).toMatch(/^body\.username(\.0)+$/);
    expect(res.body.message).toContain('嵌套层级过深');
    // Health stays quick meanwhile (the check is a loop over the parsed value, not recursion).
    expect((await t.http().get('/api/health')).status).toBe(200);
  });

  it('answers a prototype name as an action, or as a key, with 400 or 403, never 500', async () => {
    const id = await fixture(t, 'district-411002', '2026-11-02T08:00:00', []);
    for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await a.post('demo-operator', `/api/v1/cases/${id}/actions`, { action, version: 1 });
      expect400(res, 'action');
    }
    const key = await raw(
      `/api/v1/cases/${id}/actions`,
      '{"__proto__":{"roles":["admin"]},"action":"register","version":1}',
      'demo-operator',
    );
    expect400(key, 'body.__proto__');
  });

  it('answers a lone UTF-16 surrogate in the WeChat code (or any string) with 400, and never calls WeChat with it', async () => {
    const before = wechat.requests.length;
    const res = await raw('/api/v1/auth/wechat', '{"code":"abc\\ud800"}');
    expect400(res, 'body.code');
    expect(wechat.requests.length).toBe(before);
    const text = await raw(
      '/api/v1/cases',
      JSON.stringify(caseBody([await makeMedia(t, 'demo-citizen')])).replace('路边', '\\udc00'),
      'demo-citizen',
    );
    expect400(text, 'body.description');
  });

  it('refuses null where a field is optional but not nullable, naming the field', async () => {
    const patrol = (await send('post', '/api/v1/patrols', 'demo-inspector', {})).body;
    expect400(await send('post', '/api/v1/patrols', 'demo-inspector', { startedAt: null }), 'startedAt');
    expect400(await send('post', `/api/v1/patrols/${patrol.id}/finish`, 'demo-inspector', { finishedAt: null }), 'finishedAt');
    for (const body of [{ name: null }, { duplicateRadiusM: null }, { active: null }, { theme: null }]) {
      const res = await send('patch', '/api/v1/admin/categories/200102', 'demo-admin', body);
      expect400(res, Object.keys(body)[0]);
      expect(res.body.details.fields![Object.keys(body)[0]]).toContain('不能为 null');
    }
    const [unit] = await t.dataSource.query('SELECT id FROM units ORDER BY id LIMIT 1');
    expect400(await send('patch', `/api/v1/admin/units/${unit.id}`, 'demo-admin', { active: null }), 'active');
    expect400(await send('patch', `/api/v1/admin/users/${demoUserId('demo-citizen-2')}`, 'demo-admin', { name: null }), 'name');
    expect400(await send('patch', `/api/v1/admin/users/${demoUserId('demo-citizen-2')}`, 'demo-admin', { active: null }), 'active');
    expect400(
      await a.post('demo-citizen', '/api/v1/cases', { ...caseBody([await makeMedia(t, 'demo-citizen')]), address: null }),
      'address',
    );
    expect400(
      await a.post('demo-citizen', '/api/v1/cases', {
        ...caseBody([await makeMedia(t, 'demo-citizen')]),
        location: { lat: 34.02, lng: 113.82, coord: null },
      }),
      'location.coord',
    );
    // Where null means something (a staff member leaves their unit), it is accepted.
    const cleared = await send('patch', `/api/v1/admin/users/${demoUserId('demo-inspector')}`, 'demo-admin', {
      unitId: null,
      patrolRole: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ unit: null, patrolRole: null });
  });

  it('answers malformed polygons and calendars with 400', async () => {
    const grid = (coordinates: unknown) => ({
      code: '411002001001099',
      name: '测试网格',
      communityCode: '411002001001',
      polygon: { type: 'Polygon', coordinates },
    });
    for (const coordinates of [
      [],
      [[]],
      [[[]]],
      [[[113.8]]],
      [
        [
          ['a', 'b'],
          [1, 2],
          [3, 4],
          ['a', 'b'],
        ],
      ],
      [null],
      'x',
    ]) {
      expect400(await send('post', '/api/v1/admin/grids', 'demo-admin', grid(coordinates)));
    }
    const [g] = await t.dataSource.query('SELECT code FROM grids ORDER BY code LIMIT 1');
    expect400(await send('patch', `/api/v1/admin/grids/${g.code}`, 'demo-admin', { polygon: { type: 'Polygon', coordinates: [[[]]] } }));
    for (const days of [[[[]]], [null], [[]], ['2026-01-01'], [{ date: '2026-01-01', kind: 'holiday', name: '元旦', extra: [[[]]] }]]) {
      expect400(await send('put', '/api/v1/admin/calendar/2026', 'demo-admin', { days }));
    }
  });

  it('says in Chinese what is wrong, with the rule’s own figures, where the DTO gave no message', async () => {
    const res = await t.http().get('/api/v1/cases/duplicates').query({ categoryCode: '200102', lat: 91, lng: 113.8 });
    expect400(res, 'lat');
    expect(res.body.details.fields).toEqual({ lat: 'lat 不能大于 90' });
    expect(res.body).toMatchObject({ message: '请检查：lat 不能大于 90' });
  });

  it('lists at most 20 unknown fields and keeps the answer small', async () => {
    const body: Record<string, unknown> = { username: 'demo-citizen' };
    for (let i = 0; i < 20_000; i++) body[`field_${i}_${'x'.repeat(6)}`] = i;
    const started = Date.now();
    const res = await t.http().post('/api/v1/auth/wechat').send(body);
    console.log(`20,000 unknown fields refused in ${Date.now() - started} ms`);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.details.fields)).toHaveLength(20);
    expect(res.body.details.more).toBeGreaterThan(20_000 - 20 - 3);
    expect(res.text.length).toBeLessThan(4000);
  });

  it('rates someone else’s case: 403 whatever its status or version, before any 409', async () => {
    const open = await fixture(t, 'district-411002', '2026-11-02T08:00:00', dispatchedOn('2026-11-02'));
    const closed = await fixture(t, 'district-411002', '2026-11-02T08:00:00', [
      ...dispatchedOn('2026-11-02'),
      ...closedAfter('2026-11-03T10:00:00', '2026-11-03T15:00:00'),
    ]);
    // The reporter of both fixtures is demo-citizen; demo-citizen-2 is someone else.
    for (const [id, version] of [
      [open, 3],
      [open, 99],
      [closed, 1],
    ] as const) {
      const res = await a.post('demo-citizen-2', `/api/v1/cases/${id}/actions`, { action: 'rate', version, rating: 5 });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: {} });
    }
    // …even with a body that would be a 400 (403 comes first).
    expect((await a.post('demo-citizen-2', `/api/v1/cases/${closed}/actions`, { action: 'rate', version: 'x', rating: 9 })).status).toBe(
      403,
    );
    // The reporter herself gets the 409 of an open case.
    expect((await a.post('demo-citizen', `/api/v1/cases/${open}/actions`, { action: 'rate', version: 3, rating: 5 })).status).toBe(409);
  });

  it('gives every error a details object', async () => {
    const responses = [
      await t.http().get('/api/v1/me'),
      await t.http().get('/api/v1/cases/not-a-uuid'),
      await a.get('demo-citizen', '/api/v1/cases?scope=all'),
      await raw('/api/v1/auth/demo', '{"username": '),
      await t.http().get('/media/nothing-here.jpg'),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 404, 403, 400, 404]);
    for (const r of responses) expect(r.body.details).toEqual(expect.any(Object));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, closedAfter, demoUserId, fixture, makeMedia, STAFF, WEIDU_POINT } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`case lifecycle on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let weiduUnit: string;
  let jiananUnit: string;
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, STAFF);
    const groups = (await t.http().get('/api/v1/evaluation-groups')).body;
    weiduUnit = groups[1].units.find((u: { name: string }) => u.name === '魏都区').id;
    jiananUnit = groups[1].units.find((u: { name: string }) => u.name === '建安区').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = async (user = 'demo-citizen', over: Record<string, unknown> = {}, key?: string) => {
    const media = await makeMedia(t, user);
    return a.post(user, '/api/v1/cases', caseBody([media], over), key ? { 'Idempotency-Key': key } : {});
  };
  const act = (user: string, id: string, body: Record<string, unknown>) => a.post(user, `/api/v1/cases/${id}/actions`, body);

  it('creates a case located to its grid, street and district with a readable number', async () => {
    const res = await report();
    expect(res.status).toBe(201);
    expect(res.body.caseNo).toMatch(/^XC\d{8}\d{4}$/);
    expect(res.body).toMatchObject({
      status: 'reported',
      version: 1,
      channel: 'citizen',
      gridCode: '411002004001001',
      district: { name: '魏都区' },
      categoryName: expect.any(String),
      theme: '环境卫生',
    });
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'report', from: null, to: 'reported' })]);
    expect(res.body.nextActions).toEqual([]);
    expect(res.body.reporter.id).toBe(demoUserId('demo-citizen'));
  });

  it('converts a GCJ-02 location from the weapp to WGS84 before storing it', async () => {
    const { wgs84ToGcj02 } = await import('../src/geo/coords.js');
    const [lng, lat] = wgs84ToGcj02([WEIDU_POINT.lng, WEIDU_POINT.lat]);
    const res = await report('demo-citizen', { location: { lat, lng, coord: 'gcj02' } });
    expect(res.status).toBe(201);
    expect(res.body.location.lat).toBeCloseTo(WEIDU_POINT.lat, 5);
    expect(res.body.location.lng).toBeCloseTo(WEIDU_POINT.lng, 5);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    const media = await makeMedia(t, 'demo-citizen');
    const cases: [Record<string, unknown>, string][] = [
      [{ categoryCode: '999999' }, 'categoryCode'],
      [{ location: { lat: 39.9, lng: 116.4 } }, 'location'],
      [{ location: { lat: 48.85, lng: 2.35 } }, 'location'],
      [{ description: '' }, 'description'],
      [{ mediaIds: [] }, 'mediaIds'],
      [{ mediaIds: [await makeMedia(t, 'demo-citizen-2')] }, 'mediaIds'],
      [{ categoryCode: undefined, theme: undefined }, 'categoryCode'],
      [{ afterMediaIds: [media] }, 'afterMediaIds'],
    ];
    for (const [over, field] of cases) {
      const res = await a.post('demo-citizen', '/api/v1/cases', { ...caseBody([media]), ...over });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.details.fields)).toContain(field);
    }
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(Number(after)).toBe(Number(before));
  });

  it('honours Idempotency-Key: a retry returns the same case, a different body with the same key is refused', async () => {
    const media = await makeMedia(t, 'demo-citizen');
    const body = caseBody([media], { description: '幂等测试：井盖缺失' });
    const first = await a.post('demo-citizen', '/api/v1/cases', body, { 'Idempotency-Key': 'retry-key-0001' });
    const again = await a.post('demo-citizen', '/api/v1/cases', body, { 'Idempotency-Key': 'retry-key-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const changed = await a.post(
      'demo-citizen',
      '/api/v1/cases',
      { ...body, description: '另一个问题描述' },
      { 'Idempotency-Key': 'retry-key-0001' },
    );
    expect(changed.status).toBe(409);
    // The same key from another user is another case.
    const other = await a.post(
      'demo-citizen-2',
      '/api/v1/cases',
      caseBody([await makeMedia(t, 'demo-citizen-2')], { description: '幂等测试：井盖缺失' }),
      { 'Idempotency-Key': 'retry-key-0001' },
    );
    expect(other.body.id).not.toBe(first.body.id);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM cases WHERE description = '幂等测试：井盖缺失'");
    expect(Number(n)).toBe(2);
  });

  it('runs the whole lifecycle with a rework, keeping one history row per move', async () => {
    const created = (await report()).body;
    const id = created.id;
    let v = created.version;
    const step = async (user: string, body: Record<string, unknown>, status: string) => {
      const res = await act(user, id, { ...body, version: v });
      expect({ status: res.status, code: res.body.code, case: res.body.status }).toEqual({ status: 200, code: undefined, case: status });
      v = res.body.version;
      return res.body;
    };
    expect((await a.get('demo-operator', `/api/v1/cases/${id}`)).body.nextActions).toEqual([
      'request-verify',
      'register',
      'refuse',
      'recategorize',
      'void',
    ]);
    await step('demo-operator', { action: 'request-verify' }, 'verifying');
    const verified = await step('demo-inspector', { action: 'verify', passed: true, note: '现场属实' }, 'reported');
    expect(verified.history.at(-1)).toMatchObject({ action: 'verify', note: '现场属实' });
    await step('demo-operator', { action: 'register' }, 'registered');
    const dispatched = await step('demo-dispatcher', { action: 'dispatch', unitId: weiduUnit }, 'dispatched');
    expect(dispatched.unit.name).toBe('魏都区');
    expect(new Date(dispatched.deadline).getTime()).toBeGreaterThan(Date.now());
    expect((await a.get('demo-handler', `/api/v1/cases/${id}`)).body.nextActions).toEqual([
      'finish',
      'request-extension',
      'request-return',
    ]);
    expect((await a.get('demo-handler-2', `/api/v1/cases/${id}`)).body.nextActions).toEqual([]);
    await step('demo-handler', { action: 'finish', mediaIds: [await makeMedia(t, 'demo-handler')], note: '已清理' }, 'handled');
    await step('demo-operator', { action: 'request-check' }, 'checking');
    await step('demo-inspector', { action: 'check', passed: false, note: '仍有残留' }, 'dispatched');
    const refinished = await step('demo-handler', { action: 'finish', mediaIds: [await makeMedia(t, 'demo-handler')] }, 'handled');
    expect(refinished.afterMedia).toHaveLength(1);
    await step('demo-operator', { action: 'request-check' }, 'checking');
    await step('demo-inspector', { action: 'check', passed: true }, 'checked');
    await step('demo-operator', { action: 'close' }, 'closed');
    expect((await a.get('demo-citizen', `/api/v1/cases/${id}`)).body.nextActions).toEqual(['rate']);
    const rated = await step('demo-citizen', { action: 'rate', rating: 5, comment: '处理很快' }, 'closed');
    expect(rated.rating).toEqual({ rating: 5, comment: '处理很快' });
    expect(rated.history.map((h: { to: string }) => h.to)).toEqual([
      'reported',
      'verifying',
      'reported',
      'registered',
      'dispatched',
      'handled',
      'checking',
      'dispatched',
      'handled',
      'checking',
      'checked',
      'closed',
      'closed',
    ]);
    expect(rated.version).toBe(rated.history.length);
    const [row] = await t.dataSource.query('SELECT reworked, closed_at, last_finished_at FROM cases WHERE id = ?', [id]);
    expect(Number(row.reworked)).toBe(1);
    expect(row.closed_at).not.toBeNull();
    // Rated once only.
    const twice = await act('demo-citizen', id, { action: 'rate', version: v, rating: 1 });
    expect(twice.status).toBe(403);
  });

  it('answers 403, 404, 409 with the contract codes', async () => {
    const c = (await report()).body;
    const forbidden = await act('demo-citizen', c.id, { action: 'register', version: c.version });
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
    const notAllowed = await act('demo-operator', c.id, { action: 'close', version: c.version });
    expect([notAllowed.status, notAllowed.body.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    await act('demo-operator', c.id, { action: 'register', version: c.version });
    const stale = await act('demo-operator', c.id, { action: 'void', version: c.version });
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
    expect(stale.body.details.currentVersion).toBe(c.version + 1);
    const missing = await act('demo-operator', '00000000-0000-4000-8000-00000000dead', { action: 'register', version: 1 });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    const noUnit = await act('demo-dispatcher', c.id, { action: 'dispatch', version: c.version + 1 });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.details.fields.unitId).toBeDefined();
    const anon = await t.http().post(`/api/v1/cases/${c.id}/actions`).send({ action: 'register', version: 1 });
    expect(anon.status).toBe(401);
  });

  it('orders errors as the contract says: 401, then 403 or 404, then 400, then 409', async () => {
    const c = (await report()).body;
    const dead = '00000000-0000-4000-8000-00000000dead';
    // An unknown case with a bad body: 404, not 400.
    expect((await act('demo-operator', dead, { action: 'register', version: 'x' })).status).toBe(404);
    // An action the caller can never take, with a bad body: 403, not 400.
    expect((await act('demo-citizen', c.id, { action: 'register', version: 'x', extra: 1 })).status).toBe(403);
    // Bad body for an allowed caller: 400 naming the fields, even with a stale version.
    const bad = await act('demo-operator', c.id, { action: 'register', version: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['extra', 'version']);
  });

  it('moves the deadline on an approved extension and releases the unit on an approved return', async () => {
    const c = (await report()).body;
    let v = c.version;
    const go = async (user: string, body: Record<string, unknown>) => {
      const res = await act(user, c.id, { ...body, version: v });
      expect(res.status).toBe(200);
      v = res.body.version;
      return res.body;
    };
    await go('demo-operator', { action: 'register' });
    const d = await go('demo-dispatcher', { action: 'dispatch', unitId: weiduUnit });
    // A requested deadline with milliseconds is kept to the whole second on both engines.
    const later = new Date(new Date(d.deadline).getTime() + 3 * 86400_000 + 586);
    const laterWhole = new Date(Math.floor(later.getTime() / 1000) * 1000).getTime();
    const asked = await go('demo-handler', { action: 'request-extension', deadline: later.toISOString(), note: '需要调配设备' });
    expect(asked.openRequest).toBe('extension');
    expect(new Date(asked.requestedDeadline).getTime()).toBe(laterWhole);
    expect(asked.deadline).toBe(d.deadline);
    const approved = await go('demo-dispatcher', { action: 'approve-extension' });
    expect(new Date(approved.deadline).getTime()).toBe(laterWhole);
    await go('demo-handler', { action: 'request-return', note: '不属于本单位职责' });
    const returned = await go('demo-dispatcher', { action: 'approve-return' });
    expect(returned).toMatchObject({ status: 'registered', unit: null, deadline: null });
    const redispatched = await go('demo-dispatcher', { action: 'dispatch', unitId: jiananUnit });
    expect(redispatched.unit.name).toBe('建安区');
    await go('demo-dispatcher', { action: 'pend', note: '需要长期整治' });
    const resumed = await go('demo-dispatcher', { action: 'resume' });
    expect(resumed.status).toBe('dispatched');
    const voided = await go('demo-operator', { action: 'void', note: '重复录入' });
    expect(voided.status).toBe('voided');
  });

  it('links a refused duplicate to the original', async () => {
    const original = (await report()).body;
    const copy = (await report('demo-citizen-2')).body;
    expect(copy.possibleDuplicates.map((d: { id: string }) => d.id)).toContain(original.id);
    const noOriginal = await act('demo-operator', copy.id, { action: 'refuse', reason: 'duplicate', version: copy.version });
    expect(noOriginal.body.details.fields.duplicateOf).toBeDefined();
    const refused = await act('demo-operator', copy.id, {
      action: 'refuse',
      reason: 'duplicate',
      duplicateOf: original.id,
      version: copy.version,
    });
    expect(refused.body).toMatchObject({ status: 'refused', duplicateOf: original.id });
    const dup = await t
      .http()
      .get('/api/v1/cases/duplicates')
      .query({ categoryCode: '200102', lat: WEIDU_POINT.lat, lng: WEIDU_POINT.lng + 0.0003 });
    expect(dup.status).toBe(200);
    expect(dup.body.map((d: { id: string }) => d.id)).toContain(original.id);
    expect(dup.body.every((d: { distanceM: number }) => d.distanceM <= 50)).toBe(true);
    const far = await t
      .http()
      .get('/api/v1/cases/duplicates')
      .query({ categoryCode: '200102', lat: WEIDU_POINT.lat + 0.01, lng: WEIDU_POINT.lng });
    expect(far.body).toEqual([]);
  });

  it('offers the nearest open look-alikes when many wait at one spot, never a closed one', async () => {
    // 30 open look-alikes a few metres apart north of a spot nobody else uses, and one closed case on it.
    const spot = { lat: WEIDU_POINT.lat - 0.0012, lng: WEIDU_POINT.lng + 0.0011 };
    const open: string[] = [];
    for (let i = 0; i < 30; i++)
      open.push(
        await fixture(t, 'district-411002', '2026-11-20 09:00:00', [], {
          lat: spot.lat + i * 0.00001,
          lng: spot.lng,
          categoryCode: '200103',
        }),
      );
    const closed = await fixture(t, 'district-411002', '2026-11-19 09:00:00', closedAfter('2026-11-19 10:00:00', '2026-11-19 11:00:00'), {
      ...spot,
      categoryCode: '200103',
    });
    const res = await t
      .http()
      .get('/api/v1/cases/duplicates')
      .query({ categoryCode: '200103', ...spot });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    const ids = res.body.map((d: { id: string }) => d.id);
    expect(ids).not.toContain(closed);
    expect(ids.every((id: string) => open.includes(id))).toBe(true);
    const distances = res.body.map((d: { distanceM: number }) => d.distanceM);
    expect(distances).toEqual([...distances].sort((x, y) => x - y));
    expect(Math.max(...distances)).toBeLessThanOrEqual(50);
  });

  it("closes an inspector's self-handled report at once with before and after photos", async () => {
    const before = await makeMedia(t, 'demo-inspector');
    const after = await makeMedia(t, 'demo-inspector');
    const res = await a.post(
      'demo-inspector',
      '/api/v1/cases',
      caseBody([before], { categoryCode: '200201', selfHandled: true, afterMediaIds: [after] }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'closed', channel: 'patrol', version: 2 });
    expect(res.body.afterMedia.map((m: { id: string }) => m.id)).toEqual([after]);
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['report', 'self-handle']);
    const citizen = await a.post(
      'demo-citizen',
      '/api/v1/cases',
      caseBody([await makeMedia(t, 'demo-citizen')], { selfHandled: true, afterMediaIds: [await makeMedia(t, 'demo-citizen')] }),
    );
    expect(citizen.status).toBe(403);
  });

  describe('lists', () => {
    it('pages my cases with a cursor, newest first, without repeats', async () => {
      for (let i = 0; i < 5; i++) await report('demo-citizen-2', { description: `分页测试 ${i}` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await a.get('demo-citizen-2', `/api/v1/cases?scope=mine&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases WHERE reporter_id = ?', [demoUserId('demo-citizen-2')]);
      expect(seen.length).toBe(Number(n));
      const bad = await a.get('demo-citizen-2', '/api/v1/cases?scope=mine&cursor=garbage');
      expect(bad.status).toBe(400);
    });

    it('shows the public no reporter and no refused or voided cases', async () => {
      const res = await t.http().get('/api/v1/cases?scope=public&limit=100');
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const c of res.body.items) {
        expect(c.reporter).toBeUndefined();
        expect(['refused', 'voided']).not.toContain(c.status);
      }
      const one = await t.http().get(`/api/v1/cases/${res.body.items[0].id}`);
      expect(one.body.reporter).toBeUndefined();
      expect(one.body.history.every((h: { actor: { name?: string } }) => h.actor.name === undefined)).toBe(true);
      expect((await t.http().get('/api/v1/cases?scope=mine')).status).toBe(401);
    });

    it("gives handlers only their unit's cases, by deadline", async () => {
      const c = (await report()).body;
      await act('demo-operator', c.id, { action: 'register', version: 1 });
      await act('demo-dispatcher', c.id, { action: 'dispatch', unitId: jiananUnit, version: 2 });
      const mine = await a.get('demo-handler-2', '/api/v1/cases?scope=todo');
      expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
      expect(mine.body.items.every((x: { unit: { id: string } }) => x.unit.id === jiananUnit)).toBe(true);
      const other = await a.get('demo-handler', '/api/v1/cases?scope=all&limit=100');
      expect(other.body.items.every((x: { unit: { id: string } | null }) => x.unit?.id === weiduUnit)).toBe(true);
      const deadlines = mine.body.items.map((x: { deadline: string }) => x.deadline);
      expect([...deadlines].sort()).toEqual(deadlines);
      expect((await a.get('demo-citizen', '/api/v1/cases?scope=todo')).status).toBe(403);
    });

    it('counts a list by status and overdue with one aggregate, as the list itself filters', async () => {
      const counts = (await a.get('demo-operator', '/api/v1/cases/counts?scope=todo')).body;
      const list = (await a.get('demo-operator', '/api/v1/cases?scope=todo&limit=100')).body.items;
      expect(counts.total).toBe(list.length);
      for (const [status, n] of Object.entries(counts.byStatus))
        expect(list.filter((c: { status: string }) => c.status === status)).toHaveLength(n as number);
      expect(counts.overdue).toBe(list.filter((c: { overdue: boolean }) => c.overdue).length);
      expect((await t.http().get('/api/v1/cases/counts?scope=todo')).status).toBe(401);
    });

    it('lists staff for the inspector picker, those of the grid first', async () => {
      const grid = (await a.get('demo-inspector', '/api/v1/me')).body.grids[0].code;
      const res = await a.get('demo-operator', `/api/v1/staff?role=inspector&gridCode=${grid}`);
      expect(res.status).toBe(200);
      expect(res.body[0]).toMatchObject({ name: '演示网格员', patrolRole: 'supervisor_l3' });
      expect(res.body.every((u: { roles: string[] }) => u.roles.includes('inspector'))).toBe(true);
      expect((await a.get('demo-citizen', '/api/v1/staff')).status).toBe(403);
    });

    it('finds cases near a point, nearest first, and filters by status and category', async () => {
      const res = await t.http().get(`/api/v1/cases?scope=public&near=${WEIDU_POINT.lat},${WEIDU_POINT.lng}&radius=500`);
      expect(res.status).toBe(200);
      const d = res.body.items.map((c: { distanceM: number }) => c.distanceM);
      expect(d.length).toBeGreaterThan(0);
      expect([...d].sort((x, y) => x - y)).toEqual(d);
      const closed = await t.http().get('/api/v1/cases?scope=public&status=closed');
      expect(closed.body.items.every((c: { status: string }) => c.status === 'closed')).toBe(true);
      expect((await t.http().get('/api/v1/cases?status=bogus')).status).toBe(400);
    });
  });
});

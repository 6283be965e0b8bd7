import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DivisionDistrictDto } from '@xc/shared';
import { BACKFILL_INSPECTORS_SQL } from '../src/database/migrations/backfill-inspectors.js';
import { actors, caseBody, demoUserId, fixture, makeMedia, STAFF } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * Issue 11, "Dead ends in the case path": each one walked to closure over the API.
 * 1. a report filed with only a theme is registered with a category, corrected, dispatched, closed;
 * 2. theme-only duplicates are found and refused as 重复上报 with the original picked from the list;
 * 3. a 核查/核实 sent to "the grid's inspector" reaches a real person (grid → street → district),
 *    or is refused with a 400 that says whom to pick;
 * 4. the division tree that places a report by name has a point inside every division.
 */
describe(`dead ends in the case path on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let weiduUnit: string;
  let divisions: DivisionDistrictDto[];

  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, STAFF);
    const groups = (await t.http().get('/api/v1/evaluation-groups')).body;
    weiduUnit = groups[1].units.find((u: { name: string }) => u.name === '魏都区').id;
    divisions = (await t.http().get('/api/v1/divisions')).body;
  });
  afterAll(async () => {
    await t?.close();
  });

  const report = async (user: string, over: Record<string, unknown>) =>
    a.post(user, '/api/v1/cases', caseBody([await makeMedia(t, user)], over));
  const act = (user: string, id: string, body: Record<string, unknown>) => a.post(user, `/api/v1/cases/${id}/actions`, body);
  const get = async (user: string, id: string) => (await a.get(user, `/api/v1/cases/${id}`)).body;

  /** One move that must succeed; returns the case after it. */
  const move = async (user: string, c: { id: string; version: number }, body: Record<string, unknown>, status: string) => {
    const res = await act(user, c.id, { ...body, version: c.version });
    expect({ http: res.status, code: res.body.code, status: res.body.status }).toEqual({ http: 200, code: undefined, status });
    return res.body;
  };

  /** dispatch → finish, leaving the case 已处置 for 核查. */
  const toHandled = async (c: { id: string; version: number }) => {
    const d = await move('demo-dispatcher', c, { action: 'dispatch', unitId: weiduUnit }, 'dispatched');
    return move('demo-handler', d, { action: 'finish', mediaIds: [await makeMedia(t, 'demo-handler')] }, 'handled');
  };

  describe('1. a report filed with only a theme', () => {
    it('is registered with a category, corrected before dispatch, and walked to closure', async () => {
      const created = await report('demo-citizen', {
        categoryCode: undefined,
        theme: '环境卫生',
        description: '只选了主题的上报：路边一堆垃圾',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ categoryCode: null, categoryName: null, theme: '环境卫生' });

      const asOperator = await get('demo-operator', created.body.id);
      expect(asOperator.nextActions).toEqual(['request-verify', 'register', 'refuse', 'recategorize', 'void']);

      // 立案 without a category is refused, naming the field, and changes nothing.
      const bare = await act('demo-operator', created.body.id, { action: 'register', version: 1 });
      expect(bare.status).toBe(400);
      expect(bare.body.details.fields.categoryCode).toBe('请选择问题类别');
      const unknown = await act('demo-operator', created.body.id, { action: 'register', version: 1, categoryCode: '999999' });
      expect(unknown.status).toBe(400);
      expect(await get('demo-operator', created.body.id)).toMatchObject({ status: 'reported', version: 1, categoryCode: null });

      const registered = await move('demo-operator', created.body, { action: 'register', categoryCode: '200102' }, 'registered');
      expect(registered).toMatchObject({ categoryCode: '200102', categoryName: '暴露垃圾', theme: '环境卫生' });
      expect(registered.history.at(-1)).toMatchObject({
        action: 'register',
        categoryChange: { from: null, to: { code: '200102', name: '暴露垃圾' } },
      });

      // The dispatcher corrects it before dispatching: the status stays, the history says from → to.
      expect(registered.nextActions).toEqual(['recategorize', 'void']);
      expect((await get('demo-dispatcher', registered.id)).nextActions).toEqual(['dispatch', 'recategorize']);
      const same = await act('demo-dispatcher', registered.id, {
        action: 'recategorize',
        version: registered.version,
        categoryCode: '200102',
      });
      expect([same.status, same.body.details.fields.categoryCode]).toEqual([400, '新类别与当前类别相同']);
      const noCode = await act('demo-dispatcher', registered.id, { action: 'recategorize', version: registered.version });
      expect(noCode.status).toBe(400);
      const corrected = await move(
        'demo-dispatcher',
        registered,
        { action: 'recategorize', categoryCode: '200103', note: '现场为积存渣土' },
        'registered',
      );
      expect(corrected).toMatchObject({ categoryCode: '200103', categoryName: '积存垃圾渣土', version: registered.version + 1 });
      expect(corrected.history.at(-1)).toMatchObject({
        action: 'recategorize',
        from: 'registered',
        to: 'registered',
        note: '现场为积存渣土',
        actor: { role: 'dispatcher' },
        categoryChange: { from: { code: '200102', name: '暴露垃圾' }, to: { code: '200103', name: '积存垃圾渣土' } },
      });
      // The citizen sees the change too (no names).
      const publicView = await get('demo-citizen', corrected.id);
      expect(publicView.history.at(-1).categoryChange.to.name).toBe('积存垃圾渣土');

      const handled = await toHandled(corrected);
      // From dispatch on, the category is the unit's: 修改类别 is refused.
      const late = await act('demo-operator', handled.id, { action: 'recategorize', version: handled.version, categoryCode: '200102' });
      expect([late.status, late.body.code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
      const byHandler = await act('demo-handler', handled.id, { action: 'recategorize', version: handled.version, categoryCode: '200102' });
      expect(byHandler.status).toBe(403);

      const checking = await move('demo-operator', handled, { action: 'request-check' }, 'checking');
      expect(checking.inspector).not.toBeNull();
      const inspector = (await t.dataSource.query('SELECT username FROM users WHERE id = ?', [checking.inspector.id]))[0].username;
      const token = await t.login(inspector);
      const checked = await t
        .http()
        .post(`/api/v1/cases/${checking.id}/actions`)
        .set('Authorization', `Bearer ${token}`)
        .send({ action: 'check', passed: true, version: checking.version });
      expect([checked.status, checked.body.status]).toEqual([200, 'checked']);
      const closed = await move('demo-operator', checked.body, { action: 'close' }, 'closed');
      expect(closed.history.map((h: { action: string }) => h.action)).toEqual([
        'report',
        'register',
        'recategorize',
        'dispatch',
        'finish',
        'request-check',
        'check',
        'close',
      ]);
    });

    it('lets the operator correct the category while it is being verified, and the dispatcher after a return', async () => {
      const c = (await report('demo-citizen', { categoryCode: '200102' })).body;
      const verifying = await move(
        'demo-operator',
        c,
        { action: 'request-verify', inspectorId: demoUserId('demo-inspector') },
        'verifying',
      );
      const fixed = await move('demo-operator', verifying, { action: 'recategorize', categoryCode: '200504' }, 'verifying');
      // The theme follows the category.
      expect(fixed).toMatchObject({ categoryCode: '200504', theme: '市容秩序' });
      const back = await move('demo-inspector', fixed, { action: 'verify', passed: true }, 'reported');
      const registered = await move('demo-operator', back, { action: 'register' }, 'registered');
      const dispatched = await move('demo-dispatcher', registered, { action: 'dispatch', unitId: weiduUnit }, 'dispatched');
      const asked = await move('demo-handler', dispatched, { action: 'request-return', note: '非本单位职责' }, 'dispatched');
      const returned = await move('demo-dispatcher', asked, { action: 'approve-return' }, 'registered');
      expect(returned.nextActions).toEqual(['dispatch', 'recategorize']);
      const again = await move('demo-dispatcher', returned, { action: 'recategorize', categoryCode: '200102' }, 'registered');
      expect(again.history.at(-1).categoryChange).toEqual({
        from: { code: '200504', name: '店外经营' },
        to: { code: '200102', name: '暴露垃圾' },
      });
    });
  });

  describe('2. duplicates of a theme-only report', () => {
    it('finds them by theme and refuses the copy as 重复上报 of the original picked from the list', async () => {
      // A spot away from the other tests' reports: the first community of the last district.
      const spot = divisions.at(-1)!.streets[0].communities[0].point;
      const original = await report('demo-citizen', {
        categoryCode: undefined,
        theme: '市容秩序',
        location: spot,
        description: '商铺把货摊摆到了人行道上',
      });
      expect(original.status).toBe(201);
      // The same problem a minute later, about 10 m away, also with only the theme.
      const near = { lat: spot.lat + 0.00009, lng: spot.lng };
      const copy = await report('demo-citizen-2', {
        categoryCode: undefined,
        theme: '市容秩序',
        location: near,
        description: '人行道被摊位占了',
      });
      expect(copy.body.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual([original.body.id]);

      const byTheme = await t
        .http()
        .get('/api/v1/cases/duplicates')
        .query({ theme: '市容秩序', ...near });
      expect(byTheme.status).toBe(200);
      expect(byTheme.body.map((d: { id: string }) => d.id).sort()).toEqual([original.body.id, copy.body.id].sort());
      expect(byTheme.body.every((d: { distanceM: number }) => d.distanceM <= 50)).toBe(true);
      // Another theme, or farther than 50 m: nothing.
      expect(
        (
          await t
            .http()
            .get('/api/v1/cases/duplicates')
            .query({ theme: '环境卫生', ...near })
        ).body,
      ).toEqual([]);
      expect(
        (
          await t
            .http()
            .get('/api/v1/cases/duplicates')
            .query({ theme: '市容秩序', lat: spot.lat + 0.001, lng: spot.lng })
        ).body,
      ).toEqual([]);
      // A later report with a category of that theme finds the theme-only ones too.
      const categorized = await report('demo-citizen', { categoryCode: '200504', location: near, description: '店外经营占道' });
      expect(categorized.body.possibleDuplicates.map((d: { id: string }) => d.id).sort()).toEqual([original.body.id, copy.body.id].sort());
      // …and a search by another category of another theme does not.
      expect(
        (
          await t
            .http()
            .get('/api/v1/cases/duplicates')
            .query({ categoryCode: '200102', ...near })
        ).body,
      ).toEqual([]);

      // Bad queries: neither a category nor a theme, an unknown theme.
      const none = await t.http().get('/api/v1/cases/duplicates').query(near);
      expect([none.status, Object.keys(none.body.details.fields)]).toEqual([400, ['categoryCode']]);
      expect(
        (
          await t
            .http()
            .get('/api/v1/cases/duplicates')
            .query({ theme: '绿化', ...near })
        ).status,
      ).toBe(400);

      // The operator's refuse form lists the nearby open cases of the theme; the original is picked from it.
      const listed = (
        await a.get('demo-operator', `/api/v1/cases/duplicates?theme=${encodeURIComponent('市容秩序')}&lat=${near.lat}&lng=${near.lng}`)
      ).body.filter((d: { id: string }) => d.id !== copy.body.id);
      expect(listed.map((d: { id: string }) => d.id).sort()).toEqual([original.body.id, categorized.body.id].sort());
      const picked = listed.find((d: { id: string }) => d.id === original.body.id);
      const refused = await move('demo-operator', copy.body, { action: 'refuse', reason: 'duplicate', duplicateOf: picked.id }, 'refused');
      expect(refused.duplicateOf).toBe(original.body.id);
      expect(refused.history.at(-1)).toMatchObject({ action: 'refuse', to: 'refused' });

      // The original goes on to closure.
      const reg = await move('demo-operator', original.body, { action: 'register', categoryCode: '200504' }, 'registered');
      const handled = await toHandled(reg);
      const checking = await move(
        'demo-operator',
        handled,
        { action: 'request-check', inspectorId: demoUserId('demo-inspector') },
        'checking',
      );
      const checked = await move('demo-inspector', checking, { action: 'check', passed: true }, 'checked');
      await move('demo-operator', checked, { action: 'close' }, 'closed');
    });
  });

  describe('3. 核查/核实 sent to "the grid\'s inspector"', () => {
    // A district of our own: its assignments cleared, two inspectors created in two of its streets.
    let district: DivisionDistrictDto;
    let streetA: DivisionDistrictDto['streets'][number];
    let streetB: DivisionDistrictDto['streets'][number];
    let streetC: DivisionDistrictDto['streets'][number];
    let empty: DivisionDistrictDto;
    let caseGrid: string;
    let otherGridOfStreetA: string;
    const ids: Record<string, string> = {};

    const createInspector = async (username: string, name: string, gridCodes: string[]) => {
      const res = await a.post('demo-admin', '/api/v1/admin/users', {
        username,
        name,
        roles: ['inspector'],
        patrolRole: 'grid_manager',
        gridCodes,
      });
      expect(res.status).toBe(201);
      ids[username] = res.body.id;
      return res.body.id as string;
    };
    const clearDistrict = (code: string) =>
      t.dataSource.query('DELETE FROM inspector_grids WHERE grid_code IN (SELECT code FROM grids WHERE district_code = ?)', [code]);
    const todo = async (username: string) => {
      const token = await t.login(username);
      const res = await t.http().get('/api/v1/cases?scope=todo&limit=100').set('Authorization', `Bearer ${token}`);
      return res.body.items.map((c: { id: string }) => c.id) as string[];
    };
    const asUser = async (username: string, id: string, body: Record<string, unknown>) =>
      t
        .http()
        .post(`/api/v1/cases/${id}/actions`)
        .set('Authorization', `Bearer ${await t.login(username)}`)
        .send(body);

    beforeAll(async () => {
      // Not 魏都区: the other tests' demo-inspector keeps their grids.
      district = divisions.find(
        (d) => d.name !== '魏都区' && d.streets.length >= 3 && d.streets.some((s) => s.communities.flatMap((c) => c.gridCodes).length >= 2),
      )!;
      streetA = district.streets.find((s) => s.communities.flatMap((c) => c.gridCodes).length >= 2)!;
      [streetB, streetC] = district.streets.filter((s) => s.code !== streetA.code);
      empty = divisions.find((d) => d.code !== district.code && d.name !== '魏都区')!;
      await clearDistrict(district.code);
      await clearDistrict(empty.code);
      // Where a report at street A's first community point lands.
      const located = (await t.http().get('/api/v1/grids/locate').query(streetA.communities[0].point)).body;
      caseGrid = located.grid.code;
      otherGridOfStreetA = streetA.communities.flatMap((c) => c.gridCodes).find((g) => g !== caseGrid)!;
      await createInspector('demo-dead-end-a', '街道甲网格员', [otherGridOfStreetA]);
      await createInspector('demo-dead-end-b', '街道乙网格员', [streetB.communities[0].gridCodes[0]]);
    });

    it("reaches the street's inspector when the grid has none, and is in their to-do", async () => {
      const c = (await report('demo-citizen', { location: streetA.communities[0].point })).body;
      expect(c.gridCode).toBe(caseGrid);
      const reg = await move('demo-operator', c, { action: 'register' }, 'registered');
      const handled = await toHandled(reg);
      // The form's preview: who it will go to, and why.
      const preview = await a.get('demo-operator', `/api/v1/cases/${c.id}/default-inspector`);
      expect(preview.body).toEqual({ inspector: { id: ids['demo-dead-end-a'], name: '街道甲网格员', scope: 'street' }, message: null });
      const checking = await move('demo-operator', handled, { action: 'request-check' }, 'checking');
      expect(checking.inspector).toEqual({ id: ids['demo-dead-end-a'], name: '街道甲网格员' });
      expect(await todo('demo-dead-end-a')).toContain(c.id);
      expect(await todo('demo-dead-end-b')).not.toContain(c.id);
      // Only the named inspector may check it.
      expect((await asUser('demo-dead-end-b', c.id, { action: 'check', passed: true, version: checking.version })).status).toBe(403);
      const checked = await asUser('demo-dead-end-a', c.id, { action: 'check', passed: true, version: checking.version });
      expect([checked.status, checked.body.status]).toEqual([200, 'checked']);
      await move('demo-operator', checked.body, { action: 'close' }, 'closed');
    });

    it("reaches the district's least busy inspector when the street has none (核实 too)", async () => {
      // demo-dead-end-a holds one open 核查 (below); demo-dead-end-b none: the district's task goes to b.
      const busy = (await report('demo-citizen', { location: streetA.communities[0].point })).body;
      const busyChecking = await move(
        'demo-operator',
        await toHandled(await move('demo-operator', busy, { action: 'register' }, 'registered')),
        {
          action: 'request-check',
        },
        'checking',
      );
      expect(busyChecking.inspector.id).toBe(ids['demo-dead-end-a']);
      const c = (await report('demo-citizen', { location: streetC.point })).body;
      expect((await a.get('demo-operator', `/api/v1/cases/${c.id}/default-inspector`)).body.inspector).toEqual({
        id: ids['demo-dead-end-b'],
        name: '街道乙网格员',
        scope: 'district',
      });
      const verifying = await move('demo-operator', c, { action: 'request-verify' }, 'verifying');
      expect(verifying.inspector.id).toBe(ids['demo-dead-end-b']);
      expect(await todo('demo-dead-end-b')).toContain(c.id);
      const verified = await asUser('demo-dead-end-b', c.id, { action: 'verify', passed: true, version: verifying.version });
      expect([verified.status, verified.body.status]).toEqual([200, 'reported']);
    });

    it('refuses with a 400 that says whom to pick when the grid, street and district have no inspector, then goes to the one picked', async () => {
      const spot = empty.streets[0].communities[0].point;
      const c = (await report('demo-citizen', { location: spot })).body;
      const handled = await toHandled(await move('demo-operator', c, { action: 'register' }, 'registered'));
      expect((await a.get('demo-operator', `/api/v1/cases/${c.id}/default-inspector`)).body).toEqual({
        inspector: null,
        message: '请选择核查人员：本网格及所在街道、区均无网格员',
      });
      const refused = await act('demo-operator', c.id, { action: 'request-check', version: handled.version });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        code: 'VALIDATION_FAILED',
        message: '请选择核查人员：本网格及所在街道、区均无网格员',
        details: { fields: { inspectorId: '请选择核查人员：本网格及所在街道、区均无网格员' } },
      });
      // Nothing was written.
      expect(await get('demo-operator', c.id)).toMatchObject({ status: 'handled', version: handled.version, inspector: null });
      const verifyCase = (await report('demo-citizen', { location: spot })).body;
      const noVerifier = await act('demo-operator', verifyCase.id, { action: 'request-verify', version: 1 });
      expect([noVerifier.status, noVerifier.body.message]).toEqual([400, '请选择核实人员：本网格及所在街道、区均无网格员']);
      // The operator picks someone: the case reaches them and closes.
      const checking = await move('demo-operator', handled, { action: 'request-check', inspectorId: ids['demo-dead-end-b'] }, 'checking');
      expect(await todo('demo-dead-end-b')).toContain(c.id);
      const checked = await asUser('demo-dead-end-b', c.id, { action: 'check', passed: true, version: checking.version });
      await move('demo-operator', checked.body, { action: 'close' }, 'closed');
    });

    it('gives open tasks left without an inspector before this change one (the migration backfill)', async () => {
      const id = await fixture(
        t,
        weiduUnit,
        '2026-11-02T09:00:00',
        [
          ['register', 'registered', '2026-11-02T09:10:00'],
          ['dispatch', 'dispatched', '2026-11-02T09:20:00'],
          ['finish', 'handled', '2026-11-02T10:00:00'],
          ['request-check', 'checking', '2026-11-02T10:10:00'],
        ],
        { gridCode: caseGrid, streetCode: streetA.code, districtCode: district.code, inspectorId: null },
      );
      await t.dataSource.query(BACKFILL_INSPECTORS_SQL);
      const [row] = await t.dataSource.query('SELECT inspector_id FROM cases WHERE id = ?', [id]);
      expect(row.inspector_id).toBe(ids['demo-dead-end-a']);
    });
  });

  describe('4. the division tree for placing a report by name', () => {
    it('has a point inside every district, street and community, in the grids that tile it', async () => {
      expect(divisions.map((d) => d.name)).toContain('魏都区');
      const weidu = divisions.find((d) => d.name === '魏都区')!;
      expect(weidu.streets.map((s) => s.name)).toContain('南关街道');
      let checked = 0;
      for (const d of divisions) {
        const at = (await t.http().get('/api/v1/grids/locate').query(d.point)).body;
        expect(at.district.id).toBe(d.code);
        for (const s of d.streets) {
          expect((await t.http().get('/api/v1/grids/locate').query(s.point)).body.street.id).toBe(s.code);
          for (const c of s.communities) {
            const located = (await t.http().get('/api/v1/grids/locate').query(c.point)).body;
            expect(c.gridCodes).toContain(located.grid.code);
            checked++;
          }
        }
      }
      const [{ n }] = await t.dataSource.query('SELECT COUNT(DISTINCT community_code) AS n FROM grids');
      expect(checked).toBe(Number(n));
      // Every grid is in exactly one community of the tree.
      const grids = divisions.flatMap((d) => d.streets.flatMap((s) => s.communities.flatMap((c) => c.gridCodes)));
      const [{ g }] = await t.dataSource.query('SELECT COUNT(*) AS g FROM grids');
      expect(new Set(grids).size).toBe(Number(g));
      expect(grids.length).toBe(Number(g));
    });

    it('places a report at a community point into that community (coordinates derived, never typed)', async () => {
      const c = divisions[0].streets[0].communities[0];
      const res = await report('demo-citizen', {
        location: c.point,
        address: `许昌市${divisions[0].name}${divisions[0].streets[0].name}${c.name}`,
      });
      expect(res.status).toBe(201);
      expect(c.gridCodes).toContain(res.body.gridCode);
    });
  });
});

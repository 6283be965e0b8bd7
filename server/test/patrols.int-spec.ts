import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cityTime } from '@xc/shared';
import { GRIDS } from '../src/seed/reference/index.js';
import { actors, demoUserId, STAFF } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { simulatePatrol, storeSimulatedPatrol, toUploads, toWire, type WirePoint } from './support/patrol-simulator.js';
import { PatrolsSeed } from '../src/patrols/patrols.seed.js';

const polygonOf = (code: string) => GRIDS.find((g) => g.code === code)!.polygon;
/** demo-inspector's grids (西大街道顺城社区 1 and 2). */
const HOME = '411002001001001';
const HOME_2 = '411002001001002';
/** A small grid of 永兴街道, 市城乡一体化示范区, for a 网格管理员. */
const SMALL = '411091002001002';

describe(`patrols on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const inspector = 'demo-inspector';
  const start = (body: Record<string, unknown> = {}) => a.post(inspector, '/api/v1/patrols', body);
  const send = (id: string, points: unknown, user = inspector) => a.post(user, `/api/v1/patrols/${id}/points`, points);
  const count = async (id: string) =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM patrol_points WHERE patrol_id = ?', [id]))[0].n);

  beforeAll(async () => {
    t = await startApp();
    const admin = await t.login('demo-admin');
    const mk = (username: string, patrolRole: string, gridCodes: string[]) =>
      t
        .http()
        .post('/api/v1/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username, name: `测试${username}`, roles: ['inspector'], patrolRole, gridCodes });
    expect((await mk('demo-t-manager', 'grid_manager', [SMALL])).status).toBe(201);
    expect((await mk('demo-t-leader', 'grid_leader', [HOME_2])).status).toBe(201);
    a = await actors(t, [...STAFF, 'demo-t-manager', 'demo-t-leader']);
    // New accounts accept the privacy policy before their first patrol (demo accounts start with it).
    const { version } = (await t.http().get('/api/v1/policies/privacy')).body;
    for (const u of ['demo-t-manager', 'demo-t-leader'])
      expect((await a.post(u, '/api/v1/me/consents', { policyVersion: version })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('starts a patrol', async () => {
    const res = await start();
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      startedAt: expect.any(String),
      finishedAt: null,
      points: 0,
      flagged: 0,
      distanceM: 0,
    });
    expect(Math.abs(Date.parse(res.body.startedAt) - Date.now())).toBeLessThan(5000);
    const offline = await start({ startedAt: new Date(Date.now() - 3600_000).toISOString().replace('Z', '+00:00') });
    expect(offline.status).toBe(201);
    expect(Date.parse(offline.body.startedAt)).toBeLessThan(Date.now() - 3500_000);
    for (const [body, field] of [
      [{ startedAt: 'yesterday' }, 'startedAt'],
      [{ startedAt: new Date(Date.now() + 3600_000).toISOString() }, 'startedAt'],
      [{ startedAt: new Date(Date.now() - 8 * 86400_000).toISOString() }, 'startedAt'],
      [{ foo: 1 }, 'foo'],
    ] as const) {
      const bad = await start(body);
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.details.fields)).toEqual([field]);
    }
  });

  it('stores batches with resends after reconnects and late batches once, and counts them once', async () => {
    const startedAt = new Date(Date.now() - 2 * 3600_000);
    const { body: p } = await start({ startedAt: startedAt.toISOString() });
    const pts = simulatePatrol({ polygon: polygonOf(HOME), start: new Date(startedAt.getTime() + 60_000), minutes: 90, seed: 11 });
    const uploads = toUploads(pts, { size: 100, resendEvery: 2, resend: 15, late: [1, 4] });
    let accepted = 0;
    let duplicates = 0;
    let last = 0;
    for (const batch of uploads) {
      const res = await send(p.id, batch);
      expect(res.status).toBe(200);
      accepted += res.body.accepted;
      duplicates += res.body.duplicates;
      expect(res.body.points).toBeGreaterThanOrEqual(last);
      last = res.body.points;
    }
    expect(accepted).toBe(pts.length);
    expect(duplicates).toBe(uploads.flat().length - pts.length);
    // a whole batch sent again after a reconnect
    const again = await send(p.id, uploads[0]);
    expect(again.body).toEqual({ accepted: 0, duplicates: uploads[0].length, flagged: 0, points: pts.length });
    // repeated inside one batch
    const twice = await send(p.id, [uploads[2][0], uploads[2][0]]);
    expect(twice.body).toMatchObject({ accepted: 0, duplicates: 2 });

    const got = await a.get(inspector, `/api/v1/patrols/${p.id}`);
    expect(got.status).toBe(200);
    expect(got.body.points).toBe(pts.length);
    expect(await count(p.id)).toBe(pts.length);
    expect(got.body.distanceM).toBeGreaterThan(90 * 60 * 0.9);

    const fin = await a.post(inspector, `/api/v1/patrols/${p.id}/finish`, { finishedAt: new Date(pts.at(-1)!.t + 1000).toISOString() });
    expect(fin.status).toBe(200);
    expect(fin.body).toMatchObject({ id: p.id, points: pts.length, finishedAt: new Date(pts.at(-1)!.t + 1000).toISOString() });
    // same figures whether the batches came in order or not: the recomputation at finish agrees
    expect(fin.body.distanceM).toBe(got.body.distanceM);
    expect(fin.body.flagged).toBe(got.body.flagged);
    // finishing again changes nothing
    expect((await a.post(inspector, `/api/v1/patrols/${p.id}/finish`, {})).body).toEqual(fin.body);
    // a point uploaded after the finish, within the span, still counts; one after it is kept and flagged
    const inside = { ...toWire(pts[5]), t: new Date(pts[5].t + 500).toISOString() };
    const after = { ...toWire(pts.at(-1)!), t: new Date(pts.at(-1)!.t + 10 * 60_000).toISOString() };
    const late = await send(p.id, [inside, after]);
    expect(late.body).toMatchObject({ accepted: 2, duplicates: 0, flagged: 1, points: pts.length + 2 });
  });

  it('flags a GPS jump, bad accuracy, future times and points outside China, keeps them, and leaves them out of the distance', async () => {
    const startedAt = Date.now() - 3600_000;
    const { body: p } = await start({ startedAt: new Date(startedAt).toISOString() });
    const base = simulatePatrol({ polygon: polygonOf(HOME), start: new Date(startedAt + 60_000), minutes: 20, seed: 12 }).map(toWire);
    const clean = (await send(p.id, base.slice(0, 60))).body;
    expect(clean).toMatchObject({ accepted: 60, flagged: 0 });
    const distance60 = (await a.get(inspector, `/api/v1/patrols/${p.id}`)).body.distanceM;
    const tail = base.slice(60, 70);
    const jumpAt = tail[3];
    const bad: WirePoint[] = [
      ...tail.slice(0, 3),
      { ...jumpAt, lat: jumpAt.lat + 0.02 }, // ~2.2 km in a few seconds
      ...tail.slice(4, 6),
      { ...tail[6], accuracy: 120 },
      { ...tail[7], lat: 48.85, lng: 2.35 }, // not in China (a stale fix from abroad)
      ...tail.slice(8),
      { t: new Date(Date.now() + 3600_000).toISOString(), lat: tail[9].lat, lng: tail[9].lng },
    ];
    const res = await send(p.id, bad);
    expect(res.body).toMatchObject({ accepted: 11, duplicates: 0, flagged: 4, points: 71 });
    const rows: { flags: number }[] = await t.dataSource.query(
      'SELECT flags FROM patrol_points WHERE patrol_id = ? AND flags <> 0 ORDER BY t',
      [p.id],
    );
    expect(rows.map((r) => Number(r.flags))).toEqual([2, 1, 8, 4]); // speed, accuracy, outside, future
    const after = (await a.get(inspector, `/api/v1/patrols/${p.id}`)).body;
    expect(after.flagged).toBe(4);
    expect(after.distanceM - distance60).toBeLessThan(100); // the jump's 2 × 2.2 km are not walked
  });

  it('re-judges the track when a late batch fills a gap (a jump known only from its neighbours)', async () => {
    const startedAt = Date.now() - 3600_000;
    const { body: p } = await start({ startedAt: new Date(startedAt).toISOString() });
    const pts = simulatePatrol({ polygon: polygonOf(HOME), start: new Date(startedAt + 60_000), minutes: 15, seed: 13 }).map(toWire);
    const gap = pts.slice(40, 50).map((q, i) => (i === 5 ? { ...q, lng: q.lng + 0.03 } : q));
    await send(p.id, pts.slice(0, 40));
    await send(p.id, pts.slice(50));
    const before = (await a.get(inspector, `/api/v1/patrols/${p.id}`)).body;
    const res = await send(p.id, gap);
    expect(res.body).toMatchObject({ accepted: 10, duplicates: 0, flagged: 1, points: pts.length });
    const after = (await a.get(inspector, `/api/v1/patrols/${p.id}`)).body;
    expect(after.flagged).toBe(1);
    expect(Math.abs(after.distanceM - before.distanceM)).toBeLessThan(60);
  });

  it('stays right when another server process stored points in between (the running figures are re-derived)', async () => {
    const startedAt = Date.now() - 3600_000;
    const { body: p } = await start({ startedAt: new Date(startedAt).toISOString() });
    const pts = simulatePatrol({ polygon: polygonOf(HOME), start: new Date(startedAt + 60_000), minutes: 10, seed: 14 }).map(toWire);
    expect((await send(p.id, pts.slice(0, 30))).body).toMatchObject({ accepted: 30, points: 30 });
    // what another process would leave behind: points 30–39 stored, the patrol row moved on
    const sql = (d: string) => new Date(d).toISOString().replace('T', ' ').replace('Z', '');
    for (const q of pts.slice(30, 40)) {
      await t.dataSource.query(
        'INSERT INTO patrol_points (patrol_id, t, lat, lng, accuracy, flags, received_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
        [p.id, sql(q.t), q.lat, q.lng, q.accuracy, sql(new Date().toISOString())],
      );
    }
    await t.dataSource.query('UPDATE patrols SET points = 40, last_t = ? WHERE id = ?', [sql(pts[39].t), p.id]);
    const res = await send(p.id, pts.slice(40, 60));
    expect(res.body).toMatchObject({ accepted: 20, duplicates: 0, points: 60 });
    const fin = await a.post(inspector, `/api/v1/patrols/${p.id}/finish`, {});
    const running = (await a.get(inspector, `/api/v1/patrols/${p.id}`)).body;
    expect(fin.body).toMatchObject({ points: 60, distanceM: running.distanceM });
    expect(await count(p.id)).toBe(60);
  });

  it('refuses bad points naming the index and the field, and stores none of the batch', async () => {
    const { body: p } = await start({ startedAt: new Date(Date.now() - 600_000).toISOString() });
    const ok = { t: new Date(Date.now() - 60_000).toISOString(), lat: 34.03, lng: 113.815 };
    const res = await send(p.id, [ok, { ...ok, t: '2026-11-27 08:00' }, { ...ok, lat: 'north' }, { ...ok, lng: 181, accuracy: -3 }]);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.details.fields).sort()).toEqual(['points.1.t', 'points.2.lat', 'points.3.accuracy', 'points.3.lng']);
    expect(res.body.message).toMatch(/点位/);
    expect((await send(p.id, { points: [ok] })).body.details.fields).toHaveProperty('points');
    expect(
      (
        await send(
          p.id,
          Array.from({ length: 501 }, (_, i) => ({ ...ok, t: Date.now() - 100_000 + i })),
        )
      ).status,
    ).toBe(400);
    expect(await count(p.id)).toBe(0);
    // GCJ-02 from the weapp is converted to WGS84 at the edge
    const gcj = await t
      .http()
      .post(`/api/v1/patrols/${p.id}/points?coord=gcj02`)
      .set('Authorization', `Bearer ${a.token(inspector)}`)
      .send([{ ...ok, lat: 34.0283, lng: 113.8213 }]);
    expect(gcj.status).toBe(200);
    const [row] = await t.dataSource.query('SELECT lat, lng FROM patrol_points WHERE patrol_id = ?', [p.id]);
    expect(Number(row.lng)).toBeLessThan(113.8213 - 0.003);
    // The query's rules and 400s are the global pipe's (run by hand when the query is not empty).
    const withQuery = (query: string) =>
      t
        .http()
        .post(`/api/v1/patrols/${p.id}/points${query}`)
        .set('Authorization', `Bearer ${a.token(inspector)}`)
        .send([{ ...ok, t: Date.now() - 50_000 }]);
    const badCoord = await withQuery('?coord=bd09');
    expect([badCoord.status, badCoord.body]).toEqual([
      400,
      {
        code: 'VALIDATION_FAILED',
        message: '请检查：coord 只能是 wgs84 或 gcj02',
        details: { fields: { coord: 'coord 只能是 wgs84 或 gcj02' } },
      },
    ]);
    const stray = await withQuery('?coord=wgs84&x=1');
    expect([stray.status, stray.body.details]).toEqual([400, { fields: { x: '不允许的字段 x' } }]);
    expect((await withQuery('?coord[a]=1')).body.details).toEqual({ fields: { coord: 'coord 只能是 wgs84 或 gcj02' } });
    expect(await count(p.id)).toBe(1);
    expect((await withQuery('?coord=wgs84')).status).toBe(200);
    expect(await count(p.id)).toBe(2);
  });

  it('answers 404 alike for another user’s patrol and a missing one, 403 for citizens, before validating', async () => {
    const { body: p } = await start();
    for (const url of [`/api/v1/patrols/${p.id}`, '/api/v1/patrols/00000000-0000-4000-8000-00000000dead', '/api/v1/patrols/not-a-uuid']) {
      expect((await a.get('demo-t-leader', url)).status).toBe(404);
    }
    expect((await send(p.id, [{ t: 'bad' }], 'demo-t-leader')).status).toBe(404);
    expect((await a.post('demo-t-leader', `/api/v1/patrols/${p.id}/finish`, {})).status).toBe(404);
    expect((await send('00000000-0000-4000-8000-00000000dead', [{ t: 'bad' }])).status).toBe(404);
    expect((await send(p.id, [{ t: 'bad' }], 'demo-citizen')).status).toBe(403);
    expect((await a.post('demo-citizen', '/api/v1/patrols', {})).status).toBe(403);
    expect((await a.get('demo-citizen', '/api/v1/patrols/compliance')).status).toBe(403);
    expect((await a.get('demo-operator', '/api/v1/patrols/mine/week')).status).toBe(403);
    expect((await a.get(null, '/api/v1/patrols/compliance')).status).toBe(401);
  });

  describe('weekly compliance of a simulated week (2026-W46, 9–15 November)', () => {
    const day = (d: number, time: string) => cityTime(`2026-11-${String(d).padStart(2, '0')}`, time);
    beforeAll(async () => {
      const me = demoUserId(inspector);
      const home = polygonOf(HOME);
      // Mon morning 80 min: counts. Tue afternoon 45 min: too short. Wed 11:20–12:40 across noon: 40 + 40, neither.
      // Thu afternoon 100 min with 25 min out of the area: ~70 inside, counts. Fri morning 75 min with a GPS jump: counts.
      await storeSimulatedPatrol(t, me, { polygon: home, start: day(9, '08:30'), minutes: 80, seed: 21 });
      await storeSimulatedPatrol(t, me, { polygon: home, start: day(10, '14:30'), minutes: 45, seed: 22 });
      await storeSimulatedPatrol(t, me, { polygon: home, start: day(11, '11:20'), minutes: 80, seed: 23 });
      await storeSimulatedPatrol(t, me, {
        polygon: home,
        start: day(12, '15:00'),
        minutes: 100,
        seed: 24,
        leave: { afterMinutes: 30, minutes: 15, distanceM: 300 },
      });
      await storeSimulatedPatrol(t, me, {
        polygon: home,
        start: day(13, '09:00'),
        minutes: 75,
        seed: 25,
        jump: { afterMinutes: 20, distanceM: 2500 },
      });
      // 网格管理员: the whole small grid every working day of W46; in W45 one day missed.
      const manager = (await t.dataSource.query("SELECT id FROM users WHERE username = 'demo-t-manager'"))[0].id;
      for (const d of [9, 10, 11, 12, 13])
        await storeSimulatedPatrol(t, manager, {
          polygon: polygonOf(SMALL),
          start: day(d, '07:00'),
          minutes: 120,
          seed: 30 + d,
          rowSpacingM: 40,
        });
      for (const d of [2, 3, 5, 6])
        await storeSimulatedPatrol(t, manager, {
          polygon: polygonOf(SMALL),
          start: day(d, '07:00'),
          minutes: 120,
          seed: 40 + d,
          rowSpacingM: 40,
        });
    });

    it('gives each person their half-days, daily coverage and compliance', async () => {
      const res = await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ week: '2026-W46', complete: true });
      const byName = Object.fromEntries(res.body.items.map((i: { user: { username: string } }) => [i.user.username, i]));
      expect(Object.keys(byName).sort()).toEqual(['demo-inspector', 'demo-t-leader', 'demo-t-manager']);
      const me = byName['demo-inspector'];
      expect(me).toMatchObject({
        patrolRole: 'supervisor_l3',
        requiredHalfDays: 3,
        achievedHalfDays: 3,
        compliant: true,
        user: { id: demoUserId(inspector), name: '演示网格员' },
      });
      expect(me.dailyCoverage.map((d: { date: string }) => d.date)).toEqual([
        '2026-11-09',
        '2026-11-10',
        '2026-11-11',
        '2026-11-12',
        '2026-11-13',
        '2026-11-14',
        '2026-11-15',
      ]);
      expect(me.dailyCoverage[0].share).toBeGreaterThan(0.05);
      expect(me.dailyCoverage[5].share).toBe(0);
      expect(byName['demo-t-leader']).toMatchObject({
        patrolRole: 'grid_leader',
        requiredHalfDays: 3,
        achievedHalfDays: 0,
        compliant: false,
      });
      const mgr = byName['demo-t-manager'];
      expect(mgr).toMatchObject({
        patrolRole: 'grid_manager',
        requiredHalfDays: null,
        requiredDailyShare: 0.9,
        workingDays: 5,
        coveredWorkingDays: 5,
        compliant: true,
      });
      for (const d of mgr.dailyCoverage.slice(0, 5)) expect(d.share).toBeGreaterThanOrEqual(0.9);

      const w45 = await a.get('demo-admin', '/api/v1/patrols/compliance?week=2026-W45');
      const mgr45 = w45.body.items.find((i: { user: { username: string } }) => i.user.username === 'demo-t-manager');
      expect(mgr45).toMatchObject({ coveredWorkingDays: 4, compliant: false });
    });

    it('shows the inspector 我的本周 with every half-day window they were in the area', async () => {
      const res = await a.get(inspector, '/api/v1/patrols/mine/week?week=2026-W46');
      expect(res.status).toBe(200);
      const hd = Object.fromEntries(res.body.halfDays.map((h: { date: string; period: string }) => [`${h.date}-${h.period}`, h]));
      expect(hd['2026-11-09-am']).toMatchObject({ counted: true });
      expect(hd['2026-11-10-pm'].counted).toBe(false);
      expect(hd['2026-11-10-pm'].minutes).toBeLessThan(46);
      expect(hd['2026-11-11-am']).toMatchObject({ counted: false });
      expect(hd['2026-11-11-pm']).toMatchObject({ counted: false });
      expect(hd['2026-11-11-am'].minutes).toBeGreaterThan(35);
      expect(hd['2026-11-12-pm'].counted).toBe(true);
      expect(hd['2026-11-12-pm'].minutes).toBeLessThan(90);
      expect(hd['2026-11-13-am'].counted).toBe(true);
      expect(res.body).toMatchObject({
        week: '2026-W46',
        patrolRole: 'supervisor_l3',
        requiredHalfDays: 3,
        achievedHalfDays: 3,
        compliant: true,
        today: null,
        halfDayMinMinutes: 60,
      });
      expect(res.body.grids.map((g: { code: string }) => g.code)).toEqual([HOME, HOME_2]);
      const now = await a.get(inspector, '/api/v1/patrols/mine/week');
      expect(now.status).toBe(200);
      expect(now.body.today).toEqual({ date: expect.any(String), share: expect.any(Number) });
      expect((await a.get(inspector, '/api/v1/patrols/mine/week?week=2021-W53')).status).toBe(400);
    });

    it('narrows to a unit’s area and gives the unit’s share for the monthly evaluation', async () => {
      const weidu = await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46&unitId=central-411002');
      expect(weidu.body.items.map((i: { user: { username: string } }) => i.user.username)).toEqual(['demo-inspector', 'demo-t-leader']);
      expect(weidu.body.unit).toEqual({ id: 'central-411002', name: '魏都区', inspectors: 2, compliant: 1, share: 0.5 });
      const street = await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46&unitId=street-411002001');
      expect(street.body.unit).toMatchObject({ inspectors: 2, compliant: 1 });
      const zone = await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46&unitId=central-411091');
      expect(zone.body.unit).toMatchObject({ inspectors: 1, compliant: 1, share: 1 });
      const bureau = (
        await t.dataSource.query('SELECT id FROM units WHERE district_code IS NULL AND street_code IS NULL ORDER BY id LIMIT 1')
      )[0].id;
      expect((await a.get('demo-evaluator', `/api/v1/patrols/compliance?week=2026-W46&unitId=${bureau}`)).body.unit).toMatchObject({
        inspectors: 0,
        share: null,
      });
      expect((await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-W46&unitId=nope')).status).toBe(404);
      expect((await a.get('demo-evaluator', '/api/v1/patrols/compliance?week=2026-46')).status).toBe(400);

      const { PatrolComplianceService } = await import('../src/patrols/patrol-compliance.service.js');
      const svc = t.app.get(PatrolComplianceService);
      expect(await svc.unitCompliance('central-411091', ['2026-W45', '2026-W46'])).toEqual({ personWeeks: 2, compliant: 1, share: 0.5 });
      // The evaluation's month of shares, figured once per person-week, equals each unit's own figure.
      const { weeksOfMonth } = await import('../src/patrols/rules/week.js');
      const shares = await svc.monthShareByUnit('2026-11');
      for (const id of ['central-411002', 'street-411002001', 'central-411091', bureau]) {
        expect(shares.get(id) ?? null).toBe((await svc.unitCompliance(id, weeksOfMonth('2026-11'))).share);
      }
      expect(shares.get('central-411002')).toBeGreaterThan(0);
    });
  });

  it('seeds two weeks of demo patrols once, through the real ingestion', async () => {
    const seed = t.app.get(PatrolsSeed);
    // A fixed clock: Friday 2026-11-20, 21:00 in Xuchang, after the week's last demo patrol.
    const now = new Date('2026-11-20T13:00:00Z');
    const n = await seed.seed('demo-t-leader', now);
    expect(n).toBeGreaterThan(3);
    expect(await seed.seed('demo-t-leader', now)).toBe(0);
    const rows = await t.dataSource.query(
      "SELECT p.points, p.finished_at FROM patrols p JOIN users u ON u.id = p.user_id WHERE u.username = 'demo-t-leader'",
    );
    expect(rows).toHaveLength(n);
    for (const r of rows) {
      expect(Number(r.points)).toBeGreaterThan(200);
      expect(r.finished_at).not.toBeNull();
    }
    // Each working week of the plan has patrols of 85 (Mon), 95 (Thu) and 70 (Fri) minutes: three half-days.
    for (const week of ['2026-W46', '2026-W47']) {
      const res = await a.get('demo-t-leader', `/api/v1/patrols/mine/week?week=${week}`);
      expect(res.body.achievedHalfDays).toBeGreaterThanOrEqual(3);
      expect(res.body.dailyCoverage.some((d: { share: number }) => d.share > 0)).toBe(true);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { wgs84ToGcj02 } from '../src/geo/coords.js';
import { SAMPLE_POINTS } from '../src/seed/reference/index.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

const count = async (t: TestApp, table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

describe(`reference data on ${ENGINE}`, () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startApp();
    admin = await t.login('demo-admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('evaluation groups and units', () => {
    it('lists the four groups in bulletin order with 4 / 5 / 42 / 36 units', async () => {
      const res = await t.http().get('/api/v1/evaluation-groups?month=2023-02');
      expect(res.status).toBe(200);
      expect(res.body.map((g: { name: string }) => g.name)).toEqual([
        '两市两县组',
        '中心城区组',
        '市直单位及企事业单位组',
        '乡（镇、街道）组',
      ]);
      expect(res.body.map((g: { units: unknown[] }) => g.units.length)).toEqual([4, 5, 42, 36]);
      expect(res.body[0].units.map((u: { name: string }) => u.name)).toEqual(
        expect.arrayContaining(['襄城县', '长葛市', '禹州市', '鄢陵县']),
      );
      const streetNames = res.body[3].units.map((u: { name: string }) => u.name);
      expect(streetNames).toEqual(expect.arrayContaining(['东城区永昌街道办事处', '建安区小召乡', '许昌经济技术开发区长村张街道办事处']));
    });

    it('keeps a past month’s membership when a unit moves group', async () => {
      const groups = (await t.http().get('/api/v1/evaluation-groups?month=2026-11')).body;
      const unit = groups[2].units[0];
      const moved = await t
        .http()
        .put(`/api/v1/admin/units/${unit.id}/group`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ groupCode: 'street', fromMonth: '2026-12' });
      expect(moved.status).toBe(200);
      const nov = (await t.http().get('/api/v1/evaluation-groups?month=2026-11')).body;
      const dec = (await t.http().get('/api/v1/evaluation-groups?month=2026-12')).body;
      expect(nov[2].units.map((u: { id: string }) => u.id)).toContain(unit.id);
      expect(dec[2].units.map((u: { id: string }) => u.id)).not.toContain(unit.id);
      expect(dec[3].units.map((u: { id: string }) => u.id)).toContain(unit.id);
      const early = await t
        .http()
        .put(`/api/v1/admin/units/${unit.id}/group`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ groupCode: 'city', fromMonth: '2026-10' });
      expect(early.status).toBe(400);
      expect(early.body.details.fields.fromMonth).toBeDefined();
    });

    it('creates a unit in a group and refuses a duplicate name without writing anything', async () => {
      const before = await count(t, 'units');
      const ok = await t
        .http()
        .post('/api/v1/admin/units')
        .set('Authorization', `Bearer ${admin}`)
        .send({ name: '市测试管理局', kind: 'department', groupCode: 'city', fromMonth: '2026-11' });
      expect(ok.status).toBe(201);
      const dup = await t
        .http()
        .post('/api/v1/admin/units')
        .set('Authorization', `Bearer ${admin}`)
        .send({ name: '市测试管理局', kind: 'department', groupCode: 'city' });
      expect(dup.status).toBe(409);
      const badGroup = await t
        .http()
        .post('/api/v1/admin/units')
        .set('Authorization', `Bearer ${admin}`)
        .send({ name: '市另一个局', kind: 'department', groupCode: 'nope' });
      expect(badGroup.status).toBe(400);
      expect(badGroup.body.details.fields.groupCode).toBeDefined();
      expect(await count(t, 'units')).toBe(before + 1);
    });
  });

  describe('categories', () => {
    it('serves the CJ/T 214 tree with themes and time limits', async () => {
      const res = await t.http().get('/api/v1/categories');
      expect(res.status).toBe(200);
      const leaves = res.body.flatMap((m: { children: unknown[] }) => m.children);
      expect(leaves.length).toBeGreaterThanOrEqual(60);
      expect(new Set(res.body.map((m: { kind: string }) => m.kind))).toEqual(new Set(['part', 'event']));
      const garbage = leaves.find((c: { code: string }) => c.code === '200102');
      expect(garbage).toMatchObject({
        kind: 'event',
        theme: '环境卫生',
        timeLimit: { value: expect.any(Number), unit: expect.stringMatching(/hour|workhour|workday/) },
      });
      for (const leaf of leaves) expect(leaf.code).toMatch(/^(10|20)\d{4}$/);
    });

    it('refuses an unknown major and a bad time-limit unit', async () => {
      const res = await t
        .http()
        .post('/api/v1/admin/categories')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: '109901', name: '测试', theme: '环境卫生', timeLimit: { value: 2, unit: 'workhour' } });
      expect(res.status).toBe(400);
      expect(res.body.details.fields.code).toContain('1099');
      const unit = await t
        .http()
        .post('/api/v1/admin/categories')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: '100199', name: '测试', theme: '环境卫生', timeLimit: { value: 2, unit: 'fortnight' } });
      expect(unit.status).toBe(400);
      expect(unit.body.details.fields['timeLimit.unit']).toBeDefined();
    });
  });

  describe('grids', () => {
    it('locates WGS84 and GCJ-02 points to the same grid, street and district', async () => {
      const p = SAMPLE_POINTS[0];
      const wgs = await t.http().get(`/api/v1/grids/locate?lat=${p.lat}&lng=${p.lng}`);
      expect(wgs.status).toBe(200);
      expect(wgs.body.grid.code).toBe(p.gridCode);
      expect(wgs.body.street.id).toBe(p.streetCode);
      expect(wgs.body.district.name).toBeTruthy();
      const [gLng, gLat] = wgs84ToGcj02([p.lng, p.lat]);
      const gcj = await t.http().get(`/api/v1/grids/locate?lat=${gLat}&lng=${gLng}&coord=gcj02`);
      expect(gcj.body.grid.code).toBe(p.gridCode);
    });

    it('answers 404 outside the city and 400 outside China or for bad numbers', async () => {
      expect((await t.http().get('/api/v1/grids/locate?lat=39.9&lng=116.4')).status).toBe(404);
      const abroad = await t.http().get('/api/v1/grids/locate?lat=48.85&lng=2.35');
      expect(abroad.status).toBe(400);
      expect(abroad.body.details.fields.location).toBeDefined();
      const nan = await t.http().get('/api/v1/grids/locate?lat=abc&lng=113.8');
      expect(nan.status).toBe(400);
      expect(nan.body.details.fields.lat).toBeDefined();
    });

    it('returns a grid with its GeoJSON polygon', async () => {
      const p = SAMPLE_POINTS[0];
      const res = await t.http().get(`/api/v1/grids/${p.gridCode}`);
      expect(res.status).toBe(200);
      expect(res.body.polygon.type).toBe('Polygon');
      const ring = res.body.polygon.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect((await t.http().get('/api/v1/grids/999999999999999')).status).toBe(404);
    });

    it('refuses polygons that do not close or that overlap, writing nothing', async () => {
      const before = await count(t, 'grids');
      const existing = (await t.http().get(`/api/v1/grids/${SAMPLE_POINTS[0].gridCode}`)).body;
      const community = (await t.dataSource.query('SELECT code FROM communities ORDER BY code LIMIT 1'))[0].code as string;
      const open = await t
        .http()
        .post('/api/v1/admin/grids')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          code: `${community}998`,
          name: '未闭合',
          communityCode: community,
          polygon: {
            type: 'Polygon',
            coordinates: [
              [
                [113.7, 33.9],
                [113.71, 33.9],
                [113.71, 33.91],
              ],
            ],
          },
        });
      expect(open.status).toBe(400);
      expect(open.body.details.fields['polygon.coordinates']).toBeDefined();
      const overlapping = await t
        .http()
        .post('/api/v1/admin/grids')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          code: `${community}999`,
          name: '重叠',
          communityCode: community,
          polygon: existing.polygon,
        });
      expect(overlapping.status).toBe(400);
      expect(overlapping.body.details.fields['polygon.coordinates']).toContain('重叠');
      expect(await count(t, 'grids')).toBe(before);
    });

    it('adds a grid outside the others, and locate finds it at once', async () => {
      const community = (await t.dataSource.query('SELECT code FROM communities ORDER BY code LIMIT 1'))[0].code as string;
      const ring = [
        [113.5, 33.5],
        [113.51, 33.5],
        [113.51, 33.51],
        [113.5, 33.51],
        [113.5, 33.5],
      ];
      const res = await t
        .http()
        .post('/api/v1/admin/grids')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code: `${community}901`, name: '新增网格', communityCode: community, polygon: { type: 'Polygon', coordinates: [ring] } });
      expect(res.status).toBe(201);
      const found = await t.http().get('/api/v1/grids/locate?lat=33.505&lng=113.505');
      expect(found.body.grid.code).toBe(`${community}901`);
    });
  });

  describe('calendar', () => {
    it('serves 2026 with 春节 and its make-up working days', async () => {
      const res = await t.http().get('/api/v1/calendar/2026');
      expect(res.status).toBe(200);
      const kinds = new Set(res.body.days.map((d: { kind: string }) => d.kind));
      expect(kinds).toEqual(new Set(['holiday', 'workday']));
      expect(res.body.days.some((d: { name: string }) => d.name.includes('春节'))).toBe(true);
    });

    it('computes a deadline in working hours across lunch and night', async () => {
      // Friday 2026-11-27 17:00 + 4 working hours → Monday 2026-11-30 11:30 (city time).
      const res = await t.http().get('/api/v1/calendar/deadline').query({ start: '2026-11-27T17:00:00+08:00', value: 4, unit: 'workhour' });
      expect(res.status).toBe(200);
      expect(res.body.deadline).toBe('2026-11-30T03:30:00.000Z');
    });

    it('replaces a year atomically and refuses a date of another year', async () => {
      const bad = await t
        .http()
        .put('/api/v1/admin/calendar/2027')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          days: [
            { date: '2027-01-01', kind: 'holiday', name: '元旦' },
            { date: '2028-02-30', kind: 'holiday', name: '错' },
          ],
        });
      expect(bad.status).toBe(400);
      expect((await t.http().get('/api/v1/calendar/2027')).body.days).toEqual([]);
      const ok = await t
        .http()
        .put('/api/v1/admin/calendar/2027')
        .set('Authorization', `Bearer ${admin}`)
        .send({ days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] });
      expect(ok.status).toBe(200);
      expect(ok.body.days).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦', status: 'source' }]);
    });
  });

  describe('accounts administration', () => {
    it('creates an inspector with grids, and refuses a handler without a unit', async () => {
      const grid = SAMPLE_POINTS[0].gridCode;
      const ok = await t
        .http()
        .post('/api/v1/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username: 'li.si', name: '李四', roles: ['inspector'], patrolRole: 'grid_manager', gridCodes: [grid] });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ patrolRole: 'grid_manager', grids: [{ code: grid }] });
      const bad = await t
        .http()
        .post('/api/v1/admin/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ username: 'wang.wu', name: '王五', roles: ['handler'] });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.unitId).toBeDefined();
      expect(await count(t, "users WHERE username = 'wang.wu'")).toBe(0);
    });
  });
});

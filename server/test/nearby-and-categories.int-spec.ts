import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, makeMedia, WEIDU_POINT } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * 附近问题 (nearest first by real distance, the newest first at one spot), the grid's name on
 * every case, and the categories' report counts that order the report form's chips.
 */
describe(`nearby order, grid names and category report counts on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  // Cases at WEIDU_POINT shifted north by `metres` (1° of latitude ≈ 111,320 m).
  const north = (metres: number) => ({ lat: WEIDU_POINT.lat + metres / 111_320, lng: WEIDU_POINT.lng });
  const report = async (categoryCode: string, location = WEIDU_POINT) => {
    const media = await makeMedia(t, 'demo-citizen');
    const res = await a.post('demo-citizen', '/api/v1/cases', caseBody([media], { categoryCode, location }));
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const setReportedDaysAgo = (id: string, days: number) =>
    t.dataSource.query('UPDATE cases SET reported_at = ? WHERE id = ?', [
      new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19).replace('T', ' '),
      id,
    ]);

  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, ['demo-citizen']);
    // Category counts: 200505 (机动车乱停放) three times, 200102 (暴露垃圾) twice, 100118 (路灯) once.
    // Places: three at one spot 300 m north (reported on different days), one 120 m north, one at 900 m.
    ids.spotOld = (await report('200505', north(300))).id;
    ids.spotNew = (await report('200505', north(300))).id;
    ids.spotMid = (await report('200505', north(300))).id;
    ids.closer = (await report('200102', north(120))).id;
    ids.far = (await report('200102', north(900))).id;
    ids.lamp = (await report('100118', north(600))).id;
    await setReportedDaysAgo(ids.spotOld, 90);
    await setReportedDaysAgo(ids.spotMid, 60);
    await setReportedDaysAgo(ids.spotNew, 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists nearby cases by real distance, the newest first among cases at one spot', async () => {
    const res = await t.http().get(`/api/v1/cases?scope=public&near=${WEIDU_POINT.lat},${WEIDU_POINT.lng}&radius=2000`);
    expect(res.status).toBe(200);
    const order = res.body.items.map((c: { id: string }) => c.id);
    expect(order).toEqual([ids.closer, ids.spotNew, ids.spotMid, ids.spotOld, ids.lamp, ids.far]);
    const d = res.body.items.map((c: { distanceM: number }) => c.distanceM);
    // 120 m, 300 m (three times), 600 m, 900 m, each within a metre (the haversine on a sphere).
    [120, 300, 300, 300, 600, 900].forEach((m, i) => expect(Math.abs(d[i] - m)).toBeLessThanOrEqual(1));
  });

  it('keeps the nearest when the page is shorter than the cases in range', async () => {
    const res = await t.http().get(`/api/v1/cases?scope=public&near=${north(880).lat},${north(880).lng}&radius=2000&limit=2`);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([ids.far, ids.lamp]);
  });

  it('names the grid of every case (people never see the 15-digit code alone)', async () => {
    const res = await t.http().get(`/api/v1/cases/${ids.closer}`);
    expect(res.body.gridCode).toBe('411002004001001');
    expect(res.body.grid).toEqual({ code: '411002004001001', name: expect.stringMatching(/网格$/) });
    expect(res.body.grid.name).not.toMatch(/\d{15}/);
  });

  it('counts the reports per category, for the report form to show the most common first', async () => {
    const res = await t.http().get('/api/v1/categories');
    expect(res.status).toBe(200);
    const leaves = new Map<string, number>(
      res.body.flatMap((m: { children: { code: string; reportCount: number }[] }) => m.children.map((c) => [c.code, c.reportCount])),
    );
    expect(leaves.get('200505')).toBe(3);
    expect(leaves.get('200102')).toBe(2);
    expect(leaves.get('100118')).toBe(1);
    expect(leaves.get('100101')).toBe(0);
  });
});

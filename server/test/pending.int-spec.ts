import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, makeMedia, STAFF } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/** 挂账 pauses the handling clock: 恢复 gives the unit back the time it had left. */
describe(`挂账 and 恢复 on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let weiduUnit: string;
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, STAFF);
    const groups = (await t.http().get('/api/v1/evaluation-groups')).body;
    weiduUnit = groups[1].units.find((u: { name: string }) => u.name === '魏都区').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const HOUR = 3_600_000;
  const sql = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

  it('moves the deadline on by the time that was left when the case was pended', async () => {
    // 上水井盖: 6 clock hours (hand-computable, no working calendar involved).
    const media = await makeMedia(t, 'demo-citizen');
    let c = (await a.post('demo-citizen', '/api/v1/cases', caseBody([media], { categoryCode: '100101' }))).body;
    const go = async (user: string, body: Record<string, unknown>) => {
      const res = await a.post(user, `/api/v1/cases/${c.id}/actions`, { ...body, version: c.version });
      expect(res.status).toBe(200);
      c = res.body;
      return c;
    };
    await go('demo-operator', { action: 'register' });
    await go('demo-dispatcher', { action: 'dispatch', unitId: weiduUnit });
    await go('demo-dispatcher', { action: 'pend', note: '需协调燃气公司' });
    expect(c.status).toBe('pending');
    expect(c.overdue).toBe(false);

    // As if pended two days ago with 4 hours left: the deadline itself passed long ago.
    const pendedAt = new Date(Date.now() - 48 * HOUR);
    await t.dataSource.query("UPDATE case_history SET at = ? WHERE case_id = ? AND action = 'pend'", [sql(pendedAt), c.id]);
    await t.dataSource.query('UPDATE cases SET deadline = ? WHERE id = ?', [sql(new Date(pendedAt.getTime() + 4 * HOUR)), c.id]);

    const before = Math.floor(Date.now() / 1000) * 1000;
    const resumed = await go('demo-dispatcher', { action: 'resume' });
    const after = Date.now();
    expect(resumed.status).toBe('dispatched');
    const deadline = Date.parse(resumed.deadline);
    // Four hours from the moment of 恢复 (to the second the database keeps).
    expect(deadline).toBeGreaterThanOrEqual(before + 4 * HOUR - 1000);
    expect(deadline).toBeLessThanOrEqual(after + 4 * HOUR);
    expect(resumed.overdue).toBe(false);
    const move = resumed.history[resumed.history.length - 1];
    expect(move).toMatchObject({ action: 'resume', from: 'pending', to: 'dispatched' });
  });
});

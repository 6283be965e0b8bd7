import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedAfter, dispatchedOn, fixture } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`monthly figures on ${ENGINE}`, () => {
  let t: TestApp;
  let weidu: string;
  let jianan: string;
  beforeAll(async () => {
    t = await startApp();
    const units = (await t.http().get('/api/v1/evaluation-groups')).body[1].units;
    weidu = units.find((u: { name: string }) => u.name === '魏都区').id;
    jianan = units.find((u: { name: string }) => u.name === '建安区').id;
    const dl = (s: string) => ({ deadline: new Date(`${s}+08:00`) });
    // 1. closed on time, rated 5
    await fixture(
      t,
      weidu,
      '2026-10-05T08:00:00',
      [...dispatchedOn('2026-10-05'), ...closedAfter('2026-10-05T15:00:00', '2026-10-06T10:00:00')],
      { ...dl('2026-10-06T12:00:00'), rating: 5, ratedAt: new Date('2026-10-07T10:00:00+08:00') },
    );
    // 2. finished late, closed
    await fixture(
      t,
      weidu,
      '2026-10-05T08:00:00',
      [...dispatchedOn('2026-10-05'), ...closedAfter('2026-10-08T10:00:00', '2026-10-09T10:00:00')],
      dl('2026-10-06T12:00:00'),
    );
    // 3. reworked once, finished again in time, closed, rated 3
    await fixture(
      t,
      weidu,
      '2026-10-08T08:00:00',
      [
        ...dispatchedOn('2026-10-08'),
        ['finish', 'handled', '2026-10-09T10:00:00'],
        ['request-check', 'checking', '2026-10-09T11:00:00'],
        ['check', 'dispatched', '2026-10-09T15:00:00'],
        ...closedAfter('2026-10-10T10:00:00', '2026-10-11T09:00:00'),
      ],
      { ...dl('2026-10-12T12:00:00'), rating: 3, ratedAt: new Date('2026-10-11T10:00:00+08:00') },
    );
    // 4. open past its deadline
    await fixture(t, weidu, '2026-10-15T08:00:00', dispatchedOn('2026-10-15'), dl('2026-10-20T12:00:00'));
    // 5. pending (挂账): out of 应结案
    await fixture(
      t,
      weidu,
      '2026-10-15T08:00:00',
      [...dispatchedOn('2026-10-15'), ['pend', 'pending', '2026-10-16T09:00:00']],
      dl('2026-10-20T12:00:00'),
    );
    // 6. voided: out of 应结案
    await fixture(
      t,
      weidu,
      '2026-10-16T08:00:00',
      [...dispatchedOn('2026-10-16'), ['void', 'voided', '2026-10-17T09:00:00']],
      dl('2026-10-20T12:00:00'),
    );
    // 7. finished in October on time, closed in November: handled at the October cut-off
    await fixture(
      t,
      weidu,
      '2026-10-29T08:00:00',
      [...dispatchedOn('2026-10-29'), ...closedAfter('2026-10-30T10:00:00', '2026-11-03T10:00:00')],
      dl('2026-10-31T12:00:00'),
    );
    // 8. registered in September: not October's
    await fixture(
      t,
      weidu,
      '2026-09-29T08:00:00',
      [...dispatchedOn('2026-09-29'), ...closedAfter('2026-09-29T15:00:00', '2026-10-02T10:00:00')],
      dl('2026-09-30T12:00:00'),
    );
    // 9. another unit's, closed on time
    await fixture(
      t,
      jianan,
      '2026-10-10T08:00:00',
      [...dispatchedOn('2026-10-10'), ...closedAfter('2026-10-10T15:00:00', '2026-10-11T10:00:00')],
      dl('2026-10-12T12:00:00'),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it("computes a unit's month at the month's end from the history", async () => {
    const res = await t.http().get(`/api/v1/stats/monthly?month=2026-10&unitId=${weidu}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      month: '2026-10',
      reported: 7,
      registered: 7,
      due: 5,
      closed: 3,
      closedOnTime: 2,
      overdue: 2,
      reworked: 1,
      closureRate: 0.6,
      onTimeRate: 0.4,
      reworkRate: 0.3333,
      satisfaction: { mean: 4, count: 2 },
      // Every fixture case came from the citizens' channel.
      reportedBySource: { citizen: 7, patrol: 0, open311: 0, integrators: [] },
    });
  });

  it('computes the city and a group', async () => {
    const city = (await t.http().get('/api/v1/stats/monthly?month=2026-10')).body;
    expect(city).toMatchObject({
      reported: 8,
      registered: 8,
      due: 6,
      closed: 4,
      closedOnTime: 3,
      overdue: 2,
      reworked: 1,
      closureRate: 0.6667,
    });
    const group = (await t.http().get('/api/v1/stats/monthly?month=2026-10&groupCode=central')).body;
    expect(group).toMatchObject({ registered: 8, closed: 4 });
    const counties = (await t.http().get('/api/v1/stats/monthly?month=2026-10&groupCode=county')).body;
    expect(counties).toMatchObject({ registered: 0, due: 0, closureRate: null, onTimeRate: null, satisfaction: null });
  });

  it('takes a later cut-off from the current state: the November closure then counts', async () => {
    const res = await t.http().get(`/api/v1/stats/monthly?month=2026-10&unitId=${weidu}&cutoff=2099-01-01T00:00:00%2B08:00`);
    expect(res.body).toMatchObject({ due: 5, closed: 4, closedOnTime: 3, overdue: 2 });
    const early = await t.http().get(`/api/v1/stats/monthly?month=2026-10&unitId=${weidu}&cutoff=2026-10-10T00:00:00%2B08:00`);
    // By 10 Oct: cases 1–3 registered; 1 closed on time; 2 closed, finished late; 3 open again after its rework, still in time.
    expect(early.body).toMatchObject({ registered: 3, due: 3, closed: 2, closedOnTime: 1, overdue: 1, reworked: 1 });
  });

  it("sums the units' one-pass figures to the city's, cases not dispatched included", async () => {
    const { StatsService } = await import('../src/stats/stats.service.js');
    const all = await t.app.get(StatsService).monthlyAll('2026-10');
    const city = (await t.http().get('/api/v1/stats/monthly?month=2026-10')).body;
    // The sources are the figures endpoint's own addition; the evaluation does not need them.
    const { reportedBySource, ...figures } = city;
    expect(all.city).toEqual(figures);
    expect(reportedBySource).toEqual({ citizen: 8, patrol: 0, open311: 0, integrators: [] });
    expect(all.byUnit.get(weidu)).toMatchObject({ registered: 7, due: 5, closed: 3, closedOnTime: 2, overdue: 2, reworked: 1 });
  });

  it('refuses bad months and unknown units', async () => {
    expect((await t.http().get('/api/v1/stats/monthly?month=2026-13')).status).toBe(400);
    expect((await t.http().get('/api/v1/stats/monthly?month=2026-10&unitId=nope')).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, dispatchedOn, fixture } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/** What residents read is cached (HTTP validators and a server cache) and still right when it changes. */
describe(`cached public reads on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let weidu: string;
  const M = '2023-02'; // published on first start, from the source page
  const month = '2026-10';

  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, ['demo-evaluator', 'demo-citizen']);
    weidu = (await t.http().get('/api/v1/evaluation-groups')).body[1].units.find((u: { name: string }) => u.name === '魏都区').id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets browsers revalidate a ranking with its ETag, and keeps a named revision’s bulletin and unit page for a year', async () => {
    const first = await t.http().get(`/api/v1/rankings/${M}`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=1, stale-while-revalidate=1');
    expect(first.headers.etag).toBeTruthy();
    const again = await t.http().get(`/api/v1/rankings/${M}`).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    const unit = first.body.groups[0].units[0].id;
    const pinned = await t.http().get(`/api/v1/rankings/${M}/units/${unit}?revision=1`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http().get(`/api/v1/rankings/${M}/bulletin?revision=1`)).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await t.http().get(`/api/v1/rankings/${M}/units/${unit}`)).headers['cache-control']).toBe(
      'public, max-age=0, s-maxage=1, stale-while-revalidate=1',
    );
    // A revision that does not exist is a 404 nobody may keep.
    const missing = await t.http().get(`/api/v1/rankings/${M}/units/${unit}?revision=9`);
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
  });

  it('serves a correction as soon as it is published, and the earlier revision unchanged', async () => {
    const before = (await t.http().get(`/api/v1/rankings/${M}`)).body;
    const months = (await t.http().get('/api/v1/rankings')).body;
    const bulletin = (await t.http().get(`/api/v1/rankings/${M}/bulletin`)).text;
    const unit = before.groups[0].units[0];
    expect(before.revision).toBe(1);
    // Import a corrected score for one unit and publish it with a reason.
    const scores = before.groups.flatMap((g: { units: { id: string; score: number }[] }) =>
      g.units.map((u) => ({ unit: u.id, score: u.id === unit.id ? 60 : u.score })),
    );
    const put = await t
      .http()
      .put(`/api/v1/evaluations/${M}/scores`)
      .set('Authorization', `Bearer ${a.token('demo-evaluator')}`)
      .send(scores);
    expect(put.status).toBe(200);
    expect((await a.post('demo-evaluator', `/api/v1/evaluations/${M}/publish`, { reason: '更正一个单位的分数' })).status).toBe(200);

    const after = (await t.http().get(`/api/v1/rankings/${M}`)).body;
    expect(after.revision).toBe(2);
    expect(after.groups[0].units.find((u: { id: string }) => u.id === unit.id).score).toBe(60);
    expect((await t.http().get('/api/v1/rankings')).body).toEqual(
      months.map((m: { month: string }) => (m.month === M ? { month: M, revision: 2 } : m)),
    );
    expect((await t.http().get(`/api/v1/rankings/${M}/bulletin`)).text).not.toBe(bulletin);
    expect((await t.http().get(`/api/v1/rankings/${M}/units/${unit.id}`)).body).toMatchObject({ revision: 2, score: 60 });
    const trend = (await t.http().get(`/api/v1/units/${unit.id}/trend`)).body;
    expect(trend.find((p: { month: string }) => p.month === M).score).toBe(60);
    // The first revision stays as it was.
    const old = (await t.http().get(`/api/v1/rankings/${M}?revision=1`)).body;
    expect(old.groups).toEqual(before.groups);
    expect((await t.http().get(`/api/v1/rankings/${M}/bulletin?revision=1`)).text).toBe(bulletin);
  });
  it('answers the same figures URL from one computation for a few seconds', async () => {
    const url = `/api/v1/stats/monthly?month=${month}&unitId=${weidu}&cutoff=2099-01-01T00:00:00%2B08:00`;
    const first = await t.http().get(url);
    expect(first.headers['cache-control']).toBe('public, max-age=5, s-maxage=1, stale-while-revalidate=1');
    expect(first.body.registered).toBe(0);
    await fixture(t, weidu, '2026-10-05T08:00:00', dispatchedOn('2026-10-05'));
    // Within the five seconds the answer is the one computed before the case was written…
    expect((await t.http().get(url)).body.registered).toBe(0);
    // …and another URL is computed afresh.
    expect((await t.http().get(url.replace('2099-01-01', '2098-01-01'))).body.registered).toBe(1);
  });

  it('caches the public list for anonymous readers only', async () => {
    const url = '/api/v1/cases?scope=public&limit=5';
    const anon = await t.http().get(url);
    expect(anon.headers['cache-control']).toBe('public, max-age=3, s-maxage=1, stale-while-revalidate=1');
    const signedIn = await a.get('demo-citizen', url);
    expect(signedIn.headers['cache-control']).toBeUndefined();
    const id = await fixture(t, weidu, '2026-10-06T08:00:00', dispatchedOn('2026-10-06'));
    expect((await a.get('demo-citizen', url)).body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await t.http().get(url)).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});

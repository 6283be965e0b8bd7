import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GRIDS } from '../src/seed/reference/index.js';
import { actors } from './support/builders.js';
import { startApp, type TestApp } from './support/harness.js';
import { simulatePatrol, toWire } from './support/patrol-simulator.js';

/** Concurrent uploads of one patrol over a real MariaDB connection pool. */
describe('patrol point ingestion under concurrency (MariaDB)', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const polygon = GRIDS.find((g) => g.code === '411002001001001')!.polygon;
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, ['demo-inspector']);
  });
  afterAll(async () => {
    await t?.close();
  });
  const newPatrol = async () => {
    const startedAt = Date.now() - 3600_000;
    const res = await a.post('demo-inspector', '/api/v1/patrols', { startedAt: new Date(startedAt).toISOString() });
    return {
      id: res.body.id as string,
      points: simulatePatrol({ polygon, start: new Date(startedAt + 60_000), minutes: 70, seed: 99 }).map(toWire),
    };
  };
  const count = async (id: string) =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM patrol_points WHERE patrol_id = ?', [id]))[0].n);

  it('stores the same batch posted 5 times at once exactly once', async () => {
    const { id, points } = await newPatrol();
    const batch = points.slice(0, 100);
    const results = await Promise.all(Array.from({ length: 5 }, () => a.post('demo-inspector', `/api/v1/patrols/${id}/points`, batch)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.reduce((s, r) => s + r.body.accepted, 0)).toBe(100);
    expect(results.reduce((s, r) => s + r.body.duplicates, 0)).toBe(400);
    expect(await count(id)).toBe(100);
    expect((await a.get('demo-inspector', `/api/v1/patrols/${id}`)).body.points).toBe(100);
  });

  it('keeps the running figures right when different and overlapping batches race', async () => {
    const { id, points } = await newPatrol();
    const batches = Array.from({ length: 6 }, (_, i) => points.slice(Math.max(0, i * 60 - 10), (i + 1) * 60)); // each overlaps the previous by 10
    const jumpy = points.slice(360, 420).map((p, i) => (i === 30 ? { ...p, lat: p.lat + 0.05 } : p));
    const results = await Promise.all(
      [...batches, jumpy, batches[2]].map((b) => a.post('demo-inspector', `/api/v1/patrols/${id}/points`, b)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((s, r) => s + r.body.accepted, 0)).toBe(420);
    expect(await count(id)).toBe(420);
    const running = (await a.get('demo-inspector', `/api/v1/patrols/${id}`)).body;
    expect(running).toMatchObject({ points: 420, flagged: 1 });
    // finishing recomputes from the stored track: the running figures agree
    const fin = await a.post('demo-inspector', `/api/v1/patrols/${id}/finish`, {});
    expect(fin.body).toMatchObject({ points: 420, flagged: 1, distanceM: running.distanceM });
  });
});

/**
 * The patrol simulator for tests (the generator lives in src/ because the demo seed uses it too),
 * and a helper that stores a simulated patrol in the past through the real ingestion path.
 */
import { randomUUID } from 'node:crypto';
import { Patrol } from '../../src/patrols/patrol.entity.js';
import { PatrolsService } from '../../src/patrols/patrols.service.js';
import { simulatePatrol, type SimOptions, type SimPoint } from '../../src/patrols/simulator.js';
import type { TestApp } from './harness.js';

export { simulatePatrol, toUploads, toWire, type SimOptions, type SimPoint, type WirePoint } from '../../src/patrols/simulator.js';

/**
 * A finished patrol of `userId` walked by the simulator, stored as the points endpoint stores
 * batches (the endpoint itself refuses patrols started more than 7 days ago).
 */
export async function storeSimulatedPatrol(t: TestApp, userId: string, o: SimOptions): Promise<{ id: string; points: SimPoint[] }> {
  const points = simulatePatrol(o);
  const id = randomUUID();
  await t.dataSource.getRepository(Patrol).insert({
    id,
    userId,
    startedAt: o.start,
    finishedAt: null,
    points: 0,
    flagged: 0,
    distanceM: 0,
    lastT: null,
    anchorT: null,
    anchorLat: null,
    anchorLng: null,
    createdAt: o.start,
  });
  const svc = t.app.get(PatrolsService);
  const receivedAt = o.start.getTime() + o.minutes * 60_000 + 60_000;
  for (let i = 0; i < points.length; i += 100) await svc.store(userId, id, points.slice(i, i + 100), receivedAt);
  await svc.finishAs(userId, id, points.at(-1)!.t);
  return { id, points };
}

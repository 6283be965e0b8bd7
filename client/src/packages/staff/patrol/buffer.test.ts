import {
  ackBatch,
  activePatrol,
  addFix,
  completePatrol,
  emptyStore,
  FLUSH_AT_POINTS,
  FLUSH_EVERY_MS,
  hasWork,
  loadStore,
  MAX_BATCH,
  nextBatch,
  parseStore,
  pendingCount,
  saveStore,
  setServerId,
  shouldFlush,
  startPatrol,
  stopPatrol,
  storageKey,
  toPointBodies,
  type BufferStorage,
  type PatrolStore,
} from './buffer';
import type { Fix } from './track';

const T0 = Date.parse('2026-11-27T01:00:00.000Z');

function memoryStorage(): BufferStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k) ?? '', set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

/** A walk north along 113.822, a fix every 6 s, about 8 m apart. */
function walk(n: number, from = 0): Fix[] {
  return Array.from({ length: n }, (_, i) => ({
    t: T0 + (from + i + 1) * 6000,
    lat: 34.029 + (from + i) * 0.00007,
    lng: 113.822,
    accuracy: 8,
  }));
}

function started(): PatrolStore {
  return startPatrol(emptyStore('u-1'), { localId: 'p1', now: T0, coord: 'wgs84' });
}

function withFixes(store: PatrolStore, fixes: Fix[]): PatrolStore {
  for (const f of fixes) store = addFix(store, f).store;
  return store;
}

describe('patrol buffer', () => {
  it('keeps every fix on the device until the server acknowledges its batch', () => {
    let s = withFixes(started(), walk(30));
    expect(pendingCount(s)).toBe(30);
    s = setServerId(s, 'p1', 'srv-1');
    const batch = nextBatch(s.patrols[0]);
    expect(batch).toHaveLength(30);
    // The send failed: nothing acknowledged, nothing gone.
    expect(pendingCount(s)).toBe(30);
    s = ackBatch(s, 'p1', batch);
    expect(pendingCount(s)).toBe(0);
    expect(s.patrols[0].uploaded).toBe(30);
  });

  it('sends batches of at most 100, oldest first, and acknowledges only what was sent', () => {
    let s = setServerId(withFixes(started(), walk(250)), 'p1', 'srv-1');
    const first = nextBatch(s.patrols[0]);
    expect(first).toHaveLength(MAX_BATCH);
    expect(first[0][0]).toBe(T0 + 6000);
    // New fixes arrive while the batch is on its way: they stay.
    s = withFixes(s, walk(3, 250));
    s = ackBatch(s, 'p1', first);
    expect(pendingCount(s)).toBe(153);
    expect(nextBatch(s.patrols[0])[0][0]).toBe(T0 + 101 * 6000);
    expect(nextBatch(s.patrols[0], 500)).toHaveLength(MAX_BATCH);
  });

  it('survives an app restart: the store read back holds the same points, and sends each of them', () => {
    const storage = memoryStorage();
    let s = withFixes(started(), walk(12));
    saveStore(storage, s);
    // The app dies; a new run reads the store back.
    const again = loadStore(storage, 'u-1');
    expect(again).toEqual(s);
    expect(activePatrol(again)?.startedAt).toBe(T0);
    s = withFixes(again, walk(5, 12));
    expect(pendingCount(s)).toBe(17);
    const bodies = toPointBodies(nextBatch(s.patrols[0]));
    expect(new Set(bodies.map((b) => b.t)).size).toBe(17);
    expect(bodies[0]).toEqual({ t: T0 + 6000, lat: 34.029, lng: 113.822, accuracy: 8 });
  });

  it('does not keep a second fix for the same device time, nor one older than the last', () => {
    const [a, b] = walk(2);
    let s = addFix(started(), a).store;
    expect(addFix(s, { ...a, lat: a.lat + 0.001 }).kept).toBe(false);
    s = addFix(s, b).store;
    expect(addFix(s, a).kept).toBe(false);
    expect(pendingCount(s)).toBe(2);
  });

  it('thins fixes while standing still, but keeps one every 5 s', () => {
    let s = started();
    let kept = 0;
    for (let i = 1; i <= 60; i++) {
      const r = addFix(s, { t: T0 + i * 1000, lat: 34.029, lng: 113.822, accuracy: 5 });
      s = r.store;
      if (r.kept) kept++;
    }
    expect(kept).toBe(12);
  });

  it('measures the distance walked, not the GPS jumps nor imprecise fixes', () => {
    let s = withFixes(started(), walk(11));
    expect(s.patrols[0].distanceM).toBeGreaterThan(75);
    expect(s.patrols[0].distanceM).toBeLessThan(80);
    const before = s.patrols[0].distanceM;
    s = addFix(s, { t: T0 + 12 * 6000, lat: 34.05, lng: 113.822, accuracy: 10 }).store; // 2 km in 6 s
    s = addFix(s, { t: T0 + 13 * 6000, lat: 34.0299, lng: 113.823, accuracy: 300 }).store;
    expect(s.patrols[0].distanceM).toBe(before);
    // Both still go to the server, which flags them itself.
    expect(pendingCount(s)).toBe(13);
  });

  it('keeps a patrol begun offline with its device start time until the server creates it', () => {
    let s = withFixes(started(), walk(3));
    expect(s.patrols[0].serverId).toBeNull();
    expect(hasWork(s)).toBe(true);
    s = stopPatrol(s, T0 + 60_000);
    expect(activePatrol(s)).toBeNull();
    expect(s.patrols[0].stoppedAt).toBe(T0 + 60_000);
    s = setServerId(s, 'p1', 'srv-9');
    s = ackBatch(s, 'p1', nextBatch(s.patrols[0]));
    s = completePatrol(s, 'p1', {
      id: 'srv-9',
      startedAt: new Date(T0).toISOString(),
      finishedAt: new Date(T0 + 60_000).toISOString(),
      points: 3,
      flagged: 0,
      distanceM: 16,
    });
    expect(s.patrols).toHaveLength(0);
    expect(s.lastFinished).toMatchObject({ serverId: 'srv-9', points: 3, distanceM: 16 });
    expect(s.lastFinished?.track).toHaveLength(3);
    expect(hasWork(s)).toBe(false);
  });

  it('ignores fixes with no patrol running, and a second start while one runs', () => {
    const empty = emptyStore('u-1');
    expect(addFix(empty, walk(1)[0]).kept).toBe(false);
    const s = started();
    expect(startPatrol(s, { localId: 'p2', now: T0 + 5, coord: 'wgs84' })).toBe(s);
  });

  it('reads back nothing but a valid store of the same user', () => {
    const s = withFixes(started(), walk(2));
    expect(parseStore(JSON.stringify(s), 'u-2')).toEqual(emptyStore('u-2'));
    expect(parseStore('{not json', 'u-1')).toEqual(emptyStore('u-1'));
    expect(parseStore(null, 'u-1')).toEqual(emptyStore('u-1'));
    const broken = JSON.parse(JSON.stringify(s));
    broken.patrols[0].pending.push(['x', 1, 2], [T0 + 999_999, 34.03, 113.822, null]);
    const read = parseStore(broken, 'u-1');
    expect(read.patrols[0].pending).toHaveLength(3);
    expect(read.patrols[0].pending[2]).toEqual([T0 + 999_999, 34.03, 113.822, null]);
    expect(storageKey('u-1')).toBe('xc.patrol.v1.u-1');
  });

  it('sends every 30 s or at 20 points, at once when forced, and backs off after a failure', () => {
    let s = setServerId(withFixes(started(), walk(3)), 'p1', 'srv-1');
    const now = T0 + 20_000;
    expect(shouldFlush(s, { now, lastAttemptAt: now - 10_000, lastFailed: false })).toBe(false);
    expect(shouldFlush(s, { now, lastAttemptAt: now - FLUSH_EVERY_MS, lastFailed: false })).toBe(true);
    expect(shouldFlush(s, { now, lastAttemptAt: now - 1000, lastFailed: false, force: true })).toBe(true);
    s = withFixes(s, walk(FLUSH_AT_POINTS, 3));
    expect(shouldFlush(s, { now, lastAttemptAt: now - 1000, lastFailed: false })).toBe(true);
    expect(shouldFlush(s, { now, lastAttemptAt: now - 1000, lastFailed: true })).toBe(false);
    expect(shouldFlush(emptyStore('u-1'), { now, lastAttemptAt: null, lastFailed: false, force: true })).toBe(false);
  });
});

import type { PatrolDto, PatrolPointBody } from '@xc/shared';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../services/request';
import { loadStore, saveStore, type BufferStorage } from './buffer';
import { PatrolRecorder, type LocationSource, type NetworkWatch, type PatrolApi } from './recorder';
import type { Fix } from './track';

const T0 = Date.parse('2026-11-27T01:00:00.000Z');

function memoryStorage(): BufferStorage {
  const map = new Map<string, string>();
  return { get: (k) => map.get(k) ?? '', set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

/** A server that stores each (patrol, t) once, and can be cut off. */
function fakeServer() {
  const patrols = new Map<string, { startedAt: string; finishedAt: string | null; ts: Set<number> }>();
  const calls: string[] = [];
  const batches: number[] = [];
  let offline = false;
  let n = 0;
  const down = () => new ApiError({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
  const dto = (id: string): PatrolDto => {
    const p = patrols.get(id)!;
    return { id, startedAt: p.startedAt, finishedAt: p.finishedAt, points: p.ts.size, flagged: 0, distanceM: p.ts.size * 8 };
  };
  const api: PatrolApi = {
    async create(startedAt) {
      calls.push(`create ${startedAt}`);
      if (offline) throw down();
      const id = `srv-${++n}`;
      patrols.set(id, { startedAt, finishedAt: null, ts: new Set() });
      return dto(id);
    },
    async createNow() {
      return api.create(new Date(T0).toISOString());
    },
    async points(id, pts: PatrolPointBody[], coord) {
      calls.push(`points ${id} ${pts.length} ${coord}`);
      if (offline) throw down();
      batches.push(pts.length);
      const p = patrols.get(id)!;
      let accepted = 0;
      for (const x of pts) {
        if (p.ts.has(x.t as number)) continue;
        p.ts.add(x.t as number);
        accepted++;
      }
      return { accepted, duplicates: pts.length - accepted, flagged: 0, points: p.ts.size };
    },
    async finish(id, finishedAt) {
      calls.push(`finish ${id} ${finishedAt}`);
      if (offline) throw down();
      patrols.get(id)!.finishedAt = finishedAt;
      return dto(id);
    },
  };
  return {
    api,
    patrols,
    calls,
    batches,
    setOffline: (v: boolean) => {
      offline = v;
    },
  };
}

function fakeLocation(): LocationSource & { emit: (f: Fix) => void; running: boolean } {
  let onFix: ((f: Fix) => void) | null = null;
  const src = {
    coord: 'wgs84' as const,
    running: false,
    async start(cb: (f: Fix) => void) {
      onFix = cb;
      src.running = true;
      return { background: true };
    },
    stop() {
      onFix = null;
      src.running = false;
    },
    emit(f: Fix) {
      onFix?.(f);
    },
  };
  return src;
}

function fakeNetwork(): NetworkWatch & { set: (v: boolean) => void } {
  let cb: ((v: boolean) => void) | null = null;
  return {
    isOnline: async () => true,
    subscribe(fn) {
      cb = fn;
      return () => (cb = null);
    },
    set: (v) => cb?.(v),
  };
}

const live: PatrolRecorder[] = [];

function setup(storage = memoryStorage(), server = fakeServer()) {
  let now = T0;
  const location = fakeLocation();
  const network = fakeNetwork();
  const recorder = new PatrolRecorder({
    userId: 'u-1',
    api: server.api,
    storage,
    location,
    network,
    now: () => now,
    newId: () => `local-${now}`,
  });
  live.push(recorder);
  return {
    recorder,
    server,
    storage,
    location,
    network,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

/** Walks `n` fixes 6 s apart from the current time. */
function walkFor(s: ReturnType<typeof setup>, n: number) {
  for (let i = 0; i < n; i++) {
    s.advance(6000);
    s.location.emit({ t: s.at(), lat: 34.029 + i * 0.00007, lng: 113.822, accuracy: 8 });
  }
}

afterEach(() => live.splice(0).forEach((r) => r.dispose()));

describe('patrol recorder', () => {
  it('starts, sends its points in batches of at most 100, and finishes with device times', async () => {
    const s = setup();
    await s.recorder.start();
    await s.recorder.flush();
    expect(s.server.calls[0]).toBe(`create ${new Date(T0).toISOString()}`);
    walkFor(s, 250);
    s.advance(30_000);
    await s.recorder.tick();
    await s.recorder.stop();
    const [id] = [...s.server.patrols.keys()];
    expect(s.server.patrols.get(id)!.ts.size).toBe(250);
    expect(Math.max(...s.server.batches)).toBeLessThanOrEqual(100);
    expect(s.server.calls.at(-1)).toBe(`finish ${id} ${new Date(s.at()).toISOString()}`);
    expect(s.recorder.getSnapshot().pending).toBe(0);
    expect(s.recorder.getSnapshot().lastFinished).toMatchObject({ serverId: id, points: 250 });
    expect(s.location.running).toBe(false);
  });

  it('keeps the points through a failed send and sends them when the network returns', async () => {
    const s = setup();
    await s.recorder.start();
    await s.recorder.flush();
    s.server.setOffline(true);
    s.network.set(false);
    walkFor(s, 20); // 20 waiting: an attempt, which fails
    await s.recorder.flush();
    expect(s.recorder.getSnapshot().pending).toBe(20);
    expect(s.recorder.getSnapshot().online).toBe(false);
    const attempts = () => s.server.calls.filter((c) => c.startsWith('points')).length;
    expect(attempts()).toBe(1);
    // Backing off: not an attempt for every new fix…
    walkFor(s, 3);
    await s.recorder.tick();
    expect(attempts()).toBe(1);
    // …but again after 30 s.
    s.advance(30_000);
    await s.recorder.tick();
    expect(attempts()).toBe(2);
    expect(s.recorder.getSnapshot().pending).toBe(23);
    walkFor(s, 4);

    s.server.setOffline(false);
    s.network.set(true);
    await s.recorder.flush();
    await new Promise((r) => setTimeout(r, 0));
    await s.recorder.flush({ force: true });
    expect(s.recorder.getSnapshot().pending).toBe(0);
    expect([...s.server.patrols.values()][0].ts.size).toBe(27);
  });

  it('creates a patrol begun offline later, with its device start time', async () => {
    const s = setup();
    s.server.setOffline(true);
    await s.recorder.start();
    walkFor(s, 5);
    await s.recorder.stop();
    expect(s.server.patrols.size).toBe(0);
    expect(s.recorder.getSnapshot().unsent).toHaveLength(1);
    s.advance(10 * 60_000);
    s.server.setOffline(false);
    await s.recorder.flush({ force: true });
    const [p] = [...s.server.patrols.values()];
    expect(p.startedAt).toBe(new Date(T0).toISOString());
    expect(p.ts.size).toBe(5);
    expect(p.finishedAt).toBe(new Date(T0 + 5 * 6000).toISOString());
    expect(s.recorder.getSnapshot().unsent).toHaveLength(0);
  });

  it('loses nothing across a restart, even a batch whose answer was lost; the server stores each point once', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const first = setup(storage, server);
    await first.recorder.start();
    walkFor(first, 30);
    await first.recorder.flush({ force: true });
    expect([...server.patrols.values()][0].ts.size).toBe(30);
    // The last answer never came back: the app saw nothing acknowledged (restore the buffer as it was before).
    walkFor(first, 10);
    const beforeSend = JSON.parse(JSON.stringify(first.recorder.getStore()));
    await first.recorder.flush({ force: true });
    first.recorder.dispose();
    saveStore(storage, beforeSend);

    const second = setup(storage, server);
    expect(second.recorder.getSnapshot().active?.pending).toHaveLength(10);
    second.recorder.resume();
    await second.recorder.flush({ force: true });
    expect(second.location.running).toBe(true);
    expect(second.recorder.getSnapshot().pending).toBe(0);
    expect([...server.patrols.values()][0].ts.size).toBe(40);
    expect(loadStore(storage, 'u-1').patrols[0].pending).toHaveLength(0);
    second.recorder.dispose();
  });

  it('does not start without positioning, and says why', async () => {
    const s = setup();
    s.location.start = () => Promise.reject({ errMsg: 'startLocationUpdate:fail auth deny' });
    await expect(s.recorder.start()).rejects.toThrow('未获得定位权限');
    expect(s.recorder.getSnapshot().active).toBeNull();
    expect(s.recorder.getSnapshot().locationError).toMatch(/定位权限/);
  });
});

import type { PatrolPointBody } from '@xc/shared';
import { addDistance, isValidFix, shouldKeep, thin, type Fix, type SamplingRules, SAMPLING } from './track';

/**
 * The patrol buffer on the device: every kept GPS fix goes to storage first and leaves it only when
 * the server has acknowledged the batch that carried it. A failed send leaves the batch where it
 * was; a restart reads it back; a batch that reached the server but whose answer was lost is sent
 * again, and the server stores each (patrol, device time) once. A patrol started without network
 * waits here, with its device start time, until the server can create it.
 *
 * Pure: every function takes a store and returns a new one (storage is passed in: Taro storage in
 * the app, a Map in tests).
 */

export type Coord = 'gcj02' | 'wgs84';

/** Largest batch sent at once (the server takes up to 500). */
export const MAX_BATCH = 100;
/** Send when this many points wait… */
export const FLUSH_AT_POINTS = 20;
/** …or when the oldest waiting point has waited this long. */
export const FLUSH_EVERY_MS = 30_000;
/** Points kept for drawing the track (the whole track is on the server). */
export const MAX_TRACK_POINTS = 1500;

/** A waiting point, compact: [t (epoch ms), lat, lng, accuracy (m) or null]. */
export type StoredPoint = [number, number, number, number | null];

export interface StoredPatrol {
  localId: string;
  /** Set once the server has created the patrol. */
  serverId: string | null;
  /** Device time the inspector pressed 开始巡查. */
  startedAt: number;
  /** Device time of 结束巡查; the finish is sent once every point is up. */
  stoppedAt: number | null;
  coord: Coord;
  /** Kept, not yet acknowledged, in time order. */
  pending: StoredPoint[];
  /** Acknowledged by the server. */
  uploaded: number;
  /** Refused by the server as invalid (never retried), to be honest about it. */
  dropped: number;
  /** Walked, measured on the device. */
  distanceM: number;
  /** The last kept fix (sampling) and the last one precise enough to measure from. */
  last: Fix | null;
  anchor: Fix | null;
  /** [lat, lng] for drawing, thinned past MAX_TRACK_POINTS. */
  track: [number, number][];
}

/** The last patrol the server finished: its figures, for the summary. */
export interface FinishedPatrol {
  localId: string;
  serverId: string;
  startedAt: string;
  finishedAt: string | null;
  points: number;
  flagged: number;
  distanceM: number;
  /** The track as drawn on the device, thinned: [lat, lng]. */
  track: [number, number][];
  coord: Coord;
}

export interface PatrolStore {
  version: 1;
  userId: string;
  /** In start order; only the last may still be running (stoppedAt null). */
  patrols: StoredPatrol[];
  lastFinished: FinishedPatrol | null;
}

export interface BufferStorage {
  get(key: string): unknown;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function storageKey(userId: string): string {
  return `xc.patrol.v1.${userId}`;
}

export function emptyStore(userId: string): PatrolStore {
  return { version: 1, userId, patrols: [], lastFinished: null };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function parsePoint(v: unknown): StoredPoint | null {
  if (!Array.isArray(v) || v.length < 3) return null;
  const [t, lat, lng, acc] = v as unknown[];
  if (!num(t) || !num(lat) || !num(lng)) return null;
  return [t, lat, lng, num(acc) ? acc : null];
}

function parseFix(v: unknown): Fix | null {
  const f = v as Partial<Fix> | null;
  if (!f || typeof f !== 'object') return null;
  const fix = { t: f.t, lat: f.lat, lng: f.lng, accuracy: num(f.accuracy) ? f.accuracy : null } as Fix;
  return isValidFix(fix) ? fix : null;
}

function parsePatrol(v: unknown): StoredPatrol | null {
  const p = v as Partial<StoredPatrol> | null;
  if (!p || typeof p !== 'object' || typeof p.localId !== 'string' || !p.localId || !num(p.startedAt)) return null;
  const pending = Array.isArray(p.pending) ? p.pending.map(parsePoint).filter((x): x is StoredPoint => x !== null) : [];
  pending.sort((a, b) => a[0] - b[0]);
  return {
    localId: p.localId,
    serverId: typeof p.serverId === 'string' && p.serverId ? p.serverId : null,
    startedAt: p.startedAt,
    stoppedAt: num(p.stoppedAt) ? p.stoppedAt : null,
    coord: p.coord === 'gcj02' ? 'gcj02' : 'wgs84',
    pending,
    uploaded: num(p.uploaded) ? p.uploaded : 0,
    dropped: num(p.dropped) ? p.dropped : 0,
    distanceM: num(p.distanceM) ? p.distanceM : 0,
    last: parseFix(p.last),
    anchor: parseFix(p.anchor),
    track: Array.isArray(p.track)
      ? p.track.filter((x): x is [number, number] => Array.isArray(x) && num(x[0]) && num(x[1])).map((x) => [x[0], x[1]])
      : [],
  };
}

/** Whatever storage held, as a store of this user; anything unusable is dropped, never a crash. */
export function parseStore(raw: unknown, userId: string): PatrolStore {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (!raw) return emptyStore(userId);
    try {
      value = JSON.parse(raw);
    } catch {
      return emptyStore(userId);
    }
  }
  const v = value as Partial<PatrolStore> | null;
  if (!v || typeof v !== 'object' || v.userId !== userId) return emptyStore(userId);
  const patrols = Array.isArray(v.patrols) ? v.patrols.map(parsePatrol).filter((p): p is StoredPatrol => p !== null) : [];
  // Only the last may be running: an earlier one left open (cannot happen, but) counts as stopped.
  patrols.forEach((p, i) => {
    if (i < patrols.length - 1 && p.stoppedAt === null) p.stoppedAt = Math.max(p.startedAt, p.last?.t ?? p.startedAt);
  });
  const f = v.lastFinished as FinishedPatrol | null | undefined;
  const lastFinished =
    f && typeof f === 'object' && typeof f.serverId === 'string' && typeof f.startedAt === 'string'
      ? {
          localId: String(f.localId ?? ''),
          serverId: f.serverId,
          startedAt: f.startedAt,
          finishedAt: f.finishedAt ?? null,
          points: Number(f.points) || 0,
          flagged: Number(f.flagged) || 0,
          distanceM: Number(f.distanceM) || 0,
          track: Array.isArray(f.track) ? f.track.filter((x): x is [number, number] => Array.isArray(x) && num(x[0]) && num(x[1])) : [],
          coord: (f.coord === 'gcj02' ? 'gcj02' : 'wgs84') as Coord,
        }
      : null;
  return { version: 1, userId, patrols, lastFinished };
}

export function loadStore(storage: BufferStorage, userId: string): PatrolStore {
  try {
    return parseStore(storage.get(storageKey(userId)), userId);
  } catch {
    return emptyStore(userId);
  }
}

/** Writes the store; false when storage refused (full): the caller keeps it in memory. */
export function saveStore(storage: BufferStorage, store: PatrolStore): boolean {
  try {
    if (!store.patrols.length && !store.lastFinished) storage.remove(storageKey(store.userId));
    else storage.set(storageKey(store.userId), JSON.stringify(store));
    return true;
  } catch {
    return false;
  }
}

/** The patrol still running, if any. */
export function activePatrol(store: PatrolStore): StoredPatrol | null {
  const last = store.patrols[store.patrols.length - 1];
  return last && last.stoppedAt === null ? last : null;
}

/** Points waiting across every patrol of the store. */
export function pendingCount(store: PatrolStore): number {
  return store.patrols.reduce((n, p) => n + p.pending.length, 0);
}

/** Anything the server has not heard yet: a patrol to create, points, a finish. */
export function hasWork(store: PatrolStore): boolean {
  return store.patrols.some((p) => !p.serverId || p.pending.length > 0 || p.stoppedAt !== null);
}

function replace(store: PatrolStore, localId: string, f: (p: StoredPatrol) => StoredPatrol | null): PatrolStore {
  const patrols: StoredPatrol[] = [];
  for (const p of store.patrols) {
    if (p.localId !== localId) patrols.push(p);
    else {
      const next = f(p);
      if (next) patrols.push(next);
    }
  }
  return { ...store, patrols };
}

/** 开始巡查: a new running patrol (unless one is running: then the store as it is). */
export function startPatrol(store: PatrolStore, opts: { localId: string; now: number; coord: Coord }): PatrolStore {
  if (activePatrol(store)) return store;
  const p: StoredPatrol = {
    localId: opts.localId,
    serverId: null,
    startedAt: opts.now,
    stoppedAt: null,
    coord: opts.coord,
    pending: [],
    uploaded: 0,
    dropped: 0,
    distanceM: 0,
    last: null,
    anchor: null,
    track: [],
  };
  return { ...store, patrols: [...store.patrols, p] };
}

/** 结束巡查: stops the running patrol at `now` (never before its last point). */
export function stopPatrol(store: PatrolStore, now: number): PatrolStore {
  const a = activePatrol(store);
  if (!a) return store;
  return replace(store, a.localId, (p) => ({ ...p, stoppedAt: Math.max(now, p.startedAt, p.last?.t ?? 0) }));
}

/** A fix from the device for the running patrol: kept (to send) or skipped by the sampling rules. */
export function addFix(store: PatrolStore, fix: Fix, rules: SamplingRules = SAMPLING): { store: PatrolStore; kept: boolean } {
  const a = activePatrol(store);
  if (!a || !isValidFix(fix) || !shouldKeep(a.last, fix, rules)) return { store, kept: false };
  // Points before the start would be flagged by the server: a stale fix from the platform's cache.
  if (fix.t < a.startedAt - 1000) return { store, kept: false };
  const point: StoredPoint = [Math.round(fix.t), fix.lat, fix.lng, fix.accuracy === null ? null : Math.round(fix.accuracy * 10) / 10];
  const d = addDistance(a.anchor, fix, rules);
  let track: [number, number][] = [...a.track, [fix.lat, fix.lng]];
  if (track.length > MAX_TRACK_POINTS) track = thin(track, Math.floor(MAX_TRACK_POINTS * 0.75));
  const next = replace(store, a.localId, (p) => ({
    ...p,
    pending: [...p.pending, point],
    distanceM: p.distanceM + d.addM,
    last: fix,
    anchor: d.anchor,
    track,
  }));
  return { store: next, kept: true };
}

/** The next batch of a patrol to send: its oldest waiting points, at most `max`. */
export function nextBatch(p: StoredPatrol, max: number = MAX_BATCH): StoredPoint[] {
  return p.pending.slice(0, Math.max(1, Math.min(max, MAX_BATCH)));
}

/** The server took the batch: those points (by device time) leave the buffer. */
export function ackBatch(
  store: PatrolStore,
  localId: string,
  batch: readonly StoredPoint[],
  opts: { dropped?: boolean } = {},
): PatrolStore {
  const sent = new Set(batch.map((b) => b[0]));
  return replace(store, localId, (p) => {
    const pending = p.pending.filter((x) => !sent.has(x[0]));
    const gone = p.pending.length - pending.length;
    return opts.dropped ? { ...p, pending, dropped: p.dropped + gone } : { ...p, pending, uploaded: p.uploaded + gone };
  });
}

export function setServerId(store: PatrolStore, localId: string, serverId: string | null): PatrolStore {
  return replace(store, localId, (p) => ({ ...p, serverId }));
}

/** The server finished the patrol: it leaves the buffer, its figures stay as the last summary. */
export function completePatrol(
  store: PatrolStore,
  localId: string,
  dto: { id: string; startedAt: string; finishedAt: string | null; points: number; flagged: number; distanceM: number },
): PatrolStore {
  const done = store.patrols.find((p) => p.localId === localId);
  const next = replace(store, localId, () => null);
  return {
    ...next,
    lastFinished: {
      localId,
      serverId: dto.id,
      startedAt: dto.startedAt,
      finishedAt: dto.finishedAt,
      points: dto.points,
      flagged: dto.flagged,
      distanceM: dto.distanceM,
      track: done ? thin(done.track, 300) : [],
      coord: done?.coord ?? 'wgs84',
    },
  };
}

/** A patrol the server will never take (refused as invalid): it leaves the buffer. */
export function discardPatrol(store: PatrolStore, localId: string): PatrolStore {
  return replace(store, localId, () => null);
}

/** The wire form of a batch (`t` as epoch ms: the device time, also the server's dedup key). */
export function toPointBodies(batch: readonly StoredPoint[]): PatrolPointBody[] {
  return batch.map(([t, lat, lng, accuracy]) => (accuracy === null ? { t, lat, lng } : { t, lat, lng, accuracy }));
}

/**
 * Time to send? Every FLUSH_EVERY_MS anything waiting goes (points, a patrol to create, a finish);
 * sooner when FLUSH_AT_POINTS points wait; at once when forced (开始, 结束, the network is back).
 * After a failed attempt, nothing but a force until FLUSH_EVERY_MS has passed.
 */
export function shouldFlush(
  store: PatrolStore,
  s: { now: number; lastAttemptAt: number | null; lastFailed: boolean; force?: boolean },
): boolean {
  if (!hasWork(store)) return false;
  if (s.force) return true;
  const since = s.lastAttemptAt === null ? Infinity : s.now - s.lastAttemptAt;
  if (s.lastFailed && since < FLUSH_EVERY_MS) return false;
  if (pendingCount(store) >= FLUSH_AT_POINTS) return true;
  return since >= FLUSH_EVERY_MS;
}

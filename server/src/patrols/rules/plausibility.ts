/**
 * Which points of a track are plausible. Implausible points are kept and flagged, never counted
 * (not in distance, half-days or coverage). Pure.
 *
 * - `accuracy`: the device reports an accuracy worse than `maxAccuracyM`;
 * - `future`: device time later than the server's receipt time by more than the tolerance;
 * - `outside`: the coordinates are not in China (swapped lat/lng, 0/0);
 * - `span`: device time outside the patrol [startedAt, finishedAt] (with a tolerance);
 * - `speed`: reaching it from the previous plausible point (in device-time order) needs more than
 *   `maxSpeedMps` (plus a little slack for GPS noise between close fixes). A jump is flagged and
 *   the track continues from the last good point, so the fixes after it count again.
 */
import { isInChina, distanceMeters } from '../../geo/coords.js';
import type { Fix, PatrolRules } from './config.js';

export const FLAG = { accuracy: 1, speed: 2, future: 4, outside: 8, span: 16 } as const;
export type FlagName = keyof typeof FLAG;

export function flagNames(mask: number): FlagName[] {
  return (Object.keys(FLAG) as FlagName[]).filter((k) => (mask & FLAG[k]) !== 0);
}

export interface PointIn {
  /** Device time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  accuracy: number | null;
  /** When the server received it, epoch ms. */
  receivedAt: number;
}

export interface Span {
  startedAt: number;
  finishedAt: number | null;
}

/** Flags that depend on the point alone (and the patrol's span), not on its neighbours. */
export function staticFlags(p: PointIn, span: Span, rules: PatrolRules['plausibility']): number {
  return pointFlags(p.t, p.lat, p.lng, p.accuracy, p.receivedAt, span, rules);
}

/** `staticFlags` of a point given field by field (the ingestion's hot path builds no object for it). */
export function pointFlags(
  t: number,
  lat: number,
  lng: number,
  accuracy: number | null,
  receivedAt: number,
  span: Span,
  rules: PatrolRules['plausibility'],
): number {
  let f = 0;
  if (accuracy !== null && accuracy > rules.maxAccuracyM) f |= FLAG.accuracy;
  if (t > receivedAt + rules.futureToleranceSeconds * 1000) f |= FLAG.future;
  if (!isInChina(lat, lng)) f |= FLAG.outside;
  const tol = rules.spanToleranceSeconds * 1000;
  if (t < span.startedAt - tol || (span.finishedAt !== null && t > span.finishedAt + tol)) f |= FLAG.span;
  return f;
}

export interface WalkResult {
  /** Final flags, in the order given. */
  flags: number[];
  /** Metres between consecutive plausible points, from the anchor on. */
  distanceM: number;
  /** The last plausible point (the anchor given when none was). */
  anchor: Fix | null;
}

/**
 * Adds the `speed` flag to points sorted by device time, starting from `anchor` (the last
 * plausible point before them, or null), and measures the plausible distance.
 */
export function walkTrack(
  points: readonly (Fix & { flags: number })[],
  anchor: Fix | null,
  rules: PatrolRules['plausibility'],
): WalkResult {
  const flags: number[] = new Array(points.length);
  let last: Fix | null = anchor;
  let lastIdx = -1; // the last plausible point of `points`, copied into a Fix once at the end
  let distanceM = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    let f = p.flags & ~FLAG.speed;
    if (f === 0 && last) {
      const d = distanceMeters([last.lng, last.lat], [p.lng, p.lat]);
      const dt = (p.t - last.t) / 1000;
      if (d > rules.maxSpeedMps * Math.max(0, dt) + rules.speedSlackM) f |= FLAG.speed;
      else distanceM += d;
    }
    if (f === 0) {
      last = p;
      lastIdx = i;
    }
    flags[i] = f;
  }
  const a = lastIdx >= 0 ? points[lastIdx] : null;
  return { flags, distanceM, anchor: a ? { t: a.t, lat: a.lat, lng: a.lng } : anchor };
}

/** The whole track from scratch: static flags, then speed. Points must be sorted by `t`. */
export function analyzeTrack(points: readonly PointIn[], span: Span, rules: PatrolRules['plausibility']): WalkResult {
  return walkTrack(
    points.map((p) => ({ t: p.t, lat: p.lat, lng: p.lng, flags: staticFlags(p, span, rules) })),
    null,
    rules,
  );
}

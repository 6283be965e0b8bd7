/**
 * Pure geometry of a patrol track on the phone: which fixes to keep, the distance walked, and the
 * track projected into a box for the drawn view (H5). Coordinates are whatever the device gives
 * (GCJ-02 in the weapp, WGS84 in H5): the differences between them are a few hundred metres of
 * offset, not of scale, so distances and shapes are the same in either.
 */

/** One position fix from the device: epoch ms, degrees, accuracy in metres when known. */
export interface Fix {
  t: number;
  lat: number;
  lng: number;
  accuracy: number | null;
}

export interface SamplingRules {
  /** Keep a fix at least this often while standing still. */
  minIntervalMs: number;
  /** Keep a fix sooner when it is this far from the last kept one. */
  minMoveM: number;
  /** Never two fixes closer in time than this (a burst of callbacks). */
  minGapMs: number;
  /** Fixes worse than this are sent (the server flags them) but never add distance. */
  maxAccuracyM: number;
}

export const SAMPLING: SamplingRules = { minIntervalMs: 5000, minMoveM: 15, minGapMs: 1000, maxAccuracyM: 50 };

const R = 6371008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isValidFix(f: Partial<Fix> | null | undefined): f is Fix {
  return (
    !!f &&
    Number.isFinite(f.t) &&
    Number.isFinite(f.lat) &&
    Number.isFinite(f.lng) &&
    Math.abs(f.lat as number) <= 90 &&
    Math.abs(f.lng as number) <= 180 &&
    !(f.lat === 0 && f.lng === 0)
  );
}

/**
 * Whether to keep a new fix after the last kept one: always the first; never one at or before the
 * last time (the server keys points by device time); then every `minIntervalMs`, or sooner when
 * the inspector has moved `minMoveM`.
 */
export function shouldKeep(last: Fix | null, fix: Fix, rules: SamplingRules = SAMPLING): boolean {
  if (!isValidFix(fix)) return false;
  if (!last) return true;
  const dt = fix.t - last.t;
  if (dt < rules.minGapMs) return false;
  if (dt >= rules.minIntervalMs) return true;
  return distanceM(last, fix) >= rules.minMoveM;
}

/**
 * Metres this fix adds to the walked distance after the previous distance anchor (the last fix
 * accurate enough to count), and the new anchor. Imprecise fixes add nothing and do not move it.
 */
export function addDistance(anchor: Fix | null, fix: Fix, rules: SamplingRules = SAMPLING): { addM: number; anchor: Fix | null } {
  if (fix.accuracy !== null && fix.accuracy > rules.maxAccuracyM) return { addM: 0, anchor };
  if (!anchor) return { addM: 0, anchor: fix };
  const d = distanceM(anchor, fix);
  // Faster than a car in town (30 m/s) between two fixes: a jump of the GPS, not a walk.
  const dt = Math.max(1, (fix.t - anchor.t) / 1000);
  if (d > 30 * dt + 20) return { addM: 0, anchor };
  return { addM: d, anchor: fix };
}

/** Thin a long track for display: at most `max` points, the first and the last always kept. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface Projected {
  /** 0..100 (% of the box width and height). */
  x: number;
  y: number;
}

export interface Projection {
  track: Projected[];
  outlines: Projected[][];
  /** Metres that 25 % of the box width stands for (the scale bar). */
  scaleM: number;
}

/**
 * Projects the track (and the outlines of the assigned grids) into a square box with a margin,
 * north up, metres equal on both axes. The box is centred on the track when there is one, else on
 * the outlines. Null with nothing to draw.
 */
export function project(track: readonly LatLng[], outlines: readonly (readonly LatLng[])[] = [], marginPct = 8): Projection | null {
  const focus = track.length ? track : outlines.flat();
  if (!focus.length) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const p of focus) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLng = Math.min(minLng, p.lng);
    maxLng = Math.max(maxLng, p.lng);
  }
  const midLat = (minLat + maxLat) / 2;
  const midLng = (minLng + maxLng) / 2;
  const mPerLat = 111_320;
  const mPerLng = 111_320 * Math.cos(rad(midLat));
  // At least 200 m across, so a few steps do not fill the box.
  const spanM = Math.max(200, (maxLat - minLat) * mPerLat, (maxLng - minLng) * mPerLng);
  const inner = 100 - 2 * marginPct;
  const toBox = (p: LatLng): Projected => ({
    x: 50 + (((p.lng - midLng) * mPerLng) / spanM) * inner,
    y: 50 - (((p.lat - midLat) * mPerLat) / spanM) * inner,
  });
  return {
    track: track.map(toBox),
    outlines: outlines.map((o) => o.map(toBox)),
    scaleM: niceScale((spanM / inner) * 25),
  };
}

/** 1, 2, 5 × 10ⁿ at or below `m`. */
export function niceScale(m: number): number {
  if (!(m > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(m));
  for (const k of [5, 2, 1]) if (k * p <= m) return k * p;
  return p;
}

/** A segment from a to b as a CSS line: its start, length and angle, in box % (the box is square). */
export function segment(a: Projected, b: Projected): { left: number; top: number; length: number; angleDeg: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return { left: a.x, top: a.y, length: Math.sqrt(dx * dx + dy * dy), angleDeg: (Math.atan2(dy, dx) * 180) / Math.PI };
}

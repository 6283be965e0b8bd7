/**
 * A patrol simulator: realistic walking tracks through a grid polygon, for the tests, the
 * benchmark and the demo seed. Deterministic for a given seed. A walker follows a lawn-mower
 * path (rows across the grid, `rowSpacingM` apart, clipped to the polygon) at 1–1.5 m/s, one fix
 * every 5–10 s with a few metres of GPS noise; options add a GPS jump, a walk out of the area and
 * back, repeated points after a reconnect and a batch uploaded late.
 */
import { prng } from '../common/prng.js';

export type Ring = readonly (readonly [number, number])[];

export interface SimPoint {
  /** Device time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  accuracy: number;
}

export interface SimOptions {
  polygon: Ring;
  start: Date;
  minutes: number;
  seed?: number;
  speedMps?: [number, number];
  intervalS?: [number, number];
  noiseM?: number;
  accuracyM?: [number, number];
  rowSpacingM?: number;
  /** Where along the lawn-mower path to begin, 0–1 (successive patrols can pick up where the last stopped). */
  startAt?: number;
  /** One fix thrown `distanceM` off the track at `afterMinutes` (a GPS jump). */
  jump?: { afterMinutes: number; distanceM: number };
  /** At `afterMinutes` walk `distanceM` beyond the grid's southern edge, stay `minutes`, walk back. */
  leave?: { afterMinutes: number; minutes: number; distanceM?: number };
}

const M_PER_DEG_LAT = 111_195;

/** Waypoints [lng, lat] of a lawn-mower path over the polygon. */
export function lawnMowerPath(ring: Ring, rowSpacingM = 40): [number, number][] {
  const lats = ring.map((p) => p[1]);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const rowDeg = rowSpacingM / M_PER_DEG_LAT;
  const path: [number, number][] = [];
  let flip = false;
  for (let lat = minLat + rowDeg / 2; lat < maxLat; lat += rowDeg) {
    const xs: number[] = [];
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 > lat !== y2 > lat) xs.push(x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1));
    }
    xs.sort((a, b) => a - b);
    const segs: [number, number][] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) segs.push([xs[i], xs[i + 1]]);
    if (flip) segs.reverse();
    for (const [a, b] of segs) {
      const inset = (b - a) * 0.02;
      if (flip) path.push([b - inset, lat], [a + inset, lat]);
      else path.push([a + inset, lat], [b - inset, lat]);
    }
    flip = !flip;
  }
  return path;
}

function metres(a: [number, number], b: [number, number]): number {
  const mLng = M_PER_DEG_LAT * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * mLng, (b[1] - a[1]) * M_PER_DEG_LAT);
}

/** A walk along waypoints, as a function of distance walked (looping back and forth). */
function walker(path: [number, number][]) {
  const back = [...path].reverse().slice(1);
  const loop = [...path, ...back];
  const legs = loop.slice(1).map((p, i) => metres(loop[i], p));
  const total = legs.reduce((s, l) => s + l, 0) || 1;
  return {
    total,
    at(distance: number): [number, number] {
      let d = ((distance % total) + total) % total;
      for (let i = 0; i < legs.length; i++) {
        if (d <= legs[i]) {
          const f = legs[i] ? d / legs[i] : 0;
          return [loop[i][0] + (loop[i + 1][0] - loop[i][0]) * f, loop[i][1] + (loop[i + 1][1] - loop[i][1]) * f];
        }
        d -= legs[i];
      }
      return loop[loop.length - 1];
    },
  };
}

/** One patrol's fixes, sorted by device time. */
export function simulatePatrol(o: SimOptions): SimPoint[] {
  const rand = prng(o.seed ?? 1);
  const between = ([a, b]: [number, number]) => a + (b - a) * rand();
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const [sMin, sMax] = o.speedMps ?? [1, 1.5];
  const interval = o.intervalS ?? [5, 10];
  const noise = o.noiseM ?? 4;
  const accuracy = o.accuracyM ?? [5, 15];
  const path = lawnMowerPath(o.polygon, o.rowSpacingM ?? 40);
  const walk = walker(
    path.length >= 2
      ? path
      : [
          [o.polygon[0][0], o.polygon[0][1]],
          [o.polygon[1][0], o.polygon[1][1]],
        ],
  );
  const minLat = Math.min(...o.polygon.map((p) => p[1]));
  const endT = o.start.getTime() + o.minutes * 60_000;
  const out: SimPoint[] = [];
  let t = o.start.getTime();
  let dist = (o.startAt ?? 0) * walk.total;
  let speed = between([sMin, sMax]);
  const leave = o.leave
    ? { from: t + o.leave.afterMinutes * 60_000, stay: o.leave.minutes * 60_000, away: o.leave.distanceM ?? 200 }
    : null;
  let detour: { start: number; origin: [number, number]; target: [number, number]; walkMs: number } | null = null;
  let jumped = false;
  while (t <= endT) {
    let pos = walk.at(dist);
    if (leave && t >= leave.from && !detour) {
      const target: [number, number] = [pos[0], minLat - leave.away / M_PER_DEG_LAT];
      detour = { start: t, origin: pos, target, walkMs: (metres(pos, target) / speed) * 1000 };
    }
    if (detour) {
      const e = t - detour.start;
      const total = 2 * detour.walkMs + leave!.stay;
      if (e < total) {
        const f =
          e < detour.walkMs
            ? e / detour.walkMs
            : e < detour.walkMs + leave!.stay
              ? 1
              : 1 - (e - detour.walkMs - leave!.stay) / detour.walkMs;
        pos = [detour.origin[0] + (detour.target[0] - detour.origin[0]) * f, detour.origin[1] + (detour.target[1] - detour.origin[1]) * f];
      }
    }
    const mLng = M_PER_DEG_LAT * Math.cos((pos[1] * Math.PI) / 180);
    let lng = pos[0] + (gauss() * noise) / mLng;
    let lat = pos[1] + (gauss() * noise) / M_PER_DEG_LAT;
    if (o.jump && !jumped && t >= o.start.getTime() + o.jump.afterMinutes * 60_000) {
      jumped = true;
      lng += o.jump.distanceM / mLng;
      lat += (o.jump.distanceM * 0.5) / M_PER_DEG_LAT;
    }
    out.push({ t, lat: round7(lat), lng: round7(lng), accuracy: Math.round(between(accuracy as [number, number]) * 10) / 10 });
    const dt = between(interval as [number, number]);
    t += Math.round(dt * 1000);
    const inDetour = detour && t - detour.start < 2 * detour.walkMs + leave!.stay;
    if (!inDetour) dist += speed * dt;
    if (rand() < 0.05) speed = between([sMin, sMax]);
  }
  return out;
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

export interface WirePoint {
  t: string;
  lat: number;
  lng: number;
  accuracy?: number;
}

export function toWire(p: SimPoint): WirePoint {
  return { t: new Date(p.t).toISOString(), lat: p.lat, lng: p.lng, accuracy: p.accuracy };
}

/**
 * The uploads a phone would make: batches of `size`; after every `resendEvery`-th batch the
 * next one starts by repeating the last `resend` points (a reconnect), and the batches listed in
 * `late` are held back and sent at the end (an offline stretch uploaded later).
 */
export function toUploads(
  points: readonly SimPoint[],
  o: { size?: number; resendEvery?: number; resend?: number; late?: number[] } = {},
): WirePoint[][] {
  const size = o.size ?? 100;
  const batches: WirePoint[][] = [];
  for (let i = 0; i < points.length; i += size) {
    const batch = points.slice(i, i + size).map(toWire);
    const n = batches.length;
    if (o.resendEvery && o.resend && n > 0 && n % o.resendEvery === 0)
      batch.unshift(...points.slice(Math.max(0, i - o.resend), i).map(toWire));
    batches.push(batch);
  }
  const late = new Set(o.late ?? []);
  return [...batches.filter((_, i) => !late.has(i)), ...batches.filter((_, i) => late.has(i))];
}

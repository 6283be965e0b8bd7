import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PATROL_RULES } from './config.js';
import { analyzeTrack, FLAG, flagNames, staticFlags, walkTrack, type PointIn } from './plausibility.js';
import { at } from './test-tracks.js';

const R = DEFAULT_PATROL_RULES.plausibility;
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0); // 09:00 city time
const span = { startedAt: T0, finishedAt: null };
const pt = (s: number, x: number, y: number, over: Partial<PointIn> = {}): PointIn => ({
  t: T0 + s * 1000,
  ...at(x, y),
  accuracy: 8,
  receivedAt: T0 + 3600_000,
  ...over,
});

describe('plausibility of single points', () => {
  it('flags accuracy worse than 50 m, not 50 m itself', () => {
    expect(staticFlags(pt(0, 0, 0, { accuracy: 50 }), span, R)).toBe(0);
    expect(flagNames(staticFlags(pt(0, 0, 0, { accuracy: 50.5 }), span, R))).toEqual(['accuracy']);
    expect(staticFlags(pt(0, 0, 0, { accuracy: null }), span, R)).toBe(0);
  });

  it('flags device times more than 2 minutes after receipt', () => {
    const recv = T0 + 600_000;
    expect(staticFlags(pt(600 + 120, 0, 0, { receivedAt: recv }), span, R)).toBe(0);
    expect(flagNames(staticFlags(pt(600 + 121, 0, 0, { receivedAt: recv }), span, R))).toEqual(['future']);
  });

  it('flags coordinates outside China (swapped lat/lng, 0/0)', () => {
    expect(flagNames(staticFlags({ ...pt(0, 0, 0), lat: 113.8, lng: 34 } as PointIn, span, R))).toContain('outside');
    expect(flagNames(staticFlags({ ...pt(0, 0, 0), lat: 0, lng: 0 }, span, R))).toEqual(['outside']);
  });

  it('flags device times outside the patrol span, with 2 minutes of tolerance', () => {
    const closed = { startedAt: T0, finishedAt: T0 + 3600_000 };
    expect(staticFlags(pt(-120, 0, 0), closed, R)).toBe(0);
    expect(staticFlags(pt(-121, 0, 0), closed, R)).toBe(FLAG.span);
    const late = { receivedAt: T0 + 7200_000 };
    expect(staticFlags(pt(3600 + 120, 0, 0, late), closed, R)).toBe(0);
    expect(staticFlags(pt(3600 + 121, 0, 0, late), closed, R)).toBe(FLAG.span);
  });
});

describe('plausibility along a track', () => {
  it('flags a GPS jump and continues from the last good point', () => {
    const pts = [pt(0, 0, 0), pt(10, 12, 0), pt(20, 1500, 800), pt(30, 24, 0), pt(40, 36, 0)];
    const res = analyzeTrack(pts, span, R);
    expect(res.flags.map(flagNames)).toEqual([[], [], ['speed'], [], []]);
    expect(res.distanceM).toBeCloseTo(36, 0);
    expect(res.anchor?.t).toBe(pts[4].t);
  });

  it('accepts 20 m/s plus the noise slack, refuses a little more', () => {
    expect(analyzeTrack([pt(0, 0, 0), pt(10, 209, 0)], span, R).flags).toEqual([0, 0]);
    expect(analyzeTrack([pt(0, 0, 0), pt(10, 212, 0)], span, R).flags).toEqual([0, FLAG.speed]);
  });

  it('measures the speed from plausible points only', () => {
    // the second point is flagged for accuracy; the third is judged against the first
    const pts = [pt(0, 0, 0), pt(10, 2000, 0, { accuracy: 80 }), pt(20, 30, 0)];
    const res = analyzeTrack(pts, span, R);
    expect(res.flags).toEqual([0, FLAG.accuracy, 0]);
    expect(res.distanceM).toBeCloseTo(30, 0);
  });

  it('gives the same flags and distance batch by batch as for the whole track at once', () => {
    const pts = Array.from({ length: 60 }, (_, i) =>
      pt(i * 7, i * 9 + (i === 25 ? 3000 : 0), (i % 5) * 3, { accuracy: i === 40 ? 70 : 8 }),
    );
    const whole = analyzeTrack(pts, span, R);
    let anchor = null;
    let distance = 0;
    const flags: number[] = [];
    for (let i = 0; i < pts.length; i += 13) {
      const batch = pts.slice(i, i + 13).map((p) => ({ ...p, flags: staticFlags(p, span, R) }));
      const res = walkTrack(batch, anchor, R);
      anchor = res.anchor;
      distance += res.distanceM;
      flags.push(...res.flags);
    }
    expect(flags).toEqual(whole.flags);
    expect(distance).toBeCloseTo(whole.distanceM, 6);
    expect(whole.flags.filter((f) => f).length).toBe(2);
  });
});

import { describe, expect, it } from '@jest/globals';
import { distanceMeters } from '../geo/coords.js';
import { pointInRing } from './rules/coverage.js';
import { SQUARE } from './rules/test-tracks.js';
import { simulatePatrol, toUploads } from './simulator.js';

const start = new Date(Date.UTC(2026, 10, 23, 0, 30));

describe('patrol simulator', () => {
  it('walks at 1–1.5 m/s inside the grid, one fix every 5–10 s, deterministically', () => {
    const pts = simulatePatrol({ polygon: SQUARE, start, minutes: 60, seed: 3 });
    expect(simulatePatrol({ polygon: SQUARE, start, minutes: 60, seed: 3 })).toEqual(pts);
    const gaps = pts.slice(1).map((p, i) => (p.t - pts[i].t) / 1000);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10);
    expect(pts.length).toBeGreaterThan(60 * 6);
    const metres = pts.slice(1).reduce((s, p, i) => s + distanceMeters([pts[i].lng, pts[i].lat], [p.lng, p.lat]), 0);
    const speed = metres / ((pts.at(-1)!.t - pts[0].t) / 1000);
    expect(speed).toBeGreaterThan(0.9);
    expect(speed).toBeLessThan(2); // noise adds a little
    expect(pts.filter((p) => !pointInRing(p.lng, p.lat, SQUARE)).length).toBeLessThan(pts.length * 0.02);
  });

  it('throws one fix far off on a GPS jump, and walks out and back when leaving', () => {
    const jump = simulatePatrol({ polygon: SQUARE, start, minutes: 30, seed: 4, jump: { afterMinutes: 10, distanceM: 2000 } });
    const far = jump.filter((p, i) => i > 0 && distanceMeters([jump[i - 1].lng, jump[i - 1].lat], [p.lng, p.lat]) > 1000);
    expect(far.length).toBe(2); // there and back
    const leave = simulatePatrol({
      polygon: SQUARE,
      start,
      minutes: 60,
      seed: 5,
      leave: { afterMinutes: 20, minutes: 15, distanceM: 300 },
    });
    const outside = leave.filter((p) => !pointInRing(p.lng, p.lat, SQUARE));
    expect(outside.length).toBeGreaterThan(90);
    expect(pointInRing(leave.at(-1)!.lng, leave.at(-1)!.lat, SQUARE)).toBe(true);
  });

  it('plans uploads with resends after reconnects and late batches', () => {
    const pts = simulatePatrol({ polygon: SQUARE, start, minutes: 60, seed: 6 });
    const uploads = toUploads(pts, { size: 100, resendEvery: 2, resend: 10, late: [1] });
    const sent = uploads.flat().map((p) => p.t);
    expect(new Set(sent).size).toBe(pts.length);
    expect(sent.length).toBeGreaterThan(pts.length);
    expect(uploads.at(-1)![0].t).toBe(new Date(pts[100].t).toISOString());
  });
});

import { addDistance, distanceM, niceScale, project, segment, shouldKeep, thin } from './track';

describe('patrol track geometry', () => {
  it('measures metres between two fixes', () => {
    // 0.001° of latitude ≈ 111 m.
    expect(distanceM({ lat: 34.029, lng: 113.822 }, { lat: 34.03, lng: 113.822 })).toBeCloseTo(111.2, 0);
  });

  it('keeps the first fix, then every 5 s, sooner after 15 m', () => {
    const a = { t: 0, lat: 34.029, lng: 113.822, accuracy: 5 };
    expect(shouldKeep(null, a)).toBe(true);
    expect(shouldKeep(a, { ...a, t: 2000 })).toBe(false);
    expect(shouldKeep(a, { ...a, t: 5000 })).toBe(true);
    expect(shouldKeep(a, { ...a, t: 2000, lat: 34.0292 })).toBe(true);
    expect(shouldKeep(a, { ...a, t: 500, lat: 34.0292 })).toBe(false);
    expect(shouldKeep(a, { ...a, t: 9000, lat: NaN })).toBe(false);
  });

  it('adds no distance for an imprecise fix or a jump', () => {
    const a = { t: 0, lat: 34.029, lng: 113.822, accuracy: 5 };
    expect(addDistance(a, { ...a, t: 10_000, lat: 34.0291, accuracy: 80 })).toEqual({ addM: 0, anchor: a });
    expect(addDistance(a, { ...a, t: 10_000, lat: 34.04 }).addM).toBe(0);
    expect(addDistance(a, { ...a, t: 10_000, lat: 34.0291 }).addM).toBeCloseTo(11.1, 0);
  });

  it('projects a track into a square box, north up, with a scale', () => {
    const p = project([
      { lat: 34.029, lng: 113.822 },
      { lat: 34.031, lng: 113.822 },
    ])!;
    expect(p.track[0].y).toBeGreaterThan(p.track[1].y);
    expect(p.track[0].x).toBeCloseTo(50, 5);
    expect(p.scaleM).toBeGreaterThan(0);
    expect(project([])).toBeNull();
    expect(niceScale(73)).toBe(50);
    expect(niceScale(230)).toBe(200);
    expect(segment({ x: 0, y: 0 }, { x: 0, y: 10 })).toEqual({ left: 0, top: 0, length: 10, angleDeg: 90 });
    expect(thin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual([1, 4, 7, 10]);
  });
});

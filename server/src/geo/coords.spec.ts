import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { distanceMeters, gcj02ToWgs84, isInChina, wgs84ToGcj02, type LngLat } from './coords.js';

describe('WGS84 ↔ GCJ-02', () => {
  // Published vectors of wandergis/coordtransform (test/app.js), the reference most Chinese
  // implementations test against: input (116.404, 39.915), Beijing.
  it('matches the published WGS84 → GCJ-02 vector within 1 m', () => {
    const out = wgs84ToGcj02([116.404, 39.915]);
    expect(distanceMeters(out, [116.41024449916938, 39.91640428150164])).toBeLessThan(1);
  });
  it('matches the published GCJ-02 → WGS84 vector within 1 m', () => {
    const out = gcj02ToWgs84([116.404, 39.915]);
    expect(distanceMeters(out, [116.39775550083061, 39.91359571849836])).toBeLessThan(1);
  });
  it('shifts Tiananmen by the known GCJ offset (about 540 m east, 155 m north)', () => {
    const wgs: LngLat = [116.3912757, 39.906217];
    const gcj = wgs84ToGcj02(wgs);
    expect(gcj[0]).toBeCloseTo(116.397517, 5);
    expect(gcj[1]).toBeCloseTo(39.907618, 5);
    expect(distanceMeters(gcj, wgs)).toBeGreaterThan(500);
    expect(distanceMeters(gcj02ToWgs84(gcj), wgs)).toBeLessThan(0.5);
  });
  it('moves Xuchang points by a few hundred metres, not zero and not kilometres', () => {
    const wgs: LngLat = [113.85, 34.02];
    const d = distanceMeters(wgs84ToGcj02(wgs), wgs);
    expect(d).toBeGreaterThan(200);
    expect(d).toBeLessThan(1000);
  });
  it('round-trips around Xuchang with under 0.5 m error', () => {
    fc.assert(
      fc.property(fc.double({ min: 113.6, max: 114.1, noNaN: true }), fc.double({ min: 33.8, max: 34.3, noNaN: true }), (lng, lat) => {
        const p: LngLat = [lng, lat];
        expect(distanceMeters(gcj02ToWgs84(wgs84ToGcj02(p)), p)).toBeLessThan(0.5);
        expect(distanceMeters(wgs84ToGcj02(gcj02ToWgs84(p)), p)).toBeLessThan(0.5);
      }),
    );
  });
  it('leaves points outside China unchanged and does not mutate its input', () => {
    const paris: LngLat = [2.3522, 48.8566];
    expect(wgs84ToGcj02(paris)).toEqual(paris);
    const p: LngLat = [113.85, 34.02];
    gcj02ToWgs84(p);
    expect(p).toEqual([113.85, 34.02]);
  });
});

describe('isInChina', () => {
  it.each([
    [34.02, 113.85, true, 'Xuchang'],
    [39.9, 116.4, true, 'Beijing'],
    [18.25, 109.5, true, 'Sanya'],
    [47.7, 128.9, true, 'Heilongjiang'],
    [113.85, 34.02, false, 'lat and lng swapped'],
    [0, 0, false, 'null island'],
    [48.8566, 2.3522, false, 'Paris'],
    [-33.87, 151.21, false, 'Sydney'],
    [Number.NaN, 113.85, false, 'NaN'],
  ])('(%s, %s) → %s (%s)', (lat, lng, expected) => {
    expect(isInChina(lat, lng)).toBe(expected);
  });
});

describe('distanceMeters', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMeters([113.85, 34.02], [113.85, 34.02])).toBe(0);
    expect(distanceMeters([113.85, 34.02], [113.9, 34.1])).toBeCloseTo(distanceMeters([113.9, 34.1], [113.85, 34.02]), 6);
  });
  it('measures one degree of latitude as about 111.2 km', () => {
    expect(distanceMeters([113.85, 34], [113.85, 35])).toBeCloseTo(111_195, -1);
  });
  it('shrinks a degree of longitude with cos(latitude)', () => {
    expect(distanceMeters([113, 34], [114, 34]) / 111_195).toBeCloseTo(Math.cos((34 * Math.PI) / 180), 3);
  });
  it('measures Beijing–Shanghai as about 1068 km', () => {
    // Tiananmen to the Bund, great-circle distance.
    expect(distanceMeters([116.3975, 39.9087], [121.4903, 31.2397]) / 1000).toBeCloseTo(1067, -1);
  });
});

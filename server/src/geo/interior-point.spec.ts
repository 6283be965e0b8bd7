import { describe, expect, it } from '@jest/globals';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { divisionPoint, interiorPoint, ringCentroid, type LngLat } from './interior-point.js';

const strictlyInside = (p: LngLat, ring: LngLat[]) =>
  booleanPointInPolygon(p, { type: 'Polygon', coordinates: [ring] }, { ignoreBoundary: true });

// A U open to the north: its centre of area lies in the gap, outside the shape.
const U: LngLat[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
  [0, 0],
];
// 魏武街道七里店社区第1网格 (seed grid 411091001001001): a stepped outline on the 0.0025° lattice.
const GRID: LngLat[] = [
  [113.855, 33.978],
  [113.8575, 33.978],
  [113.8575, 33.98],
  [113.86, 33.98],
  [113.86, 33.982],
  [113.8625, 33.982],
  [113.8625, 33.988],
  [113.86, 33.988],
  [113.86, 33.99],
  [113.8525, 33.99],
  [113.8525, 33.988],
  [113.85, 33.988],
  [113.85, 33.984],
  [113.8525, 33.984],
  [113.8525, 33.98],
  [113.855, 33.98],
  [113.855, 33.978],
];
const square = (x: number, y: number, s: number): LngLat[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('interiorPoint', () => {
  it('computes the centre of area of a square by hand', () => {
    expect(ringCentroid(square(0, 0, 2))).toEqual({ area: 4, x: 1, y: 1 });
  });

  it('finds a point strictly inside where the centre of area is outside (a U)', () => {
    const c = ringCentroid(U);
    expect(strictlyInside([c.x, c.y], U)).toBe(false);
    const p = interiorPoint(U);
    expect(strictlyInside(p, U)).toBe(true);
  });

  it('places a point strictly inside a real grid outline, off every edge', () => {
    const p = interiorPoint(GRID);
    expect(strictlyInside(p, GRID)).toBe(true);
    // The widest run of this outline is 0.0125° wide (113.85 → 113.8625, between 33.984 and 33.988).
    expect(p[0]).toBeCloseTo(113.85625, 6);
    expect(p[1]).toBeGreaterThan(33.984);
    expect(p[1]).toBeLessThan(33.988);
  });
});

describe('divisionPoint', () => {
  it('takes the inside point of the grid nearest the division centre', () => {
    // Three unit squares in a row: the middle one holds the centre.
    const rings = [square(0, 0, 1), square(1, 0, 1), square(2, 0, 1)];
    const p = divisionPoint(rings)!;
    expect(strictlyInside(p, rings[1])).toBe(true);
  });

  it('is null for a division without grids', () => {
    expect(divisionPoint([])).toBeNull();
  });
});

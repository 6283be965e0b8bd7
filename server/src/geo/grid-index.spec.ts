import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { GridIndex, ringsOverlap, validateRing, type Ring } from './grid-index.js';

/** Axis-aligned rectangle as a closed counter-clockwise ring. */
const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('GridIndex', () => {
  // A 10 × 10 board of 0.01° squares near Xuchang, codes 000…099.
  const cells = Array.from({ length: 100 }, (_, n) => {
    const x = 113.8 + (n % 10) * 0.01;
    const y = 34.0 + Math.floor(n / 10) * 0.01;
    return { code: String(n).padStart(3, '0'), polygon: rect(x, y, x + 0.01, y + 0.01) };
  });

  it('finds the grid containing a point', () => {
    const index = new GridIndex(cells);
    expect(index.locate(113.835, 34.005)).toBe('003');
    expect(index.locate(113.805, 34.095)).toBe('090');
  });

  it('answers null outside every grid', () => {
    const index = new GridIndex(cells);
    expect(index.locate(113.7, 34.05)).toBeNull();
    expect(index.locate(Number.NaN, 34.05)).toBeNull();
    expect(new GridIndex([]).locate(113.8, 34)).toBeNull();
  });

  it('tests only the grids whose bounding box holds the point, not all of them', () => {
    const index = new GridIndex(cells);
    index.locate(113.855, 34.055);
    expect(index.polygonTests).toBe(1);
    index.locate(113.7, 34.05); // outside every box: no test at all
    expect(index.polygonTests).toBe(1);
    index.locate(113.83, 34.03); // a corner shared by four squares
    expect(index.polygonTests).toBe(5);
  });

  it('tests the polygon, not just its box', () => {
    // An L-shaped grid whose box also covers its notch.
    const l: Ring = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    const index = new GridIndex([
      { code: 'L', polygon: l },
      { code: 'N', polygon: rect(1, 1, 2, 2) },
    ]);
    expect(index.locate(1.5, 1.5)).toBe('N');
    expect(index.locate(0.5, 1.5)).toBe('L');
  });

  it('gives a point on a shared edge to exactly one grid, the smaller code', () => {
    const index = new GridIndex(cells);
    expect(index.locateAll(113.81, 34.005)).toEqual(['000', '001']);
    expect(index.locate(113.81, 34.005)).toBe('000');
  });

  it('locates every random point of the board in exactly one grid', () => {
    const index = new GridIndex(cells);
    fc.assert(
      fc.property(fc.double({ min: 113.8, max: 113.9, noNaN: true }), fc.double({ min: 34.0, max: 34.1, noNaN: true }), (lng, lat) => {
        const code = index.locate(lng, lat);
        expect(code).not.toBeNull();
        const n = Number(code);
        expect(113.8 + (n % 10) * 0.01 - 1e-9 <= lng && lng <= 113.8 + (n % 10) * 0.01 + 0.01 + 1e-9).toBe(true);
      }),
    );
  });
});

describe('validateRing', () => {
  it('accepts a simple closed ring in either orientation', () => {
    expect(validateRing(rect(0, 0, 1, 1))).toBeNull();
    expect(validateRing([...rect(0, 0, 1, 1)].reverse())).toBeNull();
    expect(
      validateRing([
        [0, 0],
        [2, 0],
        [2, 1],
        [1, 1],
        [1, 2],
        [0, 2],
        [0, 0],
      ]),
    ).toBeNull();
  });

  it('refuses fewer than 4 points', () => {
    expect(
      validateRing([
        [0, 0],
        [1, 0],
        [0, 0],
      ]),
    ).toMatch(/至少需要 4 个点/);
    expect(validateRing([])).toMatch(/至少需要 4 个点/);
  });

  it('refuses a ring whose first point is not its last', () => {
    expect(
      validateRing([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ]),
    ).toMatch(/未闭合/);
  });

  it('refuses a bow-tie (crossing edges)', () => {
    expect(
      validateRing([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toMatch(/自相交/);
  });

  it('refuses a ring that touches itself at a vertex (figure eight)', () => {
    expect(
      validateRing([
        [0, 0],
        [1, 0],
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 2],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
    ).toMatch(/自相交/);
  });

  it('refuses a spike that doubles back along its own edge', () => {
    expect(
      validateRing([
        [0, 0],
        [2, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
    ).toMatch(/自相交/);
  });

  it('refuses repeated points, zero area and non-numbers', () => {
    expect(
      validateRing([
        [0, 0],
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toMatch(/重复/);
    expect(
      validateRing([
        [0, 0],
        [1, 0],
        [2, 0],
        [0, 0],
      ]),
    ).not.toBeNull();
    expect(
      validateRing([
        [0, 0],
        [1, Number.NaN],
        [1, 1],
        [0, 0],
      ]),
    ).toMatch(/有限数字/);
  });
});

describe('ringsOverlap', () => {
  const a = rect(0, 0, 2, 2);

  it('is false for disjoint rings', () => {
    expect(ringsOverlap(a, rect(3, 0, 4, 1))).toBe(false);
  });
  it('is false for rings sharing a whole edge', () => {
    expect(ringsOverlap(a, rect(2, 0, 4, 2))).toBe(false);
  });
  it('is false for rings sharing part of an edge (T-junction)', () => {
    expect(ringsOverlap(a, rect(2, 1, 3, 3))).toBe(false);
    expect(ringsOverlap(a, rect(2, 0.5, 3, 1.5))).toBe(false);
  });
  it('is false for rings touching at one corner', () => {
    expect(ringsOverlap(a, rect(2, 2, 3, 3))).toBe(false);
  });
  it('is true for partially overlapping rings', () => {
    expect(ringsOverlap(a, rect(1, 1, 3, 3))).toBe(true);
  });
  it('is true when one ring lies inside the other, touching or not', () => {
    expect(ringsOverlap(a, rect(0.5, 0.5, 1, 1))).toBe(true);
    expect(ringsOverlap(rect(0.5, 0.5, 1, 1), a)).toBe(true);
    expect(ringsOverlap(a, rect(0, 0, 1, 1))).toBe(true);
  });
  it('is true for identical rings, even written from another start point', () => {
    expect(ringsOverlap(a, a)).toBe(true);
    expect(
      ringsOverlap(a, [
        [2, 2],
        [0, 2],
        [0, 0],
        [2, 0],
        [2, 2],
      ]),
    ).toBe(true);
  });
  it('is true for a cross shape with no vertex inside the other ring', () => {
    expect(ringsOverlap(rect(0, 1, 3, 2), rect(1, 0, 2, 3))).toBe(true);
  });
  it('is false for an L and the square filling its notch', () => {
    const l: Ring = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    expect(ringsOverlap(l, rect(1, 1, 2, 2))).toBe(false);
    expect(ringsOverlap(l, rect(0.5, 1, 2, 2))).toBe(true);
  });
  it('agrees with sampling for random rectangles', () => {
    const r = fc.tuple(
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
    );
    fc.assert(
      fc.property(r, r, ([x, y, w, h], [u, v, p, q]) => {
        const expected = Math.min(x + w, u + p) > Math.max(x, u) && Math.min(y + h, v + q) > Math.max(y, v);
        expect(ringsOverlap(rect(x, y, x + w, y + h), rect(u, v, u + p, v + q))).toBe(expected);
      }),
    );
  });
});

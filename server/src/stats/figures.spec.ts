import { describe, expect, it } from '@jest/globals';
import { reportedBySource, monthlyFigures, rate } from './figures.js';

const zero = { reported: 0, registered: 0, due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0, ratingSum: 0, ratingCount: 0 };

describe('monthly figures', () => {
  it('matches published figures: Tianmen 911 / 972 = 93.72 %, 737 / 972 = 75.82 %', () => {
    const f = monthlyFigures('2023-02', { ...zero, registered: 972, due: 972, closed: 911, closedOnTime: 737 });
    expect(f.closureRate).toBe(0.9372);
    expect(f.onTimeRate).toBe(0.7582);
  });

  it('matches Xuchang 2022-01: 应结案 14,577 with 结案率 85.19 %', () => {
    expect(rate(12418, 14577)).toBe(0.8519);
  });

  it('says "no data" for a zero denominator, never 0 % or 100 %', () => {
    const f = monthlyFigures('2026-11', zero);
    expect(f.closureRate).toBeNull();
    expect(f.onTimeRate).toBeNull();
    expect(f.reworkRate).toBeNull();
    expect(f.satisfaction).toBeNull();
  });

  it('measures rework against closed cases and averages ratings', () => {
    const f = monthlyFigures('2026-11', { ...zero, due: 10, closed: 8, reworked: 2, ratingSum: 23, ratingCount: 5 });
    expect(f.reworkRate).toBe(0.25);
    expect(f.satisfaction).toEqual({ mean: 4.6, count: 5 });
  });
});

describe('reports by source', () => {
  it('counts channels, and each Open311 integrator apart, busiest first', () => {
    const names = new Map([
      ['k1', 'FixMyStreet 许昌'],
      ['k2', '12345 热线'],
    ]);
    expect(
      reportedBySource(
        [
          { channel: 'citizen', keyId: null, n: 40 },
          { channel: 'patrol', keyId: null, n: 7 },
          { channel: 'open311', keyId: 'k1', n: 3 },
          { channel: 'open311', keyId: 'k2', n: 5 },
        ],
        names,
      ),
    ).toEqual({
      citizen: 40,
      patrol: 7,
      open311: 8,
      integrators: [
        { id: 'k2', name: '12345 热线', reported: 5 },
        { id: 'k1', name: 'FixMyStreet 许昌', reported: 3 },
      ],
    });
    expect(reportedBySource([], names)).toEqual({ citizen: 0, patrol: 0, open311: 0, integrators: [] });
  });
});

import { describe, expect, it } from '@jest/globals';
import { nearestFirst } from './nearby.js';

const at = (iso: string) => new Date(iso);

describe('nearestFirst', () => {
  it('orders by distance, nearest first', () => {
    const rows = [
      { id: 'far', reportedAt: at('2026-11-30T08:00:00Z') },
      { id: 'near', reportedAt: at('2026-09-01T08:00:00Z') },
    ];
    const d = new Map([
      ['far', 1200.4],
      ['near', 35.2],
    ]);
    expect(nearestFirst(rows, d).map((r) => r.id)).toEqual(['near', 'far']);
  });

  it('puts the newest first among cases at the same spot (to the metre)', () => {
    const rows = [
      { id: 'a', reportedAt: at('2026-08-30T09:43:00Z') },
      { id: 'b', reportedAt: at('2026-11-29T10:00:00Z') },
      { id: 'c', reportedAt: at('2026-09-15T07:42:00Z') },
      { id: 'd', reportedAt: at('2026-11-01T00:00:00Z') },
    ];
    // a, b and c lie 1 m away (1.2, 0.9 and 1.4 all round to 1); d 2 m away.
    const d = new Map([
      ['a', 1.2],
      ['b', 0.9],
      ['c', 1.4],
      ['d', 2.1],
    ]);
    expect(nearestFirst(rows, d).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('does not change its input', () => {
    const rows = [
      { id: 'x', reportedAt: at('2026-01-01T00:00:00Z') },
      { id: 'y', reportedAt: at('2026-02-01T00:00:00Z') },
    ];
    nearestFirst(
      rows,
      new Map([
        ['x', 5],
        ['y', 5],
      ]),
    );
    expect(rows.map((r) => r.id)).toEqual(['x', 'y']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { formatScore } from '@xc/shared';
import { gradeOf, GRADES_2023, rankByScore } from './ranking.js';

describe('grades and ranks', () => {
  it('grades by the 2023 thresholds, boundaries upward', () => {
    expect([95, 94.99, 90, 89.99, 80, 79.99].map((s) => gradeOf(s, GRADES_2023))).toEqual([
      '优秀',
      '良好',
      '良好',
      '合格',
      '合格',
      '不合格',
    ]);
  });
  it('prints scores without trailing zeros', () => {
    expect([100, 89.6, 85.66, 99.0, 70.1049].map(formatScore)).toEqual(['100', '89.6', '85.66', '99', '70.1']);
  });
  it('places by distinct score as the bulletin counts them: equal scores share a place, the next score the next place', () => {
    const ranked = rankByScore([
      { name: 'a', score: 90, order: 1 },
      { name: 'b', score: 95, order: 2 },
      { name: 'c', score: 90, order: 3 },
      { name: 'd', score: 80, order: 4 },
    ]);
    expect(ranked.map((r) => [r.item.name, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 3],
    ]);
  });
});

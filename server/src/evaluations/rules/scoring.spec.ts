import { describe, expect, it } from '@jest/globals';
import { GRADES_2023 } from './ranking.js';
import { defaultSchemes, scoreUnit, validateScheme } from './scoring.js';

const [county, central, city, street] = defaultSchemes('2023-01', GRADES_2023);
const facts = { due: 100, closed: 90, closedOnTime: 80, overdue: 4, reworked: 9, patrolCompliance: 0.8 };

describe('scoring', () => {
  it('ships valid default schemes, with and without patrols', () => {
    for (const s of [county, central, city, street]) expect(validateScheme(s.items)).toEqual([]);
    expect(street.items.map((i) => i.metric)).toContain('patrolCompliance');
    expect(city.items.map((i) => i.metric)).not.toContain('patrolCompliance');
  });

  it('explains a validation failure', () => {
    expect(validateScheme([{ code: 'a', name: '结案率', metric: 'closureRate', weight: 50 }])).toEqual([
      '加分项合计须为 100 分，现为 50 分',
    ]);
  });

  it('scores a street office item by item', () => {
    const s = scoreUnit(street, facts, []);
    // 35×0.9 + 30×0.8 + 10×(1−0.1) + 25×0.8 − 4×0.5 = 31.5 + 24 + 9 + 20 − 2 = 82.5
    expect(s.items.map((i) => [i.code, i.points])).toEqual([
      ['closure', 31.5],
      ['on_time', 24],
      ['rework', 9],
      ['patrol', 20],
      ['overdue', -2],
    ]);
    expect(s.score).toBe(82.5);
  });

  it('scores a city bureau without patrols', () => {
    // 45×0.9 + 40×0.8 + 15×0.9 − 2 = 40.5 + 32 + 13.5 − 2 = 84
    expect(scoreUnit(city, facts, []).score).toBe(84);
  });

  it('applies manual items with their reasons, and keeps the score within 0–100', () => {
    const s = scoreUnit(city, facts, [
      { id: 'a1', item: '明察暗访', points: -3.5, reason: '暗访发现主干道暴露垃圾' },
      { id: 'a2', item: '专项整治', points: 1, reason: '春季园林专项整治成效突出' },
    ]);
    expect(s.score).toBe(81.5);
    expect(s.items.at(-2)).toMatchObject({ kind: 'manual', name: '明察暗访', points: -3.5, note: '暗访发现主干道暴露垃圾' });
    expect(
      scoreUnit(city, { ...facts, due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0 }, [
        { id: 'b', item: '专项整治', points: 5, reason: 'x' },
      ]).score,
    ).toBe(100);
    expect(
      scoreUnit(city, { ...facts, closed: 0, closedOnTime: 0, overdue: 100 }, [{ id: 'c', item: '明察暗访', points: -80, reason: 'x' }])
        .score,
    ).toBe(0);
  });

  it('gives full points with a note when there is nothing to measure', () => {
    const s = scoreUnit(street, { due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0, patrolCompliance: null }, []);
    expect(s.score).toBe(100);
    expect(s.items.find((i) => i.code === 'patrol')!.note).toBe('本月无网格巡查任务，按满分计');
    expect(s.items.find((i) => i.code === 'closure')!.note).toBe('本月无应结案件，按满分计');
  });

  it('caps the overdue deduction at its weight', () => {
    expect(scoreUnit(city, { ...facts, overdue: 100 }, []).items.find((i) => i.code === 'overdue')!.points).toBe(-10);
  });
});

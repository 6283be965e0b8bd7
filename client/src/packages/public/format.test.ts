import { basisText, formatScore, pointsText, rowMarks } from './format';
import { buildUnitScore, unit } from './testing/fixtures';

describe('public format helpers', () => {
  it('prints scores without trailing zeros', () => {
    expect(formatScore(100)).toBe('100');
    expect(formatScore(89.6)).toBe('89.6');
    expect(formatScore(85.66)).toBe('85.66');
    expect(formatScore(null)).toBe('—');
  });

  it('marks the top and bottom three distinct scores, never a unit both ways', () => {
    const units = [
      unit('a', 100, 1),
      unit('b', 100, 1),
      unit('c', 90, 3),
      unit('d', 80, 4),
      unit('e', 70, 5),
      unit('f', 60, 6),
      unit('g', 50, 7),
      unit('h', 50, 7),
    ];
    const marks = rowMarks(units);
    expect(units.map((u) => marks.get(u.id))).toEqual([
      { kind: 'top', tier: 1 },
      { kind: 'top', tier: 1 },
      { kind: 'top', tier: 2 },
      { kind: 'top', tier: 3 },
      { kind: 'bottom' },
      { kind: 'bottom' },
      { kind: 'bottom' },
      { kind: 'bottom' },
    ]);
    const same = [unit('x', 100, 1), unit('y', 100, 1)];
    expect(same.map((u) => rowMarks(same).get(u.id))).toEqual([
      { kind: 'top', tier: 1 },
      { kind: 'top', tier: 1 },
    ]);
  });

  it('puts the basis of each item in words', () => {
    const [closure, , , patrol, overdue, manual] = buildUnitScore().items;
    expect(basisText(closure)).toBe('应结案 12 件，结案 10 件，结案率 83.33%');
    expect(basisText(patrol)).toBe('网格巡查达标率 80%（每周到岗不少于 3 个半天）');
    expect(basisText(overdue)).toBeNull();
    expect(basisText({ ...overdue, points: 0, basis: { overdue: 0, perCase: 0.5 }, note: null })).toBe('本月无超期案件，不扣分');
    expect(basisText(manual)).toBeNull();
    expect(pointsText(manual)).toBe('扣 2 分');
    expect(basisText({ ...closure, basis: { due: 0, closed: 0 }, note: '本月无应结案件，按满分计' })).toBeNull();
  });
});

import type { EvaluationGroupDto } from '@xc/shared';
import { TODO_STATUSES, countTodo, sortTodo, taskLine, todoLabel } from './todo';
import { findCategory, streetStem, suggestUnits } from './dispatch';
import { buildCaseSummary, buildCategories } from '../../../test/builders';

describe('sortTodo', () => {
  it('puts overdue first (longest overdue on top), then the nearest deadline, then the longest waiting', () => {
    const items = [
      buildCaseSummary({ id: 'none-new', deadline: null, reportedAt: '2026-11-27T05:00:00.000Z' }),
      buildCaseSummary({ id: 'due-later', deadline: '2026-11-29T00:00:00.000Z' }),
      buildCaseSummary({ id: 'late-1h', deadline: '2026-11-27T04:00:00.000Z', overdue: true }),
      buildCaseSummary({ id: 'none-old', deadline: null, reportedAt: '2026-11-20T05:00:00.000Z' }),
      buildCaseSummary({ id: 'late-2d', deadline: '2026-11-25T04:00:00.000Z', overdue: true }),
      buildCaseSummary({ id: 'due-soon', deadline: '2026-11-28T00:00:00.000Z' }),
    ];
    expect(sortTodo(items).map((i) => i.id)).toEqual(['late-2d', 'late-1h', 'due-soon', 'due-later', 'none-old', 'none-new']);
  });
});

describe('countTodo and labels', () => {
  it('counts by status and overdue', () => {
    const c = countTodo([
      buildCaseSummary({ status: 'reported' }),
      buildCaseSummary({ status: 'reported' }),
      buildCaseSummary({ status: 'handled', overdue: true }),
    ]);
    expect(c).toEqual({ total: 3, overdue: 1, byStatus: { reported: 2, handled: 1 }, truncated: false });
  });

  it('gives each role of the 工作台 the statuses it acts on (api.md, Cases)', () => {
    expect(TODO_STATUSES).toEqual({
      operator: ['reported', 'handled', 'checked'],
      dispatcher: ['registered', 'dispatched'],
      handler: ['dispatched'],
      inspector: ['verifying', 'checking'],
    });
  });

  it('names a status that is in none of the person’s to-dos by its status label', () => {
    expect(todoLabel('checking', ['operator'])).toBe('核查中');
    expect(todoLabel('closed', ['operator', 'dispatcher'])).toBe('已结案');
    expect(todoLabel('dispatched', ['dispatcher', 'handler'])).toBe('待处置');
  });

  it('names each state as the task it is for the role', () => {
    expect(todoLabel('reported', ['operator'])).toBe('待受理');
    expect(todoLabel('registered', ['dispatcher'])).toBe('待派遣');
    expect(todoLabel('dispatched', ['dispatcher'])).toBe('待审批申请');
    expect(todoLabel('dispatched', ['handler'])).toBe('待处置');
    expect(todoLabel('checking', ['inspector'])).toBe('待核查');
  });

  it('names what waits for a dispatcher on a dispatched case, and nothing waits when no request is open', () => {
    expect(todoLabel('dispatched', ['dispatcher'], 'extension')).toBe('待审批延期');
    expect(todoLabel('dispatched', ['dispatcher'], 'return')).toBe('待审批回退');
    expect(todoLabel('dispatched', ['dispatcher'], null)).toBe('处置单位处置中');
  });

  it('gives no task line that would repeat the status tag beside it', () => {
    expect(taskLine({ status: 'reported' }, ['operator'])).toBeNull(); // 待受理 / 待受理
    expect(taskLine({ status: 'registered' }, ['dispatcher'])).toBe('待派遣');
    expect(taskLine({ status: 'dispatched', openRequest: null }, ['dispatcher'])).toBe('处置单位处置中');
    expect(taskLine({ status: 'dispatched', openRequest: 'extension' }, ['dispatcher'])).toBe('待审批延期');
    expect(taskLine({ status: 'handled' }, ['operator'])).toBe('待派发核查');
    expect(taskLine({ status: 'closed' }, ['operator'])).toBeNull();
  });
});

describe('suggestUnits', () => {
  const groups: EvaluationGroupDto[] = [
    {
      code: 'central',
      name: '中心城区组',
      order: 2,
      units: [
        { id: 'c-jianan', name: '建安区' },
        { id: 'c-weidu', name: '魏都区' },
      ],
    },
    { code: 'city', name: '市直单位组', order: 3, units: [{ id: 'city-13', name: '市城管局' }] },
    {
      code: 'street',
      name: '乡（镇、街道）组',
      order: 4,
      units: [
        { id: 's-ng', name: '魏都区南关街道办事处' },
        { id: 's-xd', name: '魏都区西大街道办事处' },
        { id: 's-jgc', name: '建安区将官池镇人民政府' },
      ],
    },
    { code: 'county', name: '两市两县组', order: 1, units: [{ id: 'x-xc', name: '襄城县' }] },
  ];

  it('puts the street’s office, then the district, first; the rest by group in bulletin order', () => {
    const r = suggestUnits(groups, { street: { id: 's', name: '南关街道' }, district: { id: 'd', name: '魏都区' } });
    expect(r.suggested.map((u) => [u.name, u.why])).toEqual([
      ['魏都区南关街道办事处', '所在街道'],
      ['魏都区', '所在区县'],
    ]);
    expect(r.groups.map((g) => g.code)).toEqual(['county', 'central', 'city', 'street']);
    expect(r.groups.find((g) => g.code === 'central')!.units.map((u) => u.id)).toEqual(['c-jianan']);
    expect(r.groups.find((g) => g.code === 'street')!.units.map((u) => u.id)).toEqual(['s-xd', 's-jgc']);
  });

  it('matches 镇 and 乡 too, and suggests nothing for a case without a place', () => {
    expect(streetStem('将官池镇')).toBe('将官池');
    expect(streetStem('椹涧乡')).toBe('椹涧');
    expect(
      suggestUnits(groups, { street: { id: 's', name: '将官池镇' }, district: { id: 'd', name: '建安区' } }).suggested.map((u) => u.id),
    ).toEqual(['s-jgc', 'c-jianan']);
    expect(suggestUnits(groups, { street: null, district: null }).suggested).toEqual([]);
  });

  it('finds a category’s time limit in the tree', () => {
    expect(findCategory(buildCategories(), '200102')?.timeLimit).toEqual({ value: 2, unit: 'workhour' });
    expect(findCategory(buildCategories(), '999999')).toBeNull();
    expect(findCategory(buildCategories(), null)).toBeNull();
  });
});

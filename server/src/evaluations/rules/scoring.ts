import { roundScore, type GradeThresholds } from './ranking.js';

/**
 * The scoring scheme is data, versioned by month and group: items with weights, computed from
 * the unit's case figures and patrol compliance, plus manual items (明察暗访, 专项整治, 指导调度)
 * entered with a reason. This module turns a scheme and a unit's facts into a score and a
 * breakdown in which every point names what it came from.
 */

export type Metric = 'closureRate' | 'onTimeRate' | 'reworkRate' | 'overdue' | 'patrolCompliance';
export const MANUAL_ITEMS = ['明察暗访', '专项整治', '指导调度'] as const;
export type ManualItem = (typeof MANUAL_ITEMS)[number];

export interface SchemeItem {
  code: string;
  name: string;
  metric: Metric;
  /** Points at stake: rates earn weight × rate (rework: weight × (1 − rate)); overdue loses perCase per case, at most weight. */
  weight: number;
  perCase?: number;
}

export interface Scheme {
  groupCode: string;
  fromMonth: string;
  items: SchemeItem[];
  grades: GradeThresholds;
}

export interface UnitFacts {
  due: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  reworked: number;
  /** Share of the unit's inspectors meeting the weekly patrol rule over the month's weeks; null when the unit has none. */
  patrolCompliance: number | null;
}

export interface Adjustment {
  id: string;
  item: ManualItem;
  points: number;
  reason: string;
}

export interface BreakdownItem {
  code: string;
  name: string;
  kind: 'computed' | 'manual';
  weight: number | null;
  points: number;
  basis: Record<string, number | string | null>;
  note: string | null;
}

export interface UnitScore {
  score: number;
  items: BreakdownItem[];
}

const GRIDDED = [
  { code: 'closure', name: '结案率', metric: 'closureRate', weight: 35 },
  { code: 'on_time', name: '按期结案率', metric: 'onTimeRate', weight: 30 },
  { code: 'rework', name: '返工率', metric: 'reworkRate', weight: 10 },
  { code: 'patrol', name: '网格巡查履职', metric: 'patrolCompliance', weight: 25 },
  { code: 'overdue', name: '超期案件', metric: 'overdue', weight: 10, perCase: 0.5 },
] satisfies SchemeItem[];

const WITHOUT_GRIDS = [
  { code: 'closure', name: '结案率', metric: 'closureRate', weight: 45 },
  { code: 'on_time', name: '按期结案率', metric: 'onTimeRate', weight: 40 },
  { code: 'rework', name: '返工率', metric: 'reworkRate', weight: 15 },
  { code: 'overdue', name: '超期案件', metric: 'overdue', weight: 10, perCase: 0.5 },
] satisfies SchemeItem[];

/**
 * The default scheme (README, 考评方案): groups whose units have grids weigh patrols; 市直 units and
 * the counties, which have none here, weigh case handling only. Overdue cases cost points on top.
 */
export function defaultSchemes(fromMonth: string, grades: GradeThresholds): Scheme[] {
  return [
    { groupCode: 'county', fromMonth, items: WITHOUT_GRIDS, grades },
    { groupCode: 'central', fromMonth, items: GRIDDED, grades },
    { groupCode: 'city', fromMonth, items: WITHOUT_GRIDS, grades },
    { groupCode: 'street', fromMonth, items: GRIDDED, grades },
  ];
}

/** Problems with a scheme, in Chinese (empty when valid): positive items must add up to 100. */
export function validateScheme(items: SchemeItem[]): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const i of items) {
    if (codes.has(i.code)) problems.push(`考评项 ${i.code} 重复`);
    codes.add(i.code);
    if (!(i.weight > 0)) problems.push(`考评项 ${i.name} 的分值须大于 0`);
    if (i.metric === 'overdue' && !(i.perCase && i.perCase > 0)) problems.push(`考评项 ${i.name} 须设置每件扣分`);
  }
  const total = items.filter((i) => i.metric !== 'overdue').reduce((s, i) => s + i.weight, 0);
  if (Math.abs(total - 100) > 1e-9) problems.push(`加分项合计须为 100 分，现为 ${total} 分`);
  return problems;
}

function rateOf(metric: Metric, f: UnitFacts): number | null {
  switch (metric) {
    case 'closureRate':
      return f.due ? f.closed / f.due : null;
    case 'onTimeRate':
      return f.due ? f.closedOnTime / f.due : null;
    case 'reworkRate':
      return f.closed ? f.reworked / f.closed : null;
    case 'patrolCompliance':
      return f.patrolCompliance;
    case 'overdue':
      return null;
  }
}

export function scoreUnit(scheme: Scheme, facts: UnitFacts, adjustments: Adjustment[]): UnitScore {
  const items: BreakdownItem[] = scheme.items.map((item): BreakdownItem => {
    const basis = {
      due: facts.due,
      closed: facts.closed,
      closedOnTime: facts.closedOnTime,
      overdue: facts.overdue,
      reworked: facts.reworked,
      patrolCompliance: facts.patrolCompliance,
    };
    if (item.metric === 'overdue') {
      const lost = Math.min(item.weight, facts.overdue * (item.perCase ?? 0));
      return {
        code: item.code,
        name: item.name,
        kind: 'computed',
        weight: item.weight,
        points: roundScore(-lost),
        basis: { overdue: facts.overdue, perCase: item.perCase ?? 0 },
        note: facts.overdue ? `超期 ${facts.overdue} 件，每件扣 ${item.perCase} 分，最多扣 ${item.weight} 分` : null,
      };
    }
    const rate = rateOf(item.metric, facts);
    if (rate === null) {
      const note = item.metric === 'patrolCompliance' ? '本月无网格巡查任务，按满分计' : '本月无应结案件，按满分计';
      return { code: item.code, name: item.name, kind: 'computed', weight: item.weight, points: item.weight, basis, note };
    }
    const earned = item.metric === 'reworkRate' ? 1 - rate : rate;
    return {
      code: item.code,
      name: item.name,
      kind: 'computed',
      weight: item.weight,
      points: roundScore(item.weight * earned),
      basis: { ...basis, rate: Math.round(rate * 10_000) / 10_000 },
      note: null,
    };
  });
  for (const a of adjustments) {
    items.push({
      code: `adjustment:${a.id}`,
      name: a.item,
      kind: 'manual',
      weight: null,
      points: roundScore(a.points),
      basis: { adjustmentId: a.id },
      note: a.reason,
    });
  }
  const total = items.reduce((s, i) => s + i.points, 0);
  return { score: roundScore(Math.max(0, Math.min(100, total))), items };
}

import { cityDate, formatScore as formatBulletinScore } from '@xc/shared';
import type { BreakdownItem, RankingUnit } from './api';

/** Pure display helpers of the public pages (排行榜, 考评通报, 单位得分). */

/** A score as the bulletin prints it: no trailing zeros (100, 89.6, 85.66). */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  return formatBulletinScore(score);
}

export type GradeTone = 'green' | 'blue' | 'grey' | 'red';

/** ux.md: 优秀 green, 良好 blue, 合格 grey, 不合格 red. */
export function gradeTone(grade: string): GradeTone {
  switch (grade) {
    case '优秀':
      return 'green';
    case '良好':
      return 'blue';
    case '不合格':
      return 'red';
    default:
      return 'grey';
  }
}

/** The short tab label of a group (两市两县 / 中心城区 / 市直单位 / 乡镇街道). */
export const GROUP_TAB_LABELS: Record<string, string> = {
  county: '两市两县',
  central: '中心城区',
  city: '市直单位',
  street: '乡镇街道',
};

export function groupTabLabel(group: { code: string; name: string }): string {
  return GROUP_TAB_LABELS[group.code] ?? group.name.replace(/组$/, '');
}

/** How a row is marked: the top three scores (1, 2, 3 by tier), the bottom three scores, or neither. */
export type RowMark = { kind: 'top'; tier: 1 | 2 | 3 } | { kind: 'bottom' } | null;

/**
 * Marks as the bulletin counts them (domain.md): the top three *distinct scores*, and the bottom
 * three distinct scores among the rest — so units that share a score share the mark, and a small
 * group never has a unit marked both ways.
 */
export function rowMarks(units: readonly RankingUnit[]): Map<string, RowMark> {
  const distinct = [...new Set(units.map((u) => u.score))].sort((a, b) => b - a);
  const top = distinct.slice(0, 3);
  const rest = distinct.slice(3);
  const bottom = new Set(rest.slice(-3));
  const marks = new Map<string, RowMark>();
  for (const u of units) {
    const tier = top.indexOf(u.score);
    if (tier >= 0) marks.set(u.id, { kind: 'top', tier: (tier + 1) as 1 | 2 | 3 });
    else if (bottom.has(u.score)) marks.set(u.id, { kind: 'bottom' });
    else marks.set(u.id, null);
  }
  return marks;
}

/** The units that share their score with another (并列): the server places them alike. */
export function tiedUnits(units: readonly Pick<RankingUnit, 'id' | 'score'>[]): Set<string> {
  const count = new Map<number, number>();
  for (const u of units) count.set(u.score, (count.get(u.score) ?? 0) + 1);
  return new Set(units.filter((u) => (count.get(u.score) ?? 0) > 1).map((u) => u.id));
}

/** `第2名`, or `并列第2名` when the place is shared. */
export function placeText(rank: number, tied: boolean): string {
  return `${tied ? '并列' : ''}第${rank}名`;
}

/** `2026-11-27T12:03:41Z` → `2026年11月27日` in city time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const [y, m, d] = cityDate(t).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function pct(rate: unknown): string {
  return typeof rate === 'number' && Number.isFinite(rate) ? `${String(Number((rate * 100).toFixed(2)))}%` : '—';
}

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * The basis of a breakdown item in words: 应结案 12 件，结案 10 件，结案率 83.33%. Null when the item
 * has nothing to say beyond its note (e.g. no cases that month).
 */
export function basisText(item: BreakdownItem): string | null {
  const b = item.basis ?? {};
  if (item.kind === 'manual') return null;
  const hasRate = typeof b.rate === 'number';
  switch (item.code) {
    case 'closure':
      return hasRate ? `应结案 ${n(b.due)} 件，结案 ${n(b.closed)} 件，结案率 ${pct(b.rate)}` : null;
    case 'on_time':
      return hasRate ? `应结案 ${n(b.due)} 件，按期结案 ${n(b.closedOnTime)} 件，按期结案率 ${pct(b.rate)}` : null;
    case 'rework':
      return hasRate ? `结案 ${n(b.closed)} 件，返工 ${n(b.reworked)} 件，返工率 ${pct(b.rate)}` : null;
    case 'patrol':
      return hasRate ? `网格巡查达标率 ${pct(b.rate)}（每周到岗不少于 3 个半天）` : null;
    case 'overdue':
      return n(b.overdue) > 0 ? null : '本月无超期案件，不扣分'; // with overdue cases the note says it all
    default:
      return hasRate ? `比率 ${pct(b.rate)}` : null;
  }
}

/** "得 33.25 分（满分 35 分）", or for a deduction item "扣 1.5 分（最多扣 10 分）". */
export function pointsText(item: BreakdownItem): string {
  if (item.kind === 'manual') return item.points < 0 ? `扣 ${formatScore(-item.points)} 分` : `加 ${formatScore(item.points)} 分`;
  if (item.code === 'overdue' || (item.points <= 0 && item.weight !== null && item.basis && 'perCase' in item.basis)) {
    return item.points < 0
      ? `扣 ${formatScore(-item.points)} 分（最多扣 ${formatScore(item.weight)} 分）`
      : `扣 0 分（最多扣 ${formatScore(item.weight)} 分）`;
  }
  return item.weight === null
    ? `${formatScore(item.points)} 分`
    : `得 ${formatScore(item.points)} 分（满分 ${formatScore(item.weight)} 分）`;
}

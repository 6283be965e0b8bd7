import type { MonthlyStatsDto, ReportedBySourceDto } from '@xc/shared';

export interface MonthlyCounts {
  reported: number;
  registered: number;
  due: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  reworked: number;
  ratingSum: number;
  ratingCount: number;
}

/** A share rounded to 4 decimals (93.72 % → 0.9372); null when the denominator is zero ("no data"). */
export function rate(numerator: number, denominator: number): number | null {
  if (!denominator) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/**
 * domain.md's formulas: 结案率 = 结案数 / 应结案数; 按期结案率 = 按期结案数 / 应结案数;
 * 返工率 = 返工数 / 结案数; 满意度 = mean rating of the month's ratings.
 */
export function monthlyFigures(month: string, c: MonthlyCounts): MonthlyStatsDto {
  return {
    month,
    reported: c.reported,
    registered: c.registered,
    due: c.due,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    overdue: c.overdue,
    reworked: c.reworked,
    closureRate: rate(c.closed, c.due),
    onTimeRate: rate(c.closedOnTime, c.due),
    reworkRate: rate(c.reworked, c.closed),
    satisfaction: c.ratingCount ? { mean: Math.round((c.ratingSum / c.ratingCount) * 100) / 100, count: c.ratingCount } : null,
  };
}

/**
 * 上报数 split by channel, Open311 integrators each apart (by the api key the cases came with),
 * the busiest first. `rows`: counts by channel and, for Open311, by key id.
 */
export function reportedBySource(
  rows: { channel: string; keyId: string | null; n: number }[],
  keyNames: Map<string, string>,
): ReportedBySourceDto {
  const out: ReportedBySourceDto = { citizen: 0, patrol: 0, open311: 0, integrators: [] };
  for (const r of rows) {
    if (r.channel === 'citizen' || r.channel === 'patrol' || r.channel === 'open311') out[r.channel] += r.n;
    if (r.channel === 'open311' && r.keyId)
      out.integrators.push({ id: r.keyId, name: keyNames.get(r.keyId) ?? '（已删除的接入方）', reported: r.n });
  }
  out.integrators.sort((a, b) => b.reported - a.reported || a.name.localeCompare(b.name, 'zh-CN'));
  return out;
}

/**
 * Weekly compliance of one person, from the week's half-days and daily coverage. Pure.
 *
 * - 网格长 (grid_leader) and 三级网格巡查监督员 (supervisor_l3): at least `requiredHalfDays` counted
 *   half-days in the ISO week (3 by default).
 * - 网格管理员 (grid_manager): "the whole grid every day" — coverage of their grids reaching
 *   `requiredDailyShare` (0.9 by default) on every working day of the week (holiday calendar with
 *   make-up days). No half-day requirement (requiredHalfDays null).
 */
import type { PatrolRole } from '@xc/shared';
import type { PatrolRules } from './config.js';
import type { HalfDayFigure } from './half-days.js';

export interface WeeklyInput {
  patrolRole: PatrolRole;
  halfDays: readonly HalfDayFigure[];
  dailyCoverage: readonly { date: string; share: number | null }[];
  workingDays: readonly string[];
}

export interface WeeklyFigure {
  requiredHalfDays: number | null;
  achievedHalfDays: number;
  /** Only for roles judged on coverage: the share each working day needs, and the days that reached it. */
  requiredDailyShare: number | null;
  coveredWorkingDays: number | null;
  workingDays: number;
  compliant: boolean;
}

export function weeklyCompliance(input: WeeklyInput, rules: Pick<PatrolRules, 'requiredHalfDays' | 'coverage'>): WeeklyFigure {
  const achievedHalfDays = input.halfDays.filter((h) => h.counted).length;
  const requiredHalfDays = rules.requiredHalfDays[input.patrolRole];
  const workingDays = input.workingDays.length;
  if (requiredHalfDays !== null) {
    return {
      requiredHalfDays,
      achievedHalfDays,
      requiredDailyShare: null,
      coveredWorkingDays: null,
      workingDays,
      compliant: achievedHalfDays >= requiredHalfDays,
    };
  }
  const need = rules.coverage.requiredDailyShare;
  const share = new Map(input.dailyCoverage.map((d) => [d.date, d.share]));
  const coveredWorkingDays = input.workingDays.filter((d) => (share.get(d) ?? 0) >= need - 1e-9).length;
  return {
    requiredHalfDays: null,
    achievedHalfDays,
    requiredDailyShare: need,
    coveredWorkingDays,
    workingDays,
    compliant: coveredWorkingDays === workingDays,
  };
}

/** Share of compliant person-weeks, null when there are none ("no data"). */
export function compliantShare(figures: readonly { compliant: boolean }[]): number | null {
  return figures.length ? figures.filter((f) => f.compliant).length / figures.length : null;
}

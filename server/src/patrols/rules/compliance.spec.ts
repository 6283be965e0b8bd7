import { describe, expect, it } from '@jest/globals';
import { compliantShare, weeklyCompliance } from './compliance.js';
import { DEFAULT_PATROL_RULES as R } from './config.js';
import type { HalfDayFigure } from './half-days.js';

const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
const work = days.slice(0, 5);
const hd = (n: number, extra = 0): HalfDayFigure[] => [
  ...Array.from({ length: n }, (_, i) => ({ date: days[i], period: 'am' as const, minutes: 60 + i, counted: true })),
  ...Array.from({ length: extra }, (_, i) => ({ date: days[i], period: 'pm' as const, minutes: 30, counted: false })),
];
const cov = (shares: number[]) => days.map((date, i) => ({ date, share: shares[i] ?? 0 }));

describe('weekly compliance', () => {
  it('needs 3 counted half-days of 网格长 and 三级网格巡查监督员', () => {
    for (const role of ['grid_leader', 'supervisor_l3'] as const) {
      expect(weeklyCompliance({ patrolRole: role, halfDays: hd(3, 2), dailyCoverage: cov([]), workingDays: work }, R)).toMatchObject({
        requiredHalfDays: 3,
        achievedHalfDays: 3,
        compliant: true,
      });
      expect(weeklyCompliance({ patrolRole: role, halfDays: hd(2, 4), dailyCoverage: cov([]), workingDays: work }, R)).toMatchObject({
        achievedHalfDays: 2,
        compliant: false,
      });
    }
  });

  it('needs 网格管理员 to cover 90 % of their grids on every working day', () => {
    const ok = weeklyCompliance(
      { patrolRole: 'grid_manager', halfDays: [], dailyCoverage: cov([0.95, 0.9, 1, 0.92, 0.93, 0, 0]), workingDays: work },
      R,
    );
    expect(ok).toMatchObject({ requiredHalfDays: null, requiredDailyShare: 0.9, coveredWorkingDays: 5, workingDays: 5, compliant: true });
    const short = weeklyCompliance(
      { patrolRole: 'grid_manager', halfDays: [], dailyCoverage: cov([0.95, 0.89, 1, 0.92, 0.93]), workingDays: work },
      R,
    );
    expect(short).toMatchObject({ coveredWorkingDays: 4, compliant: false });
    // a holiday is not required; a make-up Saturday is
    const holiday = weeklyCompliance(
      {
        patrolRole: 'grid_manager',
        halfDays: [],
        dailyCoverage: cov([0.95, 0.1, 1, 0.92, 0.93, 0.91]),
        workingDays: [days[0], days[2], days[3], days[4], days[5]],
      },
      R,
    );
    expect(holiday.compliant).toBe(true);
  });

  it('gives the share of compliant person-weeks, null without any', () => {
    expect(compliantShare([{ compliant: true }, { compliant: false }, { compliant: true }, { compliant: true }])).toBe(0.75);
    expect(compliantShare([])).toBeNull();
  });
});

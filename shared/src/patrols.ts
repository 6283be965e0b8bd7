import type { PatrolRole } from './roles.js';

/** Wire types of the patrol endpoints (../shared/docs/api.md, Patrols). */

export interface PatrolDto {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  /** Points stored (each once, implausible ones included). */
  points: number;
  /** Of those, flagged as implausible and not counted. */
  flagged: number;
  /** Metres between consecutive plausible points. */
  distanceM: number;
}

/** One GPS fix: device time (ISO 8601 with offset, or epoch ms), WGS84 unless `?coord=gcj02`. */
export interface PatrolPointBody {
  t: string | number;
  lat: number;
  lng: number;
  accuracy?: number | null;
}

export interface PatrolPointsResultDto {
  /** Newly stored by this batch. */
  accepted: number;
  /** Already stored (a resend) or repeated within the batch. */
  duplicates: number;
  /** Of the accepted, flagged as implausible (accuracy, speed, future, outside, span). */
  flagged: number;
  /** Points stored for the patrol after this batch. */
  points: number;
}

export interface DailyCoverageDto {
  date: string;
  /** Share of the assigned grids' cells the day's tracks passed; null without cells. */
  share: number | null;
}

export interface HalfDayDto {
  date: string;
  period: 'am' | 'pm';
  /** Minutes inside the assigned area within the half-day's window. */
  minutes: number;
  counted: boolean;
}

export interface PatrolComplianceItemDto {
  user: { id: string; username: string; name: string };
  patrolRole: PatrolRole;
  /** null for 网格管理员, judged on daily coverage instead. */
  requiredHalfDays: number | null;
  achievedHalfDays: number;
  dailyCoverage: DailyCoverageDto[];
  /** 网格管理员 only: the share each working day needs, and the working days that reached it. */
  requiredDailyShare: number | null;
  coveredWorkingDays: number | null;
  workingDays: number;
  compliant: boolean;
}

export interface PatrolComplianceDto {
  week: string;
  /** False while the week is still running. */
  complete: boolean;
  items: PatrolComplianceItemDto[];
  /** With `unitId`: the unit's figure for the monthly evaluation (share of compliant inspectors; null without any). */
  unit?: { id: string; name: string; inspectors: number; compliant: number; share: number | null };
}

/** 我的本周. */
export interface MyPatrolWeekDto extends Omit<PatrolComplianceItemDto, 'user' | 'patrolRole'> {
  week: string;
  patrolRole: PatrolRole | null;
  halfDays: HalfDayDto[];
  today: DailyCoverageDto | null;
  grids: { code: string; name: string }[];
  halfDayMinMinutes: number;
}

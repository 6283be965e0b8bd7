import { isoWeekDates as weekDates, PATROL_ROLE_LABELS, type HalfDayDto, type MyPatrolWeekDto } from '@xc/shared';

/** Pure helpers of 我的本周: the ring, the texts, the half-days as the inspector reads them. */

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `2026-11-23` → 周一 (a calendar date: no time zone involved). */
export function weekday(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isFinite(d.getTime()) ? WEEKDAYS[d.getUTCDay()] : '';
}

/** `2026-11-23` → `11-23`. */
export function monthDay(date: string): string {
  return date.length >= 10 ? date.slice(5, 10) : date;
}

/** 0.1346 → `13%`; null (no cells to cover) → `—`. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

export interface Ring {
  value: number;
  max: number;
  /** 0..1 */
  ratio: number;
  /** Under the figure: 个半天 / 个工作日. */
  unit: string;
  /** What it counts, as a caption. */
  caption: string;
}

/** 网格长 / 三级网格巡查监督员: half-days out of the requirement; 网格管理员: working days covered. */
export function ringOf(w: MyPatrolWeekDto): Ring {
  if (w.patrolRole === 'grid_manager' || (w.requiredHalfDays === null && w.requiredDailyShare !== null)) {
    const value = w.coveredWorkingDays ?? 0;
    const max = Math.max(1, w.workingDays);
    return { value, max, ratio: Math.min(1, value / max), unit: '个工作日', caption: `每日覆盖 ≥ ${percent(w.requiredDailyShare ?? 0.9)}` };
  }
  const max = w.requiredHalfDays ?? 3;
  const value = w.achievedHalfDays;
  return { value, max, ratio: max > 0 ? Math.min(1, value / max) : 1, unit: '个半天', caption: `每周至少 ${max} 个半天` };
}

/** 本周已达标 / 还差 2 个半天 / … */
export function verdict(w: MyPatrolWeekDto): { text: string; ok: boolean } {
  if (w.compliant) return { text: '本周已达标', ok: true };
  const r = ringOf(w);
  if (r.unit === '个半天') return { text: `还差 ${Math.max(0, r.max - r.value)} 个半天`, ok: false };
  return { text: `已达标 ${r.value} / ${r.max} 个工作日`, ok: false };
}

export function roleLabel(w: Pick<MyPatrolWeekDto, 'patrolRole'>): string {
  return w.patrolRole ? PATROL_ROLE_LABELS[w.patrolRole] : '网格巡查监督员';
}

export const PERIOD_LABELS: Record<HalfDayDto['period'], string> = { am: '上午', pm: '下午' };

/** The half-days with time in the area, latest first; counted ones say so. */
export function halfDayRows(w: MyPatrolWeekDto): { key: string; when: string; minutes: string; counted: boolean; note: string }[] {
  return [...w.halfDays]
    .sort((a, b) => (a.date === b.date ? (a.period < b.period ? 1 : -1) : a.date < b.date ? 1 : -1))
    .map((h) => ({
      key: `${h.date}-${h.period}`,
      when: `${monthDay(h.date)} ${weekday(h.date)} ${PERIOD_LABELS[h.period]}`,
      minutes: `${Math.round(h.minutes)} 分钟`,
      counted: h.counted,
      note: h.counted ? '已计入' : `不足 ${w.halfDayMinMinutes} 分钟`,
    }));
}

/** `11-23 至 11-29`, from the week's days. */
/** The Monday and Sunday (`YYYY-MM-DD`) of an ISO week `2026-W49`; null when it is not one. */
export function isoWeekDates(week: string): [string, string] | null {
  const dates = weekDates(week);
  return dates ? [dates[0], dates[6]] : null;
}

/** `2026-11-30` → `11月30日`. */
function monthDayCn(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** `2026-W49` as people read it: `第49周（11月30日–12月6日）`. Never the ISO code itself. */
export function weekTitle(week: string): string {
  const dates = isoWeekDates(week);
  if (!dates) return '本周';
  return `第${Number(week.slice(6))}周（${monthDayCn(dates[0])}–${monthDayCn(dates[1])}）`;
}

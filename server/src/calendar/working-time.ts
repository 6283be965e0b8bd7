/**
 * Working-time arithmetic for case deadlines (处置时限) and overdue checks.
 *
 * City time is Asia/Shanghai: UTC+8 all year (China has had no DST since 1991), so a fixed
 * offset is exact and avoids a time-zone database. All dates are 'YYYY-MM-DD' in city time,
 * all period bounds 'HH:MM' in city time.
 *
 * Units:
 * - `hour`: plain clock hours, nights and holidays included (urgent items such as a missing
 *   manhole cover).
 * - `workhour`: minutes are counted only inside the working periods of working days.
 * - `workday`: N working days = N × (working minutes of one working day) of working time. A case
 *   reported at 10:00 on a Monday with 1 workday is due at 10:00 on the next working day; a
 *   start outside working time starts counting at the next working period, so a Saturday
 *   report with 1 workday is due at the end of the next working day's last period.
 * Zero returns the start unchanged for every unit. Durations may be fractional (1.5 workhour).
 */

export interface WorkPeriod {
  start: string;
  end: string;
}

export interface WorkCalendar {
  /** Days off even when they fall on Monday–Friday. */
  holidays: ReadonlySet<string>;
  /** Make-up working days (调休上班), usually a Saturday or Sunday. */
  makeupWorkdays: ReadonlySet<string>;
  /** Working periods of a working day, in order, not overlapping. */
  periods: readonly WorkPeriod[];
}

export type WorkTimeUnit = 'hour' | 'workhour' | 'workday';

export const CITY_UTC_OFFSET_MINUTES = 8 * 60;

export const DEFAULT_WORK_PERIODS: readonly WorkPeriod[] = Object.freeze([
  Object.freeze({ start: '08:30', end: '12:00' }),
  Object.freeze({ start: '14:30', end: '18:00' }),
]);

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const OFFSET_MS = CITY_UTC_OFFSET_MINUTES * MS_PER_MINUTE;
/** Ten years without a single working day means the calendar is broken, not that we should spin. */
const MAX_DAYS_SCANNED = 3660;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Periods as [startMs, endMs) offsets from city midnight. */
type ParsedPeriods = readonly (readonly [number, number])[];
const parsedCache = new WeakMap<readonly WorkPeriod[], ParsedPeriods>();

function parseTime(value: string): number {
  if (!TIME_RE.test(value)) throw new RangeError(`工作时段时间格式应为 HH:MM：${value}`);
  const [h, m] = value.split(':').map(Number);
  return (h * 60 + m) * MS_PER_MINUTE;
}

function parsePeriods(periods: readonly WorkPeriod[]): ParsedPeriods {
  const cached = parsedCache.get(periods);
  if (cached) return cached;
  const parsed = periods.map((p) => [parseTime(p.start), parseTime(p.end)] as const);
  parsed.forEach(([s, e], i) => {
    if (e <= s) throw new RangeError(`工作时段结束时间须晚于开始时间：${periods[i].start}-${periods[i].end}`);
    if (i > 0 && s < parsed[i - 1][1]) throw new RangeError('工作时段须按时间先后排列且不重叠');
  });
  parsedCache.set(periods, parsed);
  return parsed;
}

/** Builds a calendar from holiday-table rows (`holiday` = day off, `workday` = make-up day). */
export function buildCalendar(
  rows: readonly { date: string; kind: 'holiday' | 'workday' }[],
  periods: readonly WorkPeriod[] = DEFAULT_WORK_PERIODS,
): WorkCalendar {
  const holidays = new Set<string>();
  const makeupWorkdays = new Set<string>();
  for (const row of rows) {
    if (!DATE_RE.test(row.date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${row.date}`);
    (row.kind === 'holiday' ? holidays : makeupWorkdays).add(row.date);
  }
  for (const d of holidays) {
    if (makeupWorkdays.has(d)) throw new RangeError(`同一天不能既是假日又是调休工作日：${d}`);
  }
  const frozen = Object.freeze(periods.map((p) => Object.freeze({ ...p })));
  parsePeriods(frozen); // validate eagerly
  return { holidays, makeupWorkdays, periods: frozen };
}

/** Day number (days since 1970-01-01) of a city date. */
function dayNumber(date: string): number {
  if (!DATE_RE.test(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function dateOfDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function isWorkingDayNumber(day: number, cal: WorkCalendar): boolean {
  const date = dateOfDayNumber(day);
  if (cal.holidays.has(date)) return false;
  if (cal.makeupWorkdays.has(date)) return true;
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

/** Monday–Friday unless a holiday; Saturday/Sunday only when a make-up working day. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  return isWorkingDayNumber(dayNumber(date), cal);
}

/** Working minutes in one working day (420 with the default periods). */
export function workingDayMinutes(cal: WorkCalendar): number {
  return parsePeriods(cal.periods).reduce((sum, [s, e]) => sum + (e - s), 0) / MS_PER_MINUTE;
}

/** Absolute working periods [startMs, endMs) of every working day from `fromMs`'s city day on. */
function* workingIntervals(fromMs: number, cal: WorkCalendar, untilMs = Number.POSITIVE_INFINITY): Generator<readonly [number, number]> {
  const periods = parsePeriods(cal.periods);
  if (periods.length === 0) throw new RangeError('工作日历没有工作时段');
  const firstDay = Math.floor((fromMs + OFFSET_MS) / MS_PER_DAY);
  const bounded = Number.isFinite(untilMs);
  const stopDay = bounded ? Math.floor((untilMs + OFFSET_MS) / MS_PER_DAY) + 1 : firstDay + MAX_DAYS_SCANNED;
  for (let day = firstDay; day < stopDay; day++) {
    if (!isWorkingDayNumber(day, cal)) continue;
    const midnight = day * MS_PER_DAY - OFFSET_MS;
    for (const [s, e] of periods) yield [midnight + s, midnight + e];
  }
  if (bounded) return;
  throw new RangeError(`工作日历在 ${MAX_DAYS_SCANNED} 天内没有工作日`);
}

/** Adds `ms` of working time to `fromMs`; ends exactly at a period end rather than the next start. */
function addWorkingMs(fromMs: number, ms: number, cal: WorkCalendar): number {
  let remaining = ms;
  for (const [s, e] of workingIntervals(fromMs, cal)) {
    if (e <= fromMs) continue;
    const segStart = Math.max(s, fromMs);
    const available = e - segStart;
    if (remaining <= available) return segStart + remaining;
    remaining -= available;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/** The deadline `value` `unit`s after `start`. */
export function addWorkingTime(start: Date, value: number, unit: WorkTimeUnit, cal: WorkCalendar): Date {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`时限须为非负数：${value}`);
  const from = start.getTime();
  if (Number.isNaN(from)) throw new RangeError('开始时间无效');
  if (value === 0) return new Date(from);
  switch (unit) {
    case 'hour':
      return new Date(from + Math.round(value * 60 * MS_PER_MINUTE));
    case 'workhour':
      return new Date(addWorkingMs(from, Math.round(value * 60 * MS_PER_MINUTE), cal));
    case 'workday':
      return new Date(addWorkingMs(from, Math.round(value * workingDayMinutes(cal) * MS_PER_MINUTE), cal));
    default: {
      const never: never = unit;
      throw new RangeError(`未知的时限单位：${String(never)}`);
    }
  }
}

/**
 * Working minutes between two instants (fractional when they are not on whole minutes);
 * negative when `b` is before `a`.
 */
export function workingMinutesBetween(a: Date, b: Date, cal: WorkCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -workingMinutesBetween(b, a, cal);
  let total = 0;
  // Bounded scan: a long holiday-only stretch between a and b is simply zero, not an error.
  for (const [s, e] of workingIntervals(from, cal, to)) {
    if (s >= to) break;
    total += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return total / MS_PER_MINUTE;
}

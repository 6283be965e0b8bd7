/**
 * City time, the one place it is computed: Xuchang keeps Asia/Shanghai time, UTC+8 all year (China
 * has had no daylight saving since 1991), so a fixed offset is exact and needs no time-zone data.
 * Dates are 'YYYY-MM-DD', months 'YYYY-MM', ISO weeks '2026-W49' (Monday to Sunday). Pure.
 */

export const CITY_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

type Instant = Date | number;
const ms = (at: Instant) => (typeof at === 'number' ? at : at.getTime());
/** The instant's wall clock in the city, as an ISO string without its zone. */
const wall = (at: Instant) => new Date(ms(at) + CITY_OFFSET_MS).toISOString();

/** '2026-11-30' */
export const cityDate = (at: Instant): string => wall(at).slice(0, 10);
/** '2026-11' */
export const cityMonth = (at: Instant = Date.now()): string => wall(at).slice(0, 7);
/** '20261130', as case numbers carry it. */
export const cityDay = (at: Instant): string => cityDate(at).replace(/-/g, '');
/** '09:05' */
export const cityClock = (at: Instant): string => wall(at).slice(11, 16);
/** '2026-11-30T09:05:00+08:00': the instant as the city writes it (seconds, no milliseconds). */
export const cityOffsetIso = (at: Instant): string => `${wall(at).slice(0, 19)}+08:00`;

/** The instant of a city wall-clock time: cityTime('2023-02-06', '10:00'). */
export function cityTime(date: string, time = '00:00'): Date {
  if (!DATE_RE.test(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  return new Date(Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`));
}

/** A date `n` days after (or before) another. */
export const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The ISO week of a date: the week of its Thursday, in that Thursday's year. */
export function isoWeekOfDate(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week an instant falls in, in city time. */
export const isoWeekOf = (at: Instant): string => isoWeekOfDate(cityDate(at));

/** The seven dates of an ISO week, Monday first; null when malformed or the year has no such week. */
export function isoWeekDates(week: string): string[] | null {
  const m = WEEK_RE.exec(week);
  if (!m) return null;
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  // 4 January is always in week 1.
  const jan4 = `${m[1]}-01-04`;
  const monday = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (n - 1) * 7);
  if (isoWeekOfDate(monday) !== week) return null; // W53 of a 52-week year
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

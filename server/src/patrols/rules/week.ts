/** ISO 8601 weeks ('2026-W48', Monday to Sunday) in city time. Pure. */
import { cityDate, cityTime } from '../../calendar/working-time.js';

export interface IsoWeek {
  week: string;
  /** The seven city dates, Monday first. */
  dates: string[];
  /** City midnight starting Monday, and the one after Sunday. */
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The ISO week of a city date. */
export function isoWeekOfDate(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${year}-01-01T00:00:00Z`);
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week an instant falls in, in city time. */
export function isoWeekOf(at: Date): string {
  return isoWeekOfDate(cityDate(at));
}

/** Parses 'YYYY-Www'; null when malformed or when the year has no such week. */
export function parseIsoWeek(week: string): IsoWeek | null {
  const m = WEEK_RE.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = `${year}-01-04`; // always in week 1
  const monday = addDays(addDays(jan4, 1 - isoWeekday(jan4)), (n - 1) * 7);
  if (isoWeekOfDate(monday) !== week) return null; // W53 of a 52-week year
  const dates = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return { week, dates, start: cityTime(monday), end: cityTime(addDays(monday, 7)) };
}

/** The ISO weeks that belong to a month 'YYYY-MM': those whose Thursday falls in it (4 or 5). */
export function weeksOfMonth(month: string): string[] {
  const weeks: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) if (isoWeekday(d) === 4) weeks.push(isoWeekOfDate(d));
  return weeks;
}

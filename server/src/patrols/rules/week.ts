/** ISO 8601 weeks ('2026-W48', Monday to Sunday) in city time. Pure. */
import { addDays, cityTime, isoWeekDates, isoWeekday, isoWeekOfDate } from '@xc/shared';

export { isoWeekOf, isoWeekOfDate } from '@xc/shared';

export interface IsoWeek {
  week: string;
  /** The seven city dates, Monday first. */
  dates: string[];
  /** City midnight starting Monday, and the one after Sunday. */
  start: Date;
  end: Date;
}

/** Parses 'YYYY-Www' into its dates and the instants it spans; null when it is not a week. */
export function parseIsoWeek(week: string): IsoWeek | null {
  const dates = isoWeekDates(week);
  return dates ? { week, dates, start: cityTime(dates[0]), end: cityTime(addDays(dates[0], 7)) } : null;
}

/** The ISO weeks that belong to a month 'YYYY-MM': those whose Thursday falls in it (4 or 5). */
export function weeksOfMonth(month: string): string[] {
  const weeks: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) if (isoWeekday(d) === 4) weeks.push(isoWeekOfDate(d));
  return weeks;
}

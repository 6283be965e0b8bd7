import { CITY_OFFSET_MS, cityMonth } from '@xc/shared';
import { invalid } from './app-error.js';

/** The calendar month (YYYY-MM) of an instant, in city time. */
export const cityMonthOf = (at: Date = new Date()): string => cityMonth(at);

/** The instant a city-time month starts, and the instant the next one starts. */
export function monthRange(month: string): { start: Date; end: Date } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalid({ month: '月份格式应为 YYYY-MM' });
  const [y, m] = month.split('-').map(Number);
  return { start: new Date(Date.UTC(y, m - 1, 1) - CITY_OFFSET_MS), end: new Date(Date.UTC(y, m, 1) - CITY_OFFSET_MS) };
}

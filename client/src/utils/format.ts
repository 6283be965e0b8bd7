/** Display helpers. Pure functions, tested beside the pages that use them. */

import { cityMonth } from '@xc/shared';

/** The calendar month `YYYY-MM` in Xuchang at the given instant. */
export const shanghaiMonth = (now: Date = new Date()): string => cityMonth(now);

/** `2026-11` → `2026年11月`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

export const NO_VALUE = '—';
export const NO_DATA = '暂无数据';

/** A rate 0..1 as a percentage with two decimals; null (no denominator) is 暂无数据. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null) return NO_DATA;
  if (rate === undefined || !Number.isFinite(rate)) return NO_VALUE;
  return `${(rate * 100).toFixed(2)}%`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return String(value);
}

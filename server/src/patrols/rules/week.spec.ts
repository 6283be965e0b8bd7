import { describe, expect, it } from '@jest/globals';
import { isoWeekOf, isoWeekOfDate, parseIsoWeek, weeksOfMonth } from './week.js';

describe('ISO weeks in city time', () => {
  it('parses a week into its Monday-first dates and city-midnight bounds', () => {
    const w = parseIsoWeek('2026-W48')!;
    expect(w.dates[0]).toBe('2026-11-23');
    expect(w.dates[6]).toBe('2026-11-29');
    expect(w.start.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });

  it('handles year boundaries and week 53', () => {
    expect(parseIsoWeek('2026-W01')!.dates[0]).toBe('2025-12-29');
    expect(parseIsoWeek('2020-W53')!.dates[0]).toBe('2020-12-28');
    expect(parseIsoWeek('2021-W53')).toBeNull();
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('2026-48')).toBeNull();
    expect(isoWeekOfDate('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOfDate('2021-01-03')).toBe('2020-W53');
  });

  it('takes the week of an instant in city time, not UTC', () => {
    expect(isoWeekOf(new Date('2026-11-29T15:59:59Z'))).toBe('2026-W48'); // Sunday 23:59:59 in 许昌
    expect(isoWeekOf(new Date('2026-11-29T16:00:00Z'))).toBe('2026-W49'); // Monday 00:00
  });

  it('gives a month the weeks whose Thursday falls in it', () => {
    expect(weeksOfMonth('2026-11')).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    expect(weeksOfMonth('2026-12')).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53']);
  });
});

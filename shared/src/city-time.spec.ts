import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  cityClock,
  cityDate,
  cityDay,
  cityMonth,
  cityOffsetIso,
  cityTime,
  isoWeekDates,
  isoWeekOf,
  isoWeekOfDate,
} from './city-time.js';

// Expectations are worked out by hand from the calendar (UTC+8; ISO 8601 weeks), not by the code.
describe('city time', () => {
  it('turns the date, month and case-number day at the city’s midnight, eight hours before UTC’s', () => {
    expect(cityDate(new Date('2026-11-29T15:59:59.999Z'))).toBe('2026-11-29');
    expect(cityDate(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
    expect(cityMonth(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(cityMonth(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12');
    expect(cityDay(new Date('2023-02-14T16:30:00Z'))).toBe('20230215');
  });

  it('reads and writes the city’s wall clock', () => {
    expect(cityClock(new Date('2026-11-30T01:05:59Z'))).toBe('09:05');
    expect(cityOffsetIso(Date.parse('2026-11-30T01:05:00.123Z'))).toBe('2026-11-30T09:05:00+08:00');
    expect(cityTime('2023-02-06', '10:00').toISOString()).toBe('2023-02-06T02:00:00.000Z');
    expect(cityTime('2023-02-06').toISOString()).toBe('2023-02-05T16:00:00.000Z');
    expect(() => cityTime('2023-2-6')).toThrow(RangeError);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('numbers ISO weeks by their Thursday, across year ends', () => {
    expect(isoWeekOfDate('2026-11-30')).toBe('2026-W49'); // a Monday
    expect(isoWeekOfDate('2026-12-06')).toBe('2026-W49'); // its Sunday
    expect(isoWeekOfDate('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOfDate('2024-12-30')).toBe('2025-W01');
    // Sunday 16:30 UTC is already Monday in the city.
    expect(isoWeekOf(new Date('2026-12-06T16:30:00Z'))).toBe('2026-W50');
  });

  it('lists a week’s seven dates, and refuses a week its year does not have', () => {
    expect(isoWeekDates('2026-W49')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(isoWeekDates('2020-W53')?.[0]).toBe('2020-12-28');
    expect(isoWeekDates('2021-W53')).toBeNull();
    expect(isoWeekDates('2026-W00')).toBeNull();
    expect(isoWeekDates('2026-49')).toBeNull();
  });
});

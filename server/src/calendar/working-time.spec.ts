import { describe, expect, it } from '@jest/globals';
import { cityDate, cityTime } from '@xc/shared';
import fc from 'fast-check';
import { HOLIDAYS } from '../seed/reference/index.js';
import {
  addWorkingTime,
  buildCalendar,
  DEFAULT_WORK_PERIODS,
  isWorkingDay,
  workingDayMinutes,
  workingMinutesBetween,
} from './working-time.js';

const cal = buildCalendar(HOLIDAYS);
/** City wall-clock instant, e.g. at('2023-02-06 10:00'). */
const at = (s: string): Date => cityTime(s.slice(0, 10), s.slice(11));
/** City wall-clock rendering of an instant, 'YYYY-MM-DD HH:MM'. */
const show = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const add = (s: string, value: number, unit: 'hour' | 'workhour' | 'workday'): string => show(addWorkingTime(at(s), value, unit, cal));

describe('city time', () => {
  it('converts city wall-clock time to UTC with a fixed +8h', () => {
    expect(cityTime('2023-02-06', '10:00').toISOString()).toBe('2023-02-06T02:00:00.000Z');
    expect(cityTime('2023-02-06', '00:00').toISOString()).toBe('2023-02-05T16:00:00.000Z');
  });
  it('takes the city date, not the UTC date', () => {
    expect(cityDate(new Date('2023-02-05T16:30:00Z'))).toBe('2023-02-06');
    expect(cityDate(new Date('2023-02-05T15:59:59Z'))).toBe('2023-02-05');
  });
});

describe('buildCalendar', () => {
  it('splits holiday-table rows into holidays and make-up working days', () => {
    expect(cal.holidays.has('2023-01-23')).toBe(true);
    expect(cal.makeupWorkdays.has('2023-01-28')).toBe(true);
    expect(cal.holidays.has('2023-01-28')).toBe(false);
    expect(cal.periods).toEqual(DEFAULT_WORK_PERIODS);
    expect(workingDayMinutes(cal)).toBe(420);
  });
  it('refuses a day that is both a holiday and a make-up day', () => {
    expect(() =>
      buildCalendar([
        { date: '2023-01-28', kind: 'holiday' },
        { date: '2023-01-28', kind: 'workday' },
      ]),
    ).toThrow(RangeError);
  });
  it('refuses malformed dates and overlapping or inverted periods', () => {
    expect(() => buildCalendar([{ date: '2023-1-28', kind: 'holiday' }])).toThrow(RangeError);
    expect(() => buildCalendar([], [{ start: '09:00', end: '08:00' }])).toThrow(RangeError);
    expect(() =>
      buildCalendar(
        [],
        [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      ),
    ).toThrow(RangeError);
    expect(() => buildCalendar([], [{ start: '8:00', end: '12:00' }])).toThrow(RangeError);
  });
  it('uses custom periods', () => {
    const c = buildCalendar([], [{ start: '09:00', end: '17:00' }]);
    expect(workingDayMinutes(c)).toBe(480);
    expect(show(addWorkingTime(at('2023-02-06 16:00'), 2, 'workhour', c))).toBe('2023-02-07 10:00');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2023-02-06', true, 'Monday'],
    ['2023-02-10', true, 'Friday'],
    ['2023-02-04', false, 'Saturday'],
    ['2023-02-05', false, 'Sunday'],
    ['2023-01-23', false, 'Monday in 春节 2023'],
    ['2023-01-28', true, 'Saturday make-up day after 春节 2023'],
    ['2023-01-29', true, 'Sunday make-up day after 春节 2023'],
    ['2023-10-06', false, 'Friday in 国庆 2023'],
    ['2023-10-07', true, 'Saturday make-up day 2023'],
    ['2026-01-02', false, 'Friday 元旦 2026'],
    ['2026-01-04', true, 'Sunday make-up day 2026'],
    ['2026-02-14', true, 'Saturday make-up day before 春节 2026'],
    ['2026-02-16', false, 'Monday in 春节 2026'],
    ['2026-02-23', false, 'last day of 春节 2026 (Monday)'],
    ['2026-02-24', true, 'first working day after 春节 2026'],
    ['2026-02-28', true, 'Saturday make-up day after 春节 2026'],
    ['2026-10-10', true, 'Saturday make-up day after 国庆 2026'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });
  it('without a holiday table, only Monday–Friday work', () => {
    const plain = buildCalendar([]);
    expect(isWorkingDay('2023-01-23', plain)).toBe(true);
    expect(isWorkingDay('2023-01-28', plain)).toBe(false);
  });
});

describe('addWorkingTime: workhour', () => {
  it.each([
    ['2023-02-06 10:00', 1, '2023-02-06 11:00', 'inside the morning'],
    ['2023-02-06 11:00', 2, '2023-02-06 15:30', 'across the lunch break'],
    ['2023-02-06 08:30', 3.5, '2023-02-06 12:00', 'ends exactly at the end of the morning'],
    ['2023-02-06 08:30', 7, '2023-02-06 18:00', 'ends exactly at the end of the day'],
    ['2023-02-06 17:00', 2, '2023-02-07 09:30', 'across the night'],
    ['2023-02-10 17:00', 2, '2023-02-13 09:30', 'across the weekend'],
    ['2023-02-06 07:00', 1, '2023-02-06 09:30', 'start before 08:30'],
    ['2023-02-06 13:00', 1, '2023-02-06 15:30', 'start inside the lunch break'],
    ['2023-02-06 19:00', 1, '2023-02-07 09:30', 'start after 18:00'],
    ['2023-02-11 10:00', 4, '2023-02-13 15:00', 'start on a Saturday'],
    ['2023-01-23 10:00', 4, '2023-01-28 15:00', 'start on a 春节 holiday, counted on the Saturday make-up day'],
    ['2023-01-20 17:00', 2, '2023-01-28 09:30', 'Friday before 春节 2023 to the make-up Saturday'],
    ['2026-02-13 17:00', 2, '2026-02-14 09:30', 'Friday to the make-up Saturday before 春节 2026'],
    ['2026-02-14 17:00', 2, '2026-02-24 09:30', 'make-up Saturday across 春节 2026'],
    ['2023-02-06 10:00', 1.5, '2023-02-06 11:30', 'fractional hours'],
    ['2023-02-06 10:00', 0.25, '2023-02-06 10:15', 'a quarter hour'],
    ['2023-02-06 10:00', 14, '2023-02-08 10:00', 'two full working days'],
  ])('%s + %s workhour → %s (%s)', (start, value, expected) => {
    expect(add(start, value, 'workhour')).toBe(expected);
  });

  it('zero returns the start unchanged, even outside working time', () => {
    const s = at('2023-02-11 03:17');
    expect(addWorkingTime(s, 0, 'workhour', cal).getTime()).toBe(s.getTime());
    expect(addWorkingTime(s, 0, 'workday', cal).getTime()).toBe(s.getTime());
    expect(addWorkingTime(s, 0, 'hour', cal).getTime()).toBe(s.getTime());
  });

  it('refuses negative and non-finite values', () => {
    expect(() => addWorkingTime(at('2023-02-06 10:00'), -1, 'workhour', cal)).toThrow(RangeError);
    expect(() => addWorkingTime(at('2023-02-06 10:00'), Number.NaN, 'hour', cal)).toThrow(RangeError);
    expect(() => addWorkingTime(new Date(Number.NaN), 1, 'hour', cal)).toThrow(RangeError);
  });

  it('gives up on a calendar without working days instead of looping forever', () => {
    const none = buildCalendar([], []);
    expect(() => addWorkingTime(at('2023-02-06 10:00'), 1, 'workhour', none)).toThrow(RangeError);
  });
});

describe('addWorkingTime: workday (N × 420 working minutes)', () => {
  it.each([
    ['2023-02-06 10:00', 1, '2023-02-07 10:00', 'Monday 10:00 → Tuesday 10:00'],
    ['2023-02-10 10:00', 1, '2023-02-13 10:00', 'Friday → Monday'],
    ['2023-02-11 10:00', 1, '2023-02-13 18:00', 'Saturday start counts the whole next working day'],
    ['2023-02-06 07:00', 1, '2023-02-06 18:00', 'before 08:30 the same day counts'],
    ['2023-02-06 13:00', 1, '2023-02-07 12:00', 'lunch-break start counts from 14:30 and ends at noon, not 14:30'],
    ['2023-01-20 10:00', 1, '2023-01-28 10:00', 'across 春节 2023 to the make-up Saturday'],
    ['2023-09-28 10:00', 2, '2023-10-08 10:00', 'across 国庆 2023 onto two make-up days'],
    ['2026-02-13 10:00', 2, '2026-02-24 10:00', 'across 春节 2026 via the make-up Saturday'],
    ['2023-02-06 10:00', 0.5, '2023-02-06 16:00', 'half a working day'],
    ['2023-02-06 10:00', 5, '2023-02-13 10:00', 'a working week'],
  ])('%s + %s workday → %s (%s)', (start, value, expected) => {
    expect(add(start, value, 'workday')).toBe(expected);
  });
});

describe('addWorkingTime: hour', () => {
  it('counts plain clock hours, nights and holidays included', () => {
    expect(add('2023-02-10 17:00', 6, 'hour')).toBe('2023-02-10 23:00');
    expect(add('2023-02-11 22:00', 3, 'hour')).toBe('2023-02-12 01:00');
    expect(add('2023-01-22 10:00', 1.5, 'hour')).toBe('2023-01-22 11:30');
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['2023-02-06 08:00', '2023-02-06 19:00', 420, 'a whole working day'],
    ['2023-02-06 11:00', '2023-02-06 15:00', 90, 'across noon'],
    ['2023-02-06 12:10', '2023-02-06 14:20', 0, 'inside the lunch break'],
    ['2023-02-10 17:00', '2023-02-13 09:00', 90, 'across the weekend'],
    ['2023-02-11 00:00', '2023-02-12 23:59', 0, 'a plain weekend'],
    ['2023-01-21 00:00', '2023-01-27 23:59', 0, 'the 春节 2023 holidays'],
    ['2023-01-27 18:00', '2023-01-29 18:00', 840, 'two make-up days'],
    ['2026-02-13 18:00', '2026-02-24 08:30', 420, 'across 春节 2026: only the make-up Saturday'],
    ['2023-02-06 10:00', '2023-02-06 10:00', 0, 'zero span'],
  ])('%s → %s = %s (%s)', (a, b, expected) => {
    expect(workingMinutesBetween(at(a), at(b), cal)).toBe(expected);
  });
  it('is negative when the end is before the start', () => {
    expect(workingMinutesBetween(at('2023-02-06 15:00'), at('2023-02-06 11:00'), cal)).toBe(-90);
  });
  it('counts fractions of minutes', () => {
    const a = at('2023-02-06 10:00');
    expect(workingMinutesBetween(a, new Date(a.getTime() + 30_000), cal)).toBe(0.5);
  });
  it('counts a whole year of 2023 working days', () => {
    // 2023: 260 Monday–Friday days; 18 of them holidays (元旦 1, 春节 5, 清明 1, 劳动 3, 端午 2,
    // 中秋国庆 6); 7 make-up days → 249, the published count of 2023 working days.
    const days = workingMinutesBetween(at('2023-01-01 00:00'), at('2024-01-01 00:00'), cal) / 420;
    let counted = 0;
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2024, 0, 1); t += 86_400_000) {
      if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) counted++;
    }
    expect(days).toBe(counted);
    expect(counted).toBe(249);
  });
});

describe('properties', () => {
  const DAY = 86_400_000;
  const from2023 = Date.UTC(2023, 0, 1);
  // Instants on whole minutes across 2023–2026.
  const anyInstant = fc.integer({ min: 0, max: 4 * 365 * 1440 }).map((m) => new Date(from2023 + m * 60_000));
  // Instants inside working time: a day offset and a minute inside one of the two periods.
  const workingInstant = fc
    .tuple(fc.integer({ min: 0, max: 4 * 365 }), fc.integer({ min: 0, max: 419 }))
    .map(([d, m]) => {
      const date = new Date(from2023 + d * DAY).toISOString().slice(0, 10);
      const minuteOfDay = m < 210 ? 510 + m : 870 + (m - 210);
      return {
        date,
        instant: cityTime(date, `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`),
      };
    })
    .filter(({ date }) => isWorkingDay(date, cal))
    .map(({ instant }) => instant);

  it('workingMinutesBetween(s, s + n workhour) = 60n for s inside working time', () => {
    fc.assert(
      fc.property(workingInstant, fc.integer({ min: 0, max: 400 }), (s, n) => {
        expect(workingMinutesBetween(s, addWorkingTime(s, n, 'workhour', cal), cal)).toBe(n * 60);
      }),
    );
  });

  it('the same holds from any instant and for quarter hours', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 400 }), (s, q) => {
        expect(workingMinutesBetween(s, addWorkingTime(s, q / 4, 'workhour', cal), cal)).toBe(q * 15);
      }),
    );
  });

  it('a positive deadline lands inside a working period of a working day (end included)', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 2000 }), (s, minutes) => {
        const due = addWorkingTime(s, minutes / 60, 'workhour', cal);
        expect(isWorkingDay(cityDate(due), cal)).toBe(true);
        const hm = show(due).slice(11);
        const inside = (hm > '08:30' && hm <= '12:00') || (hm > '14:30' && hm <= '18:00');
        expect(inside).toBe(true);
      }),
    );
  });

  it('N workdays equal 7N workhours and grow with N', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: 1, max: 30 }), (s, n) => {
        const byDay = addWorkingTime(s, n, 'workday', cal).getTime();
        expect(byDay).toBe(addWorkingTime(s, 7 * n, 'workhour', cal).getTime());
        expect(addWorkingTime(s, n + 1, 'workday', cal).getTime()).toBeGreaterThan(byDay);
      }),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import { isMonthClosed, lastClosedMonth, monthClosesAt } from './month-closure.js';

describe('month closure', () => {
  it('closes a month ten minutes after its end in city time (UTC+8)', () => {
    // October 2026 ends at 2026-11-01 00:00 in Xuchang = 2026-10-31 16:00 UTC.
    expect(monthClosesAt('2026-10').toISOString()).toBe('2026-10-31T16:10:00.000Z');
    expect(isMonthClosed('2026-10', new Date('2026-10-31T16:09:59.999Z'))).toBe(false);
    expect(isMonthClosed('2026-10', new Date('2026-10-31T16:10:00.000Z'))).toBe(true);
    expect(isMonthClosed('2026-11', new Date('2026-10-31T16:10:00.000Z'))).toBe(false);
  });

  it('names the last closed month, across a year boundary', () => {
    expect(lastClosedMonth(new Date('2026-10-31T16:10:00.000Z'))).toBe('2026-10');
    expect(lastClosedMonth(new Date('2026-10-31T16:09:00.000Z'))).toBe('2026-09');
    expect(lastClosedMonth(new Date('2026-01-15T03:00:00.000Z'))).toBe('2025-12');
    // 2027-01-01 00:05 city time: December is not closed yet.
    expect(lastClosedMonth(new Date('2026-12-31T16:05:00.000Z'))).toBe('2026-11');
  });
});

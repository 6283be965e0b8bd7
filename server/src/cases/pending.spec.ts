import { describe, expect, it } from '@jest/globals';
import { HOLIDAYS } from '../seed/reference/index.js';
import { buildCalendar } from '../calendar/working-time.js';
import { cityTime } from '@xc/shared';
import { resumedDeadline } from './pending.js';

const cal = buildCalendar(HOLIDAYS);
/** City wall-clock instant, e.g. at('2026-11-30 10:00'). */
const at = (s: string): Date => cityTime(s.slice(0, 10), s.slice(11));
const show = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('resumedDeadline: 挂账 pauses the clock', () => {
  it('gives back the working time left when the case was pended', () => {
    // Pended Monday 10:00 with the deadline at 16:00: 10:00–12:00 and 14:30–16:00 left, 210 minutes.
    // Resumed Wednesday 09:00: 09:00–12:00 is 180, the other 30 run from 14:30 → 15:00.
    const d = resumedDeadline(
      { deadline: at('2026-11-30 16:00'), pendedAt: at('2026-11-30 10:00'), resumedAt: at('2026-12-02 09:00'), unit: 'workhour' },
      cal,
    );
    expect(show(d)).toBe('2026-12-02 15:00');
  });

  it('counts only working time across a weekend, for limits in working days too', () => {
    // Pended Friday 2026-12-04 17:00, deadline Monday 10:00: Friday 17:00–18:00 and Monday 08:30–10:00, 150 minutes.
    // Resumed Tuesday 11:00: 11:00–12:00 is 60, then 90 from 14:30 → 16:00.
    const d = resumedDeadline(
      { deadline: at('2026-12-07 10:00'), pendedAt: at('2026-12-04 17:00'), resumedAt: at('2026-12-08 11:00'), unit: 'workday' },
      cal,
    );
    expect(show(d)).toBe('2026-12-08 16:00');
  });

  it('gives back clock hours for limits in plain hours', () => {
    // Six clock hours left at the pend; resumed at 21:00, due at 03:00 the next day.
    const d = resumedDeadline(
      { deadline: at('2026-11-30 16:00'), pendedAt: at('2026-11-30 10:00'), resumedAt: at('2026-12-01 21:00'), unit: 'hour' },
      cal,
    );
    expect(show(d)).toBe('2026-12-02 03:00');
  });

  it('leaves the deadline of a case pended after it had already passed', () => {
    const deadline = at('2026-11-30 10:00');
    expect(
      resumedDeadline({ deadline, pendedAt: at('2026-11-30 11:00'), resumedAt: at('2026-12-03 09:00'), unit: 'workhour' }, cal),
    ).toEqual(deadline);
  });
});

import { isoWeekDates, weekTitle } from './week';

describe('我的本周: the week as people read it', () => {
  it('finds the Monday and Sunday of an ISO week', () => {
    // 2026-11-30 is a Monday (the server's isoWeekOf: 2026-11-29T16:00Z, Monday 00:00 in 许昌, is 2026-W49).
    expect(isoWeekDates('2026-W49')).toEqual(['2026-11-30', '2026-12-06']);
    // 2027-01-01 (a Friday) belongs to 2026-W53, which runs 2026-12-28 to 2027-01-03.
    expect(isoWeekDates('2026-W53')).toEqual(['2026-12-28', '2027-01-03']);
    // 2021-01-03 (a Sunday) is in 2020-W53; 2021-W01 starts on 2021-01-04.
    expect(isoWeekDates('2021-W01')).toEqual(['2021-01-04', '2021-01-10']);
    expect(isoWeekDates('2026-49')).toBeNull();
  });

  it('writes 第49周 with its dates, never 2026-W49', () => {
    expect(weekTitle('2026-W49')).toBe('第49周（11月30日–12月6日）');
    expect(weekTitle('2026-W05')).toBe('第5周（1月26日–2月1日）');
    expect(weekTitle('garbage')).toBe('本周');
  });
});

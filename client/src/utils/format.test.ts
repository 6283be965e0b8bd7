import { formatCount, formatRate, monthLabel, shanghaiMonth } from './format';

describe('format', () => {
  it('takes the month in Asia/Shanghai, not UTC', () => {
    expect(shanghaiMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12'); // 00:30 on 1 December in Xuchang
    expect(shanghaiMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });

  it('shows rates as percentages with two decimals, null as 暂无数据', () => {
    expect(formatRate(0.8532)).toBe('85.32%');
    expect(formatRate(1)).toBe('100.00%');
    expect(formatRate(0)).toBe('0.00%');
    expect(formatRate(null)).toBe('暂无数据');
    expect(formatRate(undefined)).toBe('—');
  });

  it('shows counts, or — when missing', () => {
    expect(formatCount(1284)).toBe('1284');
    expect(formatCount(undefined)).toBe('—');
    expect(monthLabel('2026-03')).toBe('2026年3月');
  });
});

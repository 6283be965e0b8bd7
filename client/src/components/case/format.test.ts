import { deadlineState, formatDistance, gridLabel, statusLabel } from './format';

const NOW = new Date('2026-11-30T02:00:00Z'); // 10:00 in 许昌
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * 3600_000).toISOString();

describe('deadlineState: one rule for every card and page', () => {
  it('counts down while the unit works on it, and counts up once past', () => {
    expect(deadlineState({ status: 'dispatched', deadline: at(4 * 24 + 8), overdue: false }, NOW)).toEqual({
      kind: 'running',
      text: '剩余 4天8小时',
    });
    expect(deadlineState({ status: 'dispatched', deadline: at(-1.5), overdue: true }, NOW)).toEqual({
      kind: 'overdue',
      text: '已超期 1小时30分钟',
    });
    // The server says overdue a moment before the client clock does: overdue wins.
    expect(deadlineState({ status: 'dispatched', deadline: at(0.01), overdue: true }, NOW)?.kind).toBe('overdue');
  });

  it('shows no countdown for a 挂账 case: its deadline is paused', () => {
    const pending = { status: 'pending' as const, deadline: at(4 * 24 + 8), overdue: false };
    expect(deadlineState(pending, NOW)).toEqual({ kind: 'paused', text: '挂账中，期限暂停计算' });
    expect(deadlineState(pending, NOW, 'public')).toEqual({ kind: 'paused', text: '长期整治中，暂停计时' });
    expect(deadlineState({ ...pending, deadline: at(-30) }, NOW)?.text).not.toMatch(/剩余|超期/);
  });

  it('says whether finished work came in time, never a clock still running', () => {
    for (const status of ['handled', 'checking', 'checked', 'closed'] as const) {
      expect(deadlineState({ status, deadline: at(-48), overdue: false }, NOW)).toEqual({ kind: 'met', text: '按期完成' });
      expect(deadlineState({ status, deadline: at(-48), overdue: true }, NOW)).toEqual({ kind: 'late', text: '超期完成' });
    }
  });

  it('has nothing to say without a deadline, before dispatch, or once refused or voided', () => {
    expect(deadlineState({ status: 'dispatched', deadline: null, overdue: false }, NOW)).toBeNull();
    for (const status of ['reported', 'verifying', 'registered', 'refused', 'voided'] as const) {
      expect(deadlineState({ status, deadline: at(-5), overdue: false }, NOW)).toBeNull();
    }
  });
});

describe('labels people read', () => {
  it('writes distances no finer than a phone locates', () => {
    expect(formatDistance(0.9)).toBe('10 米内');
    expect(formatDistance(9.6)).toBe('10 米内');
    expect(formatDistance(14)).toBe('10 米');
    expect(formatDistance(734)).toBe('730 米');
    expect(formatDistance(996)).toBe('1 公里');
    expect(formatDistance(1100)).toBe('1.1 公里');
    expect(formatDistance(1123)).toBe('1.12 公里');
    expect(formatDistance(12_345)).toBe('12.3 公里');
    expect(formatDistance(undefined)).toBe('');
  });

  it('names a grid without the street already beside it, and never by its code', () => {
    expect(gridLabel({ name: '南关街道万丰社区第1网格' }, '南关街道')).toBe('万丰社区第1网格');
    expect(gridLabel({ name: '西大街道顺城社区第1网格' }, '南关街道')).toBe('西大街道顺城社区第1网格');
    expect(gridLabel({ name: '南关街道' }, '南关街道')).toBe('南关街道');
    expect(gridLabel(null, '南关街道')).toBe('');
  });

  it('tells the public 长期整治中 where staff read 挂账', () => {
    expect(statusLabel('pending')).toBe('挂账');
    expect(statusLabel('pending', 'public')).toBe('长期整治中');
    expect(statusLabel('closed', 'public')).toBe('已结案');
  });
});

import { render, screen } from '@testing-library/react';
import { TodoCard } from './TodoCard';
import { buildCaseSummary } from '../../../../test/builders';

const NOW = new Date('2026-11-30T02:00:00Z'); // 10:00 in 许昌
const at = (h: number) => new Date(NOW.getTime() + h * 3600_000).toISOString();

function card(over: Parameters<typeof buildCaseSummary>[0], roles: ('operator' | 'dispatcher' | 'handler')[] = ['operator']) {
  const r = render(<TodoCard item={buildCaseSummary(over)} roles={roles} now={NOW} onOpen={() => undefined} />);
  return {
    time: screen.getByTestId('todo-time').textContent,
    clock: screen.queryByTestId('todo-clock')?.textContent ?? null,
    unmount: r.unmount,
  };
}

describe('to-do card: it shows what the list is sorted by', () => {
  it('shows the deadline of a case that has one, with its state, not the report time', () => {
    // Handled on time (sorted by its deadline, 2 hours ago): the deadline and 按期完成.
    let c = card({ status: 'handled', deadline: at(-2), overdue: false, reportedAt: at(-30) });
    expect(c.time).toBe('期限 11-30 08:00');
    expect(c.clock).toBe('按期完成');
    c.unmount();
    // Handled late.
    c = card({ status: 'handled', deadline: at(-2), overdue: true });
    expect(c.clock).toBe('超期完成');
    c.unmount();
    // With the unit: the clock runs.
    c = card({ status: 'dispatched', deadline: at(5), overdue: false, unit: { id: 'u', name: '魏都区' } }, ['handler']);
    expect(c.time).toBe('期限 11-30 15:00');
    expect(c.clock).toBe('剩余 5小时');
    c.unmount();
    c = card({ status: 'dispatched', deadline: at(-1), overdue: true }, ['handler']);
    expect(c.clock).toBe('已超期 1小时');
    c.unmount();
  });

  it('shows when it was reported when there is no deadline yet', () => {
    const c = card({ status: 'reported', deadline: null, reportedAt: at(-1) });
    expect(c.time).toBe('上报 11-30 09:00');
    expect(c.clock).toBeNull();
  });

  it('names the grid, not its code, and no task line that repeats the tag', () => {
    card({ status: 'reported' });
    expect(screen.getByText('许昌市魏都区南关街道 · 万丰社区第1网格')).toBeInTheDocument();
    expect(screen.getAllByText('待受理')).toHaveLength(1);
  });
});

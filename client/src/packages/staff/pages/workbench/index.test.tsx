import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { Role } from '@xc/shared';
import WorkbenchPage from './index';
import * as staffApi from '../../api';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { buildCaseSummary, buildTokens, buildUser } from '../../../../../test/builders';

jest.mock('../../api');
// The live stream is tested on its own (services/live.test.ts).
jest.mock('../../../../services/live');
const mockedStaff = jest.mocked(staffApi);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pageHooks: Record<string, () => void> = require('@tarojs/taro').__pageHooks;

function loginAs(roles: Role[], extra: Partial<Parameters<typeof buildUser>[0]> = {}) {
  setSession(buildTokens(buildUser({ id: 'u-staff', username: 'demo-staff', name: '演示处置员', roles, ...extra })));
}

// Taro's lazy-loading Image watches visibility; jsdom has no IntersectionObserver.
beforeAll(() => {
  (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

function cards(): HTMLElement[] {
  return screen.queryAllByTestId('todo-card');
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'stopPullDownRefresh').mockImplementation(() => undefined as never);
});

afterEach(() => {
  act(() => clearSession());
});

describe('工作台', () => {
  it('shows the role badge, the counts, and the to-do with overdue cases first and marked', async () => {
    loginAs(['handler'], { unit: { id: 'central-411002', name: '魏都区' } });
    const soon = buildCaseSummary({
      id: 'c-soon',
      caseNo: 'XC1',
      status: 'dispatched',
      deadline: '2099-01-01T02:00:00.000Z',
      overdue: false,
    });
    const later = buildCaseSummary({
      id: 'c-later',
      caseNo: 'XC2',
      status: 'dispatched',
      deadline: '2099-01-03T02:00:00.000Z',
      overdue: false,
    });
    const late = buildCaseSummary({
      id: 'c-late',
      caseNo: 'XC3',
      status: 'dispatched',
      deadline: '2026-11-20T02:00:00.000Z',
      overdue: true,
    });
    const later2 = buildCaseSummary({
      id: 'c-late2',
      caseNo: 'XC4',
      status: 'dispatched',
      deadline: '2026-11-25T02:00:00.000Z',
      overdue: true,
    });
    // The server's order, whatever it is: the page shows overdue first, then by deadline.
    mockedStaff.todoCases.mockResolvedValue({ items: [soon, later2, later, late], nextCursor: null });
    mockedStaff.todoCounts.mockResolvedValue({ total: 4, overdue: 2, byStatus: { dispatched: 4 } });
    render(<WorkbenchPage />);
    expect(screen.getByTestId('list-skeleton')).toBeInTheDocument();
    await waitFor(() => expect(cards()).toHaveLength(4));

    expect(screen.getByTestId('role-badge')).toHaveTextContent('处置单位');
    expect(screen.getByText('所属单位：魏都区')).toBeInTheDocument();
    expect(cards().map((c) => c.getAttribute('data-case-no'))).toEqual(['XC3', 'XC4', 'XC1', 'XC2']);
    expect(cards().map((c) => c.getAttribute('data-overdue'))).toEqual(['true', 'true', 'false', 'false']);
    expect(cards()[0]).toHaveClass('todo-card--overdue');
    expect(cards()[0]).toHaveTextContent('超期');
    expect(cards()[0]).toHaveTextContent(/已超期/);
    expect(cards()[2]).not.toHaveTextContent('超期');
    expect(cards()[2]).toHaveTextContent(/剩余/);
    expect(cards()[0]).toHaveTextContent('待处置');

    await waitFor(() => expect(screen.getByTestId('count-all')).toHaveTextContent('4'));
    expect(screen.getByTestId('count-overdue')).toHaveTextContent('2');
    // One status only (处置单位): no chip repeating 全部.
    expect(screen.queryByTestId('count-dispatched')).not.toBeInTheDocument();

    fireEvent.click(cards()[0]);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/pages/case/index?id=c-late' });
  });

  it('counts an operator’s to-do by state from the counts endpoint (not by paging the list), and filters by one', async () => {
    loginAs(['operator']);
    const items = [
      buildCaseSummary({ id: 'a', status: 'reported' }),
      buildCaseSummary({ id: 'b', status: 'reported' }),
      buildCaseSummary({ id: 'c', status: 'handled' }),
      buildCaseSummary({ id: 'd', status: 'checked' }),
    ];
    mockedStaff.todoCases.mockImplementation(async (q = {}) => ({
      items: q.status ? items.filter((i) => q.status!.includes(i.status)) : items,
      nextCursor: 'more-beyond-the-first-page',
    }));
    // The whole to-do, far beyond one page: the strip shows the aggregate as it is.
    mockedStaff.todoCounts.mockResolvedValue({ total: 1234, overdue: 56, byStatus: { reported: 1000, handled: 200, checked: 34 } });
    render(<WorkbenchPage />);
    await waitFor(() => expect(cards()).toHaveLength(4));
    await waitFor(() => expect(screen.getByTestId('count-reported')).toHaveTextContent('1000'));
    expect(screen.getByTestId('count-all')).toHaveTextContent('1234');
    expect(screen.getByTestId('count-overdue')).toHaveTextContent('56');
    expect(screen.getByTestId('count-handled')).toHaveTextContent('200');
    expect(screen.getByTestId('count-checked')).toHaveTextContent('34');
    expect(mockedStaff.todoCounts).toHaveBeenCalledTimes(1);
    // The list asked for its first page only.
    expect(mockedStaff.todoCases).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[data-filter="reported"]')).toHaveTextContent('待受理');
    expect(document.querySelector('[data-filter="handled"]')).toHaveTextContent('待派发核查');
    expect(document.querySelector('[data-filter="checked"]')).toHaveTextContent('待结案');
    fireEvent.click(screen.getByTestId('count-handled'));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(mockedStaff.todoCases).toHaveBeenLastCalledWith(expect.objectContaining({ status: ['handled'] }));
  });

  it('loads more at the bottom and refreshes on pull', async () => {
    loginAs(['operator']);
    mockedStaff.todoCounts.mockResolvedValue({ total: 2, overdue: 0, byStatus: { reported: 2 } });
    mockedStaff.todoCases
      .mockResolvedValueOnce({ items: [buildCaseSummary({ id: 'p1' })], nextCursor: 'cur-2' }) // list
      .mockResolvedValueOnce({ items: [buildCaseSummary({ id: 'p2' })], nextCursor: null }); // more
    render(<WorkbenchPage />);
    await waitFor(() => expect(cards()).toHaveLength(1));
    await screen.findByText('加载更多');
    act(() => pageHooks.reachBottom());
    await waitFor(() => expect(cards()).toHaveLength(2));
    expect(mockedStaff.todoCases).toHaveBeenCalledWith(expect.objectContaining({ cursor: 'cur-2' }));

    mockedStaff.todoCases.mockResolvedValue({ items: [buildCaseSummary({ id: 'p3' })], nextCursor: null });
    act(() => pageHooks.pullDownRefresh());
    await waitFor(() => expect(cards().map((c) => c.getAttribute('data-case-id'))).toEqual(['p3']));
    expect(Taro.stopPullDownRefresh).toHaveBeenCalled();
    // The pull refreshed the counts too.
    expect(mockedStaff.todoCounts).toHaveBeenCalledTimes(2);
  });

  it('keeps the list when the counts fail, the strip waiting', async () => {
    loginAs(['operator']);
    mockedStaff.todoCases.mockResolvedValue({ items: [buildCaseSummary({ id: 'a' })], nextCursor: null });
    mockedStaff.todoCounts.mockRejectedValue(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<WorkbenchPage />);
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(screen.getByTestId('count-all')).toHaveTextContent('…');
  });

  it('says what to do when the to-do is empty, and offers 重试 on an error', async () => {
    loginAs(['inspector'], { grids: [{ code: '411002001001001', name: '西大街道顺城社区第1网格' }] });
    mockedStaff.todoCases.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    mockedStaff.todoCases.mockResolvedValue({ items: [], nextCursor: null });
    mockedStaff.todoCounts.mockResolvedValue({ total: 0, overdue: 0, byStatus: {} });
    render(<WorkbenchPage />);
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('暂无待办')).toBeInTheDocument();
    // An inspector can report what they find on patrol.
    fireEvent.click(screen.getByText('巡查上报'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/report/index?patrol=1' });
    // And into 巡查.
    expect(screen.getByTestId('patrol-entry')).toHaveTextContent('开始巡查');
    fireEvent.click(screen.getByTestId('patrol-entry'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/pages/patrol/index' });
  });

  it('sends a citizen away: no 工作台 for them', () => {
    loginAs(['citizen']);
    render(<WorkbenchPage />);
    expect(screen.getByText('没有待办')).toBeInTheDocument();
    expect(mockedStaff.todoCases).not.toHaveBeenCalled();
  });
});

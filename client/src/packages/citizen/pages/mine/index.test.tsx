import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MyReportsPage from './index';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { buildCaseSummary, buildTokens } from '../../../../../test/builders';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

// The jest shim records page hooks (usePullDownRefresh, useReachBottom) so a test can fire them.
const pageHooks = (jest.requireActual('@tarojs/taro') as { __pageHooks: Record<string, () => void> }).__pageHooks;

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  setSession(buildTokens());
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  jest.spyOn(Taro, 'stopPullDownRefresh').mockImplementation(() => undefined);
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
});

afterEach(() => {
  act(() => clearSession());
});

describe('我的上报', () => {
  it('renders cards with category, address and status badges in their colours', async () => {
    mockedApi.myCases.mockResolvedValue({
      items: [
        buildCaseSummary({ id: 'a', status: 'reported', categoryName: '暴露垃圾' }),
        buildCaseSummary({ id: 'b', status: 'dispatched', categoryName: '店外经营', overdue: true }),
        buildCaseSummary({ id: 'c', status: 'closed', categoryName: '井盖破损', address: '魏都区七一路' }),
      ],
      nextCursor: null,
    });
    const { container } = render(<MyReportsPage />);
    expect(screen.getByTestId('list-skeleton')).toBeInTheDocument();
    expect(await screen.findByText('暴露垃圾')).toBeInTheDocument();
    expect(screen.getAllByTestId('case-card')).toHaveLength(3);
    const tag = (status: string) => container.querySelector(`.case-card [data-status="${status}"]`);
    expect(tag('reported')).toHaveTextContent('待受理');
    expect(tag('reported')).toHaveClass('status-tag--grey');
    expect(tag('dispatched')).toHaveTextContent('已派遣');
    expect(tag('dispatched')).toHaveClass('status-tag--blue');
    expect(tag('closed')).toHaveTextContent('已结案');
    expect(tag('closed')).toHaveClass('status-tag--green');
    expect(screen.getByText('超期')).toHaveClass('status-tag--orange');
    expect(screen.getByText('魏都区七一路')).toBeInTheDocument();
    expect(container.querySelector('.case-card__img')).not.toBeNull();
    expect(mockedApi.myCases).toHaveBeenCalledWith({ status: [], limit: 20 });

    fireEvent.click(screen.getByText('井盖破损'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/detail/index?id=c' });
  });

  it('loads more at the bottom (reach bottom and the 加载更多 button), without duplicates', async () => {
    mockedApi.myCases
      .mockResolvedValueOnce({ items: [buildCaseSummary({ id: 'a', categoryName: '第一条' })], nextCursor: 'cur-1' })
      .mockResolvedValueOnce({ items: [buildCaseSummary({ id: 'b', categoryName: '第二条' })], nextCursor: 'cur-2' })
      .mockResolvedValueOnce({
        items: [buildCaseSummary({ id: 'b', categoryName: '第二条' }), buildCaseSummary({ id: 'c', categoryName: '第三条' })],
        nextCursor: null,
      });
    render(<MyReportsPage />);
    await screen.findByText('第一条');

    act(() => pageHooks.reachBottom());
    expect(await screen.findByText('第二条')).toBeInTheDocument();
    expect(mockedApi.myCases).toHaveBeenLastCalledWith({ status: [], cursor: 'cur-1', limit: 20 });

    fireEvent.click(screen.getByText('加载更多'));
    expect(await screen.findByText('第三条')).toBeInTheDocument();
    expect(mockedApi.myCases).toHaveBeenLastCalledWith({ status: [], cursor: 'cur-2', limit: 20 });
    expect(screen.getAllByTestId('case-card')).toHaveLength(3);
    expect(screen.getByText('没有更多了 · 下拉可刷新')).toBeInTheDocument();

    act(() => pageHooks.reachBottom()); // nothing more to load
    expect(mockedApi.myCases).toHaveBeenCalledTimes(3);
  });

  it('filters by tab: 处理中 asks for the open statuses, 已结案 for closed', async () => {
    mockedApi.myCases.mockResolvedValue({ items: [], nextCursor: null });
    render(<MyReportsPage />);
    expect(await screen.findByText('暂无上报，去随手拍一个')).toBeInTheDocument();

    fireEvent.click(screen.getByText('处理中'));
    await waitFor(() =>
      expect(mockedApi.myCases).toHaveBeenLastCalledWith({
        status: ['reported', 'verifying', 'registered', 'dispatched', 'handled', 'checking', 'checked', 'pending'],
        limit: 20,
      }),
    );
    fireEvent.click(screen.getByText('已结案'));
    await waitFor(() => expect(mockedApi.myCases).toHaveBeenLastCalledWith({ status: ['closed'], limit: 20 }));
    expect(await screen.findByText('还没有已结案的上报')).toBeInTheDocument();
  });

  it('the empty state leads to 我要上报', async () => {
    mockedApi.myCases.mockResolvedValue({ items: [], nextCursor: null });
    render(<MyReportsPage />);
    await screen.findByText('暂无上报，去随手拍一个');
    fireEvent.click(screen.getByText('去随手拍'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/report/index' });
  });

  it('shows the error with 重试, and pull to refresh reloads', async () => {
    mockedApi.myCases
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }))
      .mockResolvedValueOnce({ items: [buildCaseSummary({ id: 'a', categoryName: '第一条' })], nextCursor: null })
      .mockResolvedValueOnce({
        items: [buildCaseSummary({ id: 'z', categoryName: '新上报' }), buildCaseSummary({ id: 'a', categoryName: '第一条' })],
        nextCursor: null,
      });
    render(<MyReportsPage />);
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('第一条')).toBeInTheDocument();

    act(() => pageHooks.pullDownRefresh());
    expect(await screen.findByText('新上报')).toBeInTheDocument();
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled());
  });

  it('asks to log in when there is no session', () => {
    act(() => clearSession());
    render(<MyReportsPage />);
    expect(screen.getByText('请先登录')).toBeInTheDocument();
    expect(mockedApi.myCases).not.toHaveBeenCalled();
  });
});

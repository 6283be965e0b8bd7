import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import HomePage from './index';
import * as api from '../../services/api';
import * as publicApi from '../../packages/public/api';
import { ApiError } from '../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../store/session';
import { buildStats, buildTokens, buildUserWithRole } from '../../../test/builders';

jest.mock('../../services/api');
jest.mock('../../packages/public/api', () => ({
  ...jest.requireActual('../../packages/public/api'),
  rankingMonths: jest.fn(),
}));
const mockedApi = jest.mocked(api);
const mockedPublic = jest.mocked(publicApi);

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  mockedPublic.rankingMonths.mockResolvedValue([]);
});

afterEach(() => {
  act(() => clearSession());
});

describe('首页', () => {
  it('shows the title, the purpose line and the entries', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    render(<HomePage />);
    expect(screen.getByText('许昌智慧城管便民服务平台')).toBeInTheDocument();
    expect(screen.getByText('市民随手拍 · 城市共管理')).toBeInTheDocument();
    for (const entry of ['我要上报', '我的上报', '附近问题', '排行榜', '考评通报']) {
      expect(screen.getByText(entry)).toBeInTheDocument();
    }
    expect(screen.getByText('登录')).toBeInTheDocument(); // not logged in: the entry to 登录
    await screen.findByText('1284');
  });

  it("asks for this month's figures and shows rates as percentages with two decimals", async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats({ reported: 1284, closureRate: 0.8532, onTimeRate: 0.9593 }));
    render(<HomePage />);
    expect(await screen.findByText('1284')).toBeInTheDocument();
    expect(screen.getByText('85.32%')).toBeInTheDocument();
    expect(screen.getByText('95.93%')).toBeInTheDocument();
    expect(mockedApi.monthlyStats).toHaveBeenCalledWith(expect.stringMatching(/^\d{4}-\d{2}$/));
    for (const label of ['本月上报', '结案率', '按期结案率']) expect(screen.getByText(label)).toBeInTheDocument();
  });

  it('shows 暂无数据 for a rate without a denominator', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats({ reported: 0, closureRate: null, onTimeRate: null }));
    render(<HomePage />);
    expect(await screen.findAllByText('暂无数据')).toHaveLength(2);
    expect(screen.getByText('0')).toBeInTheDocument();
  });

  it('shows a skeleton while loading, then — and 重试 when the figures fail, and retries', async () => {
    mockedApi.monthlyStats.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败' }));
    const { container } = render(<HomePage />);
    expect(container.querySelector('.figures .nut-skeleton')).not.toBeNull();
    expect(await screen.findAllByText('—')).toHaveLength(3);
    expect(container.querySelector('.figures .nut-skeleton')).toBeNull();
    expect(screen.getByText('我要上报')).toBeInTheDocument(); // the rest of the page still works

    mockedApi.monthlyStats.mockResolvedValueOnce(buildStats({ reported: 7 }));
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('7')).toBeInTheDocument();
    expect(mockedApi.monthlyStats).toHaveBeenCalledTimes(2);
  });

  it('hides 工作台 for a citizen', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    setSession(buildTokens(buildUserWithRole('citizen')));
    const { container } = render(<HomePage />);
    await screen.findByText('1284');
    expect(screen.queryByText('工作台')).not.toBeInTheDocument();
    expect(container.querySelector('.home__account-action')).toHaveTextContent('我的');
  });

  it.each(['evaluator', 'admin'] as const)('gives a %s no 工作台 tile that would lead to an empty to-do', async (role) => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    setSession(buildTokens(buildUserWithRole(role)));
    render(<HomePage />);
    await screen.findByText('1284');
    expect(screen.queryByText('工作台')).not.toBeInTheDocument();
    // What they can use is on the page: the public rankings and bulletin.
    expect(screen.getByText('排行榜')).toBeInTheDocument();
    expect(screen.getByText('考评通报')).toBeInTheDocument();
  });

  it('shows 工作台 for an operator and opens the staff subpackage', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    setSession(buildTokens(buildUserWithRole('operator')));
    render(<HomePage />);
    await screen.findByText('1284');
    fireEvent.click(screen.getByText('工作台'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/pages/workbench/index' });
  });

  it('shows 工作台 once a staff user logs in while the page is open', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    render(<HomePage />);
    await screen.findByText('1284');
    expect(screen.queryByText('工作台')).not.toBeInTheDocument();
    act(() => setSession(buildTokens(buildUserWithRole('dispatcher'))));
    expect(screen.getByText('工作台')).toBeInTheDocument();
  });

  it('opens 我要上报 in the citizen subpackage', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    render(<HomePage />);
    await screen.findByText('1284');
    fireEvent.click(screen.getByText('我要上报'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/citizen/pages/report/index' });
  });

  it("shows the latest bulletin's title in a notice bar that opens 考评通报 of that month", async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    mockedPublic.rankingMonths.mockResolvedValue([
      { month: '2026-10', revision: 1 },
      { month: '2023-02', revision: 1 },
    ]);
    render(<HomePage />);
    const title = await screen.findByText('许昌市城市管理综合考评10月份调度情况通报');
    fireEvent.click(title);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/public/pages/bulletin/index?month=2026-10' });
  });

  it('hides the notice bar when no bulletin is published or the list fails', async () => {
    mockedApi.monthlyStats.mockResolvedValue(buildStats());
    mockedPublic.rankingMonths.mockRejectedValue(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败' }));
    const { container } = render(<HomePage />);
    await screen.findByText('1284');
    expect(container.querySelector('.notice-bar')).toBeNull();
  });
});

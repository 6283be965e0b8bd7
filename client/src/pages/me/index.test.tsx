import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import MePage from './index';
import * as api from '../../services/api';
import { ApiError } from '../../services/request';
import { getSession, resetSessionCache, setSession } from '../../store/session';
import { buildTokens, buildUser } from '../../../test/builders';

jest.mock('../../services/api');
const mockedApi = jest.mocked(api);

const inspector = buildUser({
  id: 'u-inspector',
  username: 'demo-inspector',
  name: '王巡查',
  roles: ['inspector'],
  unit: { id: 'unit-wd', name: '魏都区城市管理局' },
  patrolRole: 'supervisor_l3',
  grids: [
    { code: '411002001001', name: '西大街第一网格' },
    { code: '411002001002', name: '西大街第二网格' },
  ],
});

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  mockedApi.logout.mockResolvedValue(undefined);
});

describe('我的', () => {
  it('offers 登录 when not logged in', () => {
    render(<MePage />);
    expect(screen.getByText('您还没有登录')).toBeInTheDocument();
    fireEvent.click(screen.getByText('登录'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
    expect(mockedApi.me).not.toHaveBeenCalled();
  });

  it('shows name, role, unit, patrol role and grids from me()', async () => {
    setSession(buildTokens(inspector));
    mockedApi.me.mockResolvedValue(inspector);
    render(<MePage />);
    expect(await screen.findByText('王巡查')).toBeInTheDocument();
    expect(screen.getByText('网格巡查监督员')).toBeInTheDocument();
    expect(screen.getByText('魏都区城市管理局')).toBeInTheDocument();
    expect(screen.getByText('三级网格巡查监督员')).toBeInTheDocument();
    expect(screen.getByText('西大街第一网格、西大街第二网格')).toBeInTheDocument();
  });

  it('leads to 消息中心, 我的上报 and to the help, about and privacy pages', async () => {
    setSession(buildTokens(inspector));
    mockedApi.me.mockResolvedValue(inspector);
    render(<MePage />);
    await screen.findByText('王巡查');
    const open: [string, string][] = [
      ['消息中心', '/packages/messages/pages/index/index'],
      ['我的上报', '/packages/citizen/pages/mine/index'],
      ['客服与帮助', '/packages/info/pages/help/index'],
      ['关于平台', '/packages/info/pages/about/index'],
      ['隐私政策', '/packages/info/pages/privacy/index'],
    ];
    for (const [label, url] of open) {
      fireEvent.click(screen.getByText(label));
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url });
    }
    expect(screen.queryByText(/即将开放/)).toBeNull();
  });

  it('shows the unread count as a badge on 消息中心', async () => {
    setSession(buildTokens(inspector));
    mockedApi.me.mockResolvedValue(inspector);
    mockedApi.unreadCount.mockResolvedValue({ count: 3 });
    mockedApi.eventsTicket.mockRejectedValue(new ApiError({ code: 'UNAVAILABLE', message: '服务暂不可用' }));
    render(<MePage />);
    expect(await screen.findByTestId('badge-messages')).toHaveTextContent('3');
  });

  it('offers help, about and privacy before logging in too', () => {
    render(<MePage />);
    fireEvent.click(screen.getByText('隐私政策'));
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/info/pages/privacy/index' });
    expect(screen.queryByText('我的上报')).toBeNull();
  });

  it('shows an error with 重试 when me() fails', async () => {
    setSession(buildTokens(inspector));
    mockedApi.me.mockRejectedValueOnce(new ApiError({ code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后再试' }));
    mockedApi.me.mockResolvedValueOnce(inspector);
    render(<MePage />);
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('王巡查')).toBeInTheDocument();
  });

  it('退出登录 forgets the session', async () => {
    setSession(buildTokens(inspector));
    mockedApi.me.mockResolvedValue(inspector);
    render(<MePage />);
    await screen.findByText('王巡查');
    act(() => {
      fireEvent.click(screen.getByText('退出登录'));
    });
    expect(getSession()).toBeNull();
    expect(window.localStorage.length).toBe(0);
    expect(screen.getByText('您还没有登录')).toBeInTheDocument();
  });

  it('lets a citizen type a phone number, and leads to 导出我的数据 and 注销账号', async () => {
    const citizen = buildUser({ id: 'u-c', username: 'wx-1', name: '微信用户', roles: ['citizen'], phone: null });
    setSession(buildTokens(citizen));
    mockedApi.me.mockResolvedValue(citizen);
    mockedApi.setPhone.mockResolvedValue({ ...citizen, phone: '13900001111' });
    render(<MePage />);
    expect(await screen.findByTestId('phone-value')).toHaveTextContent('未填写');
    fireEvent.click(screen.getByText('填写手机号'));
    const input = await waitFor(() => {
      const el = screen.getByTestId('phone-card').querySelector('input');
      if (!el) throw new Error('no input yet');
      return el;
    });
    fireEvent.input(input, { target: { value: '13900001111' } });
    await act(async () => {
      fireEvent.click(screen.getByText('保存'));
    });
    expect(mockedApi.setPhone).toHaveBeenCalledWith({ phone: '13900001111' });
    expect(screen.getByTestId('phone-value')).toHaveTextContent('13900001111');
    fireEvent.click(screen.getByText('导出我的数据'));
    fireEvent.click(screen.getByText('注销账号'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/info/pages/my-data/index' });
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/info/pages/delete-account/index' });
  });
});

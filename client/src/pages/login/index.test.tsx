import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import LoginPage from './index';
import { DEMO_ACCOUNTS } from './demo-accounts';
import * as api from '../../services/api';
import { ApiError } from '../../services/request';
import { getSession, resetSessionCache } from '../../store/session';
import { buildTokens, buildUserWithRole } from '../../../test/builders';

jest.mock('../../services/api');
const mockedApi = jest.mocked(api);

function accountRow(username: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`[data-username="${username}"]`);
  if (!row) throw new Error(`no row for ${username}`);
  return row;
}

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
});

describe('登录 (H5 demo picker)', () => {
  it('lists every demo account with its role', () => {
    render(<LoginPage />);
    expect(screen.getByText('选择演示账号登录')).toBeInTheDocument();
    for (const account of DEMO_ACCOUNTS) {
      expect(screen.getByText(account.username)).toBeInTheDocument();
    }
    expect(DEMO_ACCOUNTS.map((a) => a.username)).toEqual([
      'demo-citizen',
      'demo-citizen-2',
      'demo-inspector',
      'demo-operator',
      'demo-dispatcher',
      'demo-handler',
      'demo-handler-2',
      'demo-evaluator',
      'demo-admin',
    ]);
    expect(screen.getByText('网格巡查监督员（魏都区网格）')).toBeInTheDocument();
    expect(screen.getByText('处置单位（建安区）')).toBeInTheDocument();
  });

  it('logs in as the chosen account, keeps the session and returns to 首页', async () => {
    const tokens = buildTokens(buildUserWithRole('operator'));
    mockedApi.demoLogin.mockResolvedValue(tokens);
    render(<LoginPage />);
    fireEvent.click(accountRow('demo-operator'));
    expect(mockedApi.demoLogin).toHaveBeenCalledTimes(1);
    expect(mockedApi.demoLogin).toHaveBeenCalledWith('demo-operator');
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' }));
    expect(getSession()?.accessToken).toBe(tokens.accessToken);
    expect(getSession()?.user.roles).toEqual(['operator']);
    expect(mockedApi.wechatLogin).not.toHaveBeenCalled();
  });

  it('shows the error in Chinese with 重试, and 重试 tries the same account again', async () => {
    mockedApi.demoLogin
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }))
      .mockResolvedValueOnce(buildTokens());
    render(<LoginPage />);
    fireEvent.click(accountRow('demo-citizen-2'));
    expect(await screen.findByText('登录失败：网络连接失败，请检查网络后重试')).toBeInTheDocument();
    expect(getSession()).toBeNull();
    expect(Taro.reLaunch).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalled());
    expect(mockedApi.demoLogin).toHaveBeenNthCalledWith(2, 'demo-citizen-2');
  });
});

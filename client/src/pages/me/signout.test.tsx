import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import MePage from './index';
import * as api from '../../services/api';
import { ApiError } from '../../services/request';
import { clearSession, getSession, resetSessionCache, setSession } from '../../store/session';
import { buildTokens, buildUser } from '../../../test/builders';

jest.mock('../../services/api');
const mockedApi = jest.mocked(api);

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  setSession(buildTokens());
  mockedApi.me.mockResolvedValue(buildUser());
});

afterEach(() => {
  act(() => clearSession());
});

describe('我的: signing out', () => {
  it('退出登录 ends the session here at once and tells the server with the token it had', async () => {
    mockedApi.logout.mockResolvedValue(undefined);
    render(<MePage />);
    await screen.findByText('张市民');
    fireEvent.click(screen.getByText('退出登录'));
    expect(getSession()).toBeNull();
    expect(await screen.findByText('您还没有登录')).toBeInTheDocument();
    expect(mockedApi.logout).toHaveBeenCalledWith('access-demo-citizen');
  });

  it('退出所有设备 asks the server first, and keeps the session with the reason when it fails', async () => {
    mockedApi.logout.mockRejectedValueOnce(new ApiError({ code: 'RATE_LIMITED', message: '操作过于频繁，请 30 秒后再试' }, 429));
    render(<MePage />);
    await screen.findByText('张市民');
    fireEvent.click(screen.getByTestId('logout-all'));
    expect(await screen.findByRole('alert')).toHaveTextContent('未能退出所有设备：操作过于频繁，请 30 秒后再试');
    expect(getSession()).not.toBeNull();
    mockedApi.logout.mockResolvedValueOnce(undefined);
    fireEvent.click(screen.getByTestId('logout-all'));
    await waitFor(() => expect(getSession()).toBeNull());
    expect(mockedApi.logout).toHaveBeenLastCalledWith('access-demo-citizen', true);
  });
});

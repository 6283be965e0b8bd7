import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { AuthTokensDto, MessageDto } from '@xc/shared';
import MessagesPage from './index';
import * as api from '../../../../services/api';
import { clearSession, setSession } from '../../../../store/session';
import { messageTarget } from '../../target';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

const msg = (over: Partial<MessageDto>): MessageDto => ({
  id: '1',
  kind: 'registered',
  title: '已受理',
  body: '你上报的问题 XC202611300001 已受理立案，将尽快派遣处置',
  caseId: 'c-1',
  caseNo: 'XC202611300001',
  createdAt: '2026-11-30T01:00:00.000Z',
  readAt: null,
  ...over,
});

const signIn = () =>
  setSession({
    accessToken: 'a',
    refreshToken: 'r',
    user: { id: 'u-1', username: 'demo-citizen', name: '演示市民', roles: ['citizen'] },
  } as unknown as AuthTokensDto);

describe('消息中心', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    signIn();
    mockedApi.eventsTicket.mockRejectedValue(new Error('offline'));
    mockedApi.readMessages.mockResolvedValue(undefined);
  });
  afterEach(() => {
    cleanup();
    clearSession();
  });

  it('lists messages newest first with the unread ones marked, and opens the case on tap, marking it read', async () => {
    mockedApi.messages.mockResolvedValue({
      items: [msg({ id: '2', kind: 'dispatched', title: '已派遣' }), msg({ id: '1', readAt: '2026-11-30T02:00:00.000Z' })],
      nextCursor: null,
    });
    mockedApi.unreadCount.mockResolvedValue({ count: 1 });
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
    render(<MessagesPage />);
    const items = await screen.findAllByTestId('message');
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining('已派遣'), expect.stringContaining('已受理')]);
    await waitFor(() => expect(screen.getByText('1 条未读')).toBeTruthy());
    expect(items[0].className).toContain('message--unread');
    expect(items[1].className).not.toContain('message--unread');

    fireEvent.click(items[0]);
    expect(mockedApi.readMessages).toHaveBeenCalledWith({ ids: ['2'] });
    expect(navigate).toHaveBeenCalledWith({ url: '/packages/citizen/pages/detail/index?id=c-1' });
  });

  it('marks everything read at once', async () => {
    mockedApi.messages.mockResolvedValue({ items: [msg({ id: '3' }), msg({ id: '4' })], nextCursor: null });
    mockedApi.unreadCount.mockResolvedValue({ count: 2 });
    render(<MessagesPage />);
    fireEvent.click(await screen.findByTestId('read-all'));
    expect(mockedApi.readMessages).toHaveBeenCalledWith({ all: true });
    await waitFor(() => expect(screen.queryByTestId('read-all')).toBeNull());
  });

  it('says so when there is nothing, and when loading failed', async () => {
    mockedApi.messages.mockResolvedValueOnce({ items: [], nextCursor: null });
    mockedApi.unreadCount.mockResolvedValue({ count: 0 });
    const { unmount } = render(<MessagesPage />);
    expect(await screen.findByText('暂无消息')).toBeTruthy();
    unmount();
    mockedApi.messages.mockRejectedValueOnce(new Error('x'));
    render(<MessagesPage />);
    expect(await screen.findByText('消息加载失败')).toBeTruthy();
  });

  it('sends a reporter to their case page and staff to the staff case page', () => {
    expect(messageTarget({ kind: 'closed', caseId: 'c-9' })).toBe('/packages/citizen/pages/detail/index?id=c-9');
    expect(messageTarget({ kind: 'assigned', caseId: 'c-9' })).toBe('/packages/staff/pages/case/index?id=c-9');
    expect(messageTarget({ kind: 'assigned', caseId: null })).toBeNull();
  });
});

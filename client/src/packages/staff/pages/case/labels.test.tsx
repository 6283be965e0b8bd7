import { act, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import StaffCasePage from './index';
import * as staffApi from '../../api';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { buildCase, buildHistory, buildTokens, buildUser } from '../../../../../test/builders';

/** The staff case page tells one story: its task line, its tag, its deadline and its steps agree. */

jest.mock('../../api');
jest.mock('../../../../services/api');
const mockedStaff = jest.mocked(staffApi);

function loginAs(roles: ('operator' | 'dispatcher' | 'handler' | 'inspector')[]) {
  setSession(buildTokens(buildUser({ id: 'u-staff', username: 'demo-staff', name: '工作人员', roles, unit: null })));
}

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const stepStates = () => [...document.querySelectorAll('.steps__item')].map((el) => el.getAttribute('data-state'));

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { id: 'c-1' } } } as never);
  mockedStaff.duplicatesNear.mockResolvedValue([]);
});

afterEach(() => {
  act(() => clearSession());
});

describe('staff case page: labels that agree', () => {
  it('says 待审批申请 to a dispatcher only when a request waits', async () => {
    loginAs(['dispatcher']);
    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'dispatched', openRequest: null, deadline: hours(30), unit: { id: 'u', name: '魏都区' }, nextActions: ['pend'] }),
    );
    const idle = render(<StaffCasePage />);
    expect(await screen.findByTestId('task')).toHaveTextContent('处置单位处置中');
    expect(screen.queryByText(/待审批/)).toBeNull();
    idle.unmount();

    mockedStaff.staffCase.mockResolvedValue(
      buildCase({
        status: 'dispatched',
        openRequest: 'extension',
        requestedDeadline: hours(80),
        deadline: hours(30),
        nextActions: ['approve-extension', 'reject-extension'],
        history: [buildHistory({ action: 'request-extension', from: 'dispatched', to: 'dispatched', actor: { role: 'handler' } })],
      }),
    );
    render(<StaffCasePage />);
    expect(await screen.findByTestId('task')).toHaveTextContent('待审批延期');
  });

  it('does not repeat 待受理 beside the 待受理 tag', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'reported', nextActions: ['register', 'refuse', 'void'] }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.getAllByText('待受理')).toHaveLength(1);
    expect(screen.queryByTestId('task')).toBeNull();
  });

  it('names the grid, never its 15-digit code, and prints the address once', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'reported', address: '许昌市魏都区南关街道 七一路口', nextActions: ['register'] }),
    );
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(screen.getByText('所属网格：万丰社区第1网格')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/411002004001001/);
    expect(screen.getAllByText('许昌市魏都区南关街道 七一路口')).toHaveLength(1);
  });

  it('shows a 挂账 case with its deadline paused, no countdown', async () => {
    loginAs(['dispatcher']);
    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'pending', deadline: hours(104), unit: { id: 'u', name: '魏都区' }, nextActions: ['resume'] }),
    );
    render(<StaffCasePage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('挂账中，期限暂停计算');
    expect(screen.queryByText(/剩余/)).toBeNull();
  });

  it('keeps the deadline of a closed case, tagged 超期 exactly when it was finished late', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'closed', deadline: hours(-72), overdue: true, unit: { id: 'u', name: '魏都区' } }),
    );
    const late = render(<StaffCasePage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('超期完成');
    expect(screen.getByText('超期')).toHaveClass('status-tag--orange');
    expect(stepStates()).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    late.unmount();

    mockedStaff.staffCase.mockResolvedValue(
      buildCase({ status: 'closed', deadline: hours(-72), overdue: false, unit: { id: 'u', name: '魏都区' } }),
    );
    render(<StaffCasePage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('按期完成');
    expect(screen.queryByText('超期')).toBeNull();
  });

  it('ticks 核查 once the check passed', async () => {
    loginAs(['operator']);
    mockedStaff.staffCase.mockResolvedValue(buildCase({ status: 'checked', deadline: hours(-5), nextActions: ['close'] }));
    render(<StaffCasePage />);
    await screen.findByTestId('action-bar');
    expect(stepStates()).toEqual(['done', 'done', 'done', 'done', 'done', 'current']);
  });
});

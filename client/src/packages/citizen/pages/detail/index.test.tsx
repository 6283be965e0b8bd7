import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import CaseDetailPage from './index';
import * as api from '../../../../services/api';
import { ApiError } from '../../../../services/request';
import { buildCase, buildHistory, buildMedia } from '../../../../../test/builders';

jest.mock('../../../../services/api');
const mockedApi = jest.mocked(api);

const closedCase = () =>
  buildCase({
    id: 'c-1',
    status: 'closed',
    version: 8,
    unit: { id: 'u-weidu', name: '魏都区城市管理局' },
    deadline: '2026-11-27T06:00:00.000Z',
    media: [buildMedia(1)],
    afterMedia: [buildMedia(2)],
    history: [
      buildHistory({ action: 'report', to: 'reported', at: '2026-11-27T01:05:00.000Z', actor: { role: 'citizen' } }),
      buildHistory({
        action: 'register',
        from: 'reported',
        to: 'registered',
        at: '2026-11-27T01:30:00.000Z',
        actor: { role: 'operator', name: '李受理' },
      }),
      buildHistory({
        action: 'dispatch',
        from: 'registered',
        to: 'dispatched',
        at: '2026-11-27T01:45:00.000Z',
        actor: { role: 'dispatcher', name: '王派遣' },
      }),
      buildHistory({
        action: 'finish',
        from: 'dispatched',
        to: 'handled',
        at: '2026-11-27T03:00:00.000Z',
        actor: { role: 'handler', name: '赵处置', unit: '魏都区城市管理局' },
        note: '已清运',
        media: [buildMedia(2)],
      }),
      buildHistory({
        action: 'check',
        from: 'checking',
        to: 'checked',
        at: '2026-11-27T04:00:00.000Z',
        actor: { role: 'inspector', name: '钱网格' },
      }),
      buildHistory({
        action: 'close',
        from: 'checked',
        to: 'closed',
        at: '2026-11-27T04:30:00.000Z',
        actor: { role: 'operator', name: '李受理' },
      }),
    ],
  });

beforeEach(() => {
  jest.resetAllMocks();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { id: 'c-1' } } } as never);
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' });
});

describe('问题详情', () => {
  it('shows the steps, and the timeline with times and roles but no staff names', async () => {
    mockedApi.getCase.mockResolvedValue(closedCase());
    render(<CaseDetailPage />);
    expect(screen.getByTestId('detail-skeleton')).toBeInTheDocument();
    expect(await screen.findByText('处理记录')).toBeInTheDocument();
    expect(mockedApi.getCase).toHaveBeenCalledWith('c-1');

    const items = screen.getAllByTestId('timeline-item');
    expect(items).toHaveLength(6);
    expect(items[0]).toHaveTextContent('结案');
    expect(items[0]).toHaveTextContent('受理员');
    expect(items[0]).toHaveTextContent('2026-11-27 12:30'); // Asia/Shanghai
    expect(items[2]).toHaveTextContent('处置完成');
    expect(items[2]).toHaveTextContent('处置单位');
    expect(items[2]).toHaveTextContent('已清运');
    expect(items[1]).toHaveTextContent('核查通过');
    expect(items[1]).toHaveTextContent('网格员');
    expect(items[3]).toHaveTextContent('派遣员');
    expect(items[5]).toHaveTextContent('上报问题');
    for (const name of ['李受理', '王派遣', '赵处置', '钱网格']) expect(screen.queryByText(new RegExp(name))).not.toBeInTheDocument();

    const steps = document.querySelectorAll('.steps__item');
    expect([...steps].map((s) => s.getAttribute('data-state'))).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(screen.getByText('上报照片 1/2')).toBeInTheDocument();
    expect(screen.getByText('处置后 2/2')).toBeInTheDocument();
  });

  it('shows the rating form only when nextActions includes rate, and sends it with the version', async () => {
    mockedApi.getCase.mockResolvedValue({ ...closedCase(), nextActions: ['rate'] });
    mockedApi.caseAction.mockResolvedValue({ ...closedCase(), version: 9, nextActions: [], rating: { rating: 4, comment: '处理及时' } });
    render(<CaseDetailPage />);
    expect(await screen.findByTestId('rating-form')).toBeInTheDocument();

    fireEvent.click(screen.getByText('提交评价'));
    expect(screen.getByText('请先点亮星星评分')).toBeInTheDocument();
    expect(mockedApi.caseAction).not.toHaveBeenCalled();

    fireEvent.click(screen.getByLabelText('4 星'));
    expect(screen.getByText('满意')).toBeInTheDocument();
    const comment = await waitFor(() => {
      const el = screen.getByTestId('rating-form').querySelector('textarea');
      if (!el) throw new Error('no textarea yet');
      return el;
    });
    fireEvent.input(comment, { target: { value: '处理及时' } });
    fireEvent.click(screen.getByText('提交评价'));
    await waitFor(() =>
      expect(mockedApi.caseAction).toHaveBeenCalledWith('c-1', { action: 'rate', version: 8, rating: 4, comment: '处理及时' }),
    );
    expect(await screen.findByTestId('rating-done')).toBeInTheDocument();
    expect(screen.queryByTestId('rating-form')).not.toBeInTheDocument();
    expect(screen.getByText('处理及时')).toBeInTheDocument();
  });

  it('shows no rating form without rate in nextActions (not the reporter, or already rated)', async () => {
    mockedApi.getCase.mockResolvedValue({ ...closedCase(), nextActions: [] });
    render(<CaseDetailPage />);
    await screen.findByText('处理记录');
    expect(screen.queryByTestId('rating-form')).not.toBeInTheDocument();
    expect(screen.queryByText('提交评价')).not.toBeInTheDocument();
  });

  it('on a version conflict says 该问题已被他人处理，已为你刷新 and reloads', async () => {
    mockedApi.getCase
      .mockResolvedValueOnce({ ...closedCase(), nextActions: ['rate'] })
      .mockResolvedValueOnce({ ...closedCase(), version: 9, nextActions: [] });
    mockedApi.caseAction.mockRejectedValue(new ApiError({ code: 'VERSION_CONFLICT', message: '该问题已被他人处理，已为你刷新' }, 409));
    render(<CaseDetailPage />);
    await screen.findByTestId('rating-form');
    fireEvent.click(screen.getByLabelText('5 星'));
    fireEvent.click(screen.getByText('提交评价'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该问题已被他人处理，已为你刷新' })));
    await waitFor(() => expect(mockedApi.getCase).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId('rating-form')).not.toBeInTheDocument());
  });

  it('shows the deadline with 剩余 or 已超期 while open, and the current step', async () => {
    const soon = new Date(Date.now() + 3 * 3600 * 1000 + 60000).toISOString();
    mockedApi.getCase.mockResolvedValueOnce(
      buildCase({ status: 'dispatched', deadline: soon, unit: { id: 'u', name: '魏都区城市管理局' } }),
    );
    const first = render(<CaseDetailPage />);
    expect(await screen.findByText(/^剩余 3小时/)).toBeInTheDocument();
    expect(screen.getByText('魏都区城市管理局')).toBeInTheDocument();
    // 已派遣: 派遣 reached and ticked, 处置 under way.
    expect([...document.querySelectorAll('.steps__item')].map((s) => s.getAttribute('data-state'))).toEqual([
      'done',
      'done',
      'done',
      'current',
      'todo',
      'todo',
    ]);
    first.unmount();

    const past = new Date(Date.now() - 26 * 3600 * 1000).toISOString();
    mockedApi.getCase.mockResolvedValueOnce(buildCase({ status: 'dispatched', deadline: past, overdue: true }));
    render(<CaseDetailPage />);
    expect(await screen.findByText(/^已超期 1天2小时/)).toBeInTheDocument();
    expect(screen.getByText('超期')).toHaveClass('status-tag--orange');
  });

  it('opens a photo full screen', async () => {
    mockedApi.getCase.mockResolvedValue(closedCase());
    render(<CaseDetailPage />);
    await screen.findByText('处理记录');
    fireEvent.click(document.querySelectorAll('.gallery__slide')[0]);
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/media/photo-1.jpg', '/media/photo-2.jpg'], current: '/media/photo-1.jpg' });
  });

  it('shows the error with 重试', async () => {
    mockedApi.getCase
      .mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }))
      .mockResolvedValueOnce(closedCase());
    render(<CaseDetailPage />);
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('处理记录')).toBeInTheDocument();
  });

  const stepStates = () => [...document.querySelectorAll('.steps__item')].map((el) => el.getAttribute('data-state'));

  it('shows a 挂账 case as 长期整治中 with its deadline paused, no countdown', async () => {
    const later = new Date(Date.now() + (4 * 24 + 8) * 3600 * 1000).toISOString();
    mockedApi.getCase.mockResolvedValueOnce(
      buildCase({
        status: 'pending',
        deadline: later,
        unit: { id: 'u', name: '建安区昌盛街道办事处' },
        history: [buildHistory(), buildHistory({ action: 'pend', from: 'dispatched', to: 'pending', actor: { role: 'dispatcher' } })],
      }),
    );
    render(<CaseDetailPage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('长期整治中，暂停计时');
    expect(screen.queryByText(/剩余|已超期/)).toBeNull();
    expect(screen.queryByText('挂账')).toBeNull();
    expect(screen.getByText('长期整治中')).toHaveClass('status-tag--purple');
    expect(screen.getByTestId('pending-note')).toHaveTextContent('处理期限暂停计算');
    expect(screen.getByText('转为长期整治，暂停计时')).toBeInTheDocument();
  });

  it('shows the deadline of a closed case and whether it was met, as the list tags it', async () => {
    const past = new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString();
    mockedApi.getCase.mockResolvedValueOnce({ ...closedCase(), deadline: past, overdue: true });
    const late = render(<CaseDetailPage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('超期完成');
    expect(screen.getByText('超期')).toHaveClass('status-tag--orange');
    expect(stepStates()).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    late.unmount();

    mockedApi.getCase.mockResolvedValueOnce({ ...closedCase(), deadline: past, overdue: false });
    render(<CaseDetailPage />);
    expect(await screen.findByTestId('deadline-state')).toHaveTextContent('按期完成');
    expect(screen.queryByText('超期')).toBeNull();
  });

  it('keeps 立案 ticked on a case registered and then voided', async () => {
    mockedApi.getCase.mockResolvedValueOnce(
      buildCase({
        status: 'voided',
        history: [
          buildHistory(),
          buildHistory({ action: 'register', from: 'reported', to: 'registered', actor: { role: 'operator' } }),
          buildHistory({ action: 'void', from: 'registered', to: 'voided', actor: { role: 'operator' } }),
        ],
      }),
    );
    render(<CaseDetailPage />);
    expect(await screen.findByText('该问题已作废')).toBeInTheDocument();
    expect(stepStates()).toEqual(['done', 'done', 'stopped', 'todo', 'todo', 'todo']);
  });
});

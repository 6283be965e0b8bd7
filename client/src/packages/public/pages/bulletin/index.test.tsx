import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import BulletinPage from './index';
import * as api from '../../api';
import { ApiError } from '../../../../services/request';
import { BULLETIN_2023_02, BULLETIN_2023_02_TEXT } from '../../testing/fixtures';

jest.mock('../../api', () => ({
  ...jest.requireActual('../../api'),
  rankingMonths: jest.fn(),
  bulletinDocument: jest.fn(),
}));
const mockedApi = jest.mocked(api);

beforeEach(() => {
  jest.resetAllMocks();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { month: '2023-02' } } } as never);
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'setClipboardData').mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never);
  mockedApi.rankingMonths.mockResolvedValue([
    { month: '2026-10', revision: 1 },
    { month: '2023-02', revision: 1 },
  ]);
  mockedApi.bulletinDocument.mockResolvedValue(BULLETIN_2023_02);
});

describe('考评通报', () => {
  it('renders the bulletin as a document: title, date, paragraphs, sections and lines', async () => {
    render(<BulletinPage />);
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument();
    expect(await screen.findByText('许昌市城市管理综合考评2月份调度情况通报')).toBeInTheDocument();
    expect(mockedApi.bulletinDocument).toHaveBeenCalledWith('2023-02');
    expect(await screen.findByText(/发布日期：2023年3月13日/)).toBeInTheDocument();

    const headings = screen.getAllByRole('heading');
    expect(headings.map((h) => h.textContent)).toEqual([
      '一、两市两县组',
      '二、中心城区组',
      '三、市直单位及企事业单位组',
      '1.前三名的单位',
      '2.后三名的单位',
      '四、乡（镇、街道）组',
      '1.前三名的乡（镇、街道）',
      '2.后三名的乡（镇、街道）',
    ]);
    expect(headings[0]).toHaveAttribute('aria-level', '2');
    expect(headings[3]).toHaveAttribute('aria-level', '3');

    const lines = screen.getAllByTestId('bulletin-line').map((l) => l.textContent);
    expect(lines).toContain('襄城县 85.66分（合格）');
    expect(lines).toContain('市市场监督管理局、市政务服务和大数据管理局、市退役军人事务局、许昌供电公司、市投资集团有限公司 100分（优秀）');
    expect(lines).toHaveLength(21); // 4 + 5 + 3 + 3 + 3 + 3
    expect(document.querySelectorAll('.doc__grade--red')).toHaveLength(7);
    expect(document.querySelectorAll('.doc__grade--blue')).toHaveLength(1);
    expect(document.querySelectorAll('.doc__para')).toHaveLength(3); // 2 before the lists, 1 closing
    // The introduction as the page printed it.
    expect(screen.getByText(/市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分/)).toBeInTheDocument();
    expect(document.querySelector('.doc__para:last-child')).toHaveTextContent(/^希望各县/);
  });

  it('复制全文 copies the exact text', async () => {
    render(<BulletinPage />);
    await screen.findByText('许昌市城市管理综合考评2月份调度情况通报');
    fireEvent.click(screen.getByText('复制全文'));
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: BULLETIN_2023_02_TEXT });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: '已复制通报全文', icon: 'none' }));
  });

  it('in H5 shares by copying the link, and offers the spreadsheet', async () => {
    render(<BulletinPage />);
    await screen.findByText('许昌市城市管理综合考评2月份调度情况通报');
    fireEvent.click(screen.getByText('复制链接'));
    const data = (Taro.setClipboardData as jest.Mock).mock.calls[0][0].data as string;
    expect(data).toMatch(/month=2023-02/);
    const link = screen.getByText('下载本月排名表格（Excel）');
    expect(link.closest('a')).toHaveAttribute('href', '/api/v1/rankings/2023-02/bulletin?format=xlsx');
  });

  it('links to the ranking of the same month', async () => {
    render(<BulletinPage />);
    await screen.findByText('许昌市城市管理综合考评2月份调度情况通报');
    fireEvent.click(screen.getByText('查看本月排行榜'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/public/pages/ranking/index?month=2023-02' });
  });

  it('switches months from the picker', async () => {
    mockedApi.bulletinDocument.mockImplementation(async (m: string) =>
      m === '2026-10'
        ? {
            ...BULLETIN_2023_02,
            month: '2026-10',
            source: 'computed',
            title: '许昌市城市管理综合考评10月份调度情况通报',
            paragraphs: ['十月正文。'],
          }
        : BULLETIN_2023_02,
    );
    render(<BulletinPage />);
    await screen.findByText('许昌市城市管理综合考评2月份调度情况通报');
    fireEvent.click(screen.getByText('切换 ▾'));
    fireEvent.click(screen.getByText('2026年10月'));
    expect(await screen.findByText('许昌市城市管理综合考评10月份调度情况通报')).toBeInTheDocument();
    expect(screen.getByText('十月正文。')).toBeInTheDocument();
  });

  it('shows an error with 重试 when the text fails, and retries', async () => {
    mockedApi.bulletinDocument.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<BulletinPage />);
    expect(await screen.findByText('通报加载失败')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('许昌市城市管理综合考评2月份调度情况通报')).toBeInTheDocument();
    expect(mockedApi.bulletinDocument).toHaveBeenCalledTimes(2);
  });

  it('says a month is not published yet and offers the latest', async () => {
    jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { month: '2026-11' } } } as never);
    mockedApi.bulletinDocument.mockImplementation(async (m: string) => {
      if (m === '2026-11') throw new ApiError({ code: 'NOT_FOUND', message: '2026-11 的考评结果尚未发布' }, 404);
      return BULLETIN_2023_02;
    });
    render(<BulletinPage />);
    expect(await screen.findByText('2026年11月的考评通报尚未发布')).toBeInTheDocument();
    fireEvent.click(screen.getByText('查看最新一期'));
    await waitFor(() => expect(mockedApi.bulletinDocument).toHaveBeenLastCalledWith('2026-10'));
  });
});

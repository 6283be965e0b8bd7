import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RankingPage from './index';
import * as api from '../../api';
import { ApiError } from '../../../../services/request';
import { buildRanking2023, unit } from '../../testing/fixtures';

jest.mock('../../api', () => ({
  ...jest.requireActual('../../api'),
  rankingMonths: jest.fn(),
  ranking: jest.fn(),
}));
const mockedApi = jest.mocked(api);

const MONTHS = [
  { month: '2026-10', revision: 1 },
  { month: '2026-09', revision: 1 },
  { month: '2023-02', revision: 1 },
];

function rows() {
  return screen.getAllByTestId('rank-row');
}

function rowOf(name: string): HTMLElement {
  const row = rows().find((r) => within(r).queryByText(name));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

beforeEach(() => {
  jest.resetAllMocks();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: {} } } as never);
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  mockedApi.rankingMonths.mockResolvedValue(MONTHS);
  mockedApi.ranking.mockImplementation(async (month: string) => buildRanking2023({ month }));
});

describe('排行榜', () => {
  it('shows a skeleton, then the latest published month with the first group', async () => {
    render(<RankingPage />);
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument();
    expect(await screen.findByText('襄城县')).toBeInTheDocument();
    expect(mockedApi.ranking).toHaveBeenCalledWith('2026-10');
    expect(screen.getByText('2026年10月')).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['两市两县', '中心城区', '市直单位', '乡镇街道']);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
  });

  it('switches groups with the tabs', async () => {
    render(<RankingPage />);
    await screen.findByText('襄城县');
    fireEvent.click(screen.getByText('中心城区'));
    expect(screen.getAllByRole('tab')[1]).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByText('襄城县')).not.toBeInTheDocument();
    const list = rows();
    expect(list[0]).toHaveTextContent('市城乡一体化示范区');
    expect(list[0]).toHaveTextContent('92.24分');
    expect(list[0]).toHaveTextContent('良好');
    expect(list[list.length - 1]).toHaveTextContent('许昌经济技术开发区');
    expect(list[list.length - 1]).toHaveTextContent('78.74分');

    fireEvent.click(screen.getByText('乡镇街道'));
    expect(rows()[0]).toHaveTextContent('东城区永昌街道办事处');
  });

  it('places units as the 通报 counts them: ties say 并列第 N, and the 前三名 are places 1 to 3', async () => {
    render(<RankingPage />);
    await screen.findByText('襄城县');
    fireEvent.click(screen.getByText('市直单位'));
    const ranks = rows().map((r) => within(r).getByTestId('rank').textContent);
    expect(ranks).toEqual(['1', '1', '1', '1', '1', '2', '2', '3', '4', '5', '6']);
    expect(rows().map((r) => r.getAttribute('data-place'))).toEqual([
      '并列第1名',
      '并列第1名',
      '并列第1名',
      '并列第1名',
      '并列第1名',
      '并列第2名',
      '并列第2名',
      '第3名',
      '第4名',
      '第5名',
      '第6名',
    ]);
    expect(within(rowOf('市民政局')).getByTestId('tie')).toHaveTextContent('并列第2名');
    expect(within(rowOf('市公安局')).queryByTestId('tie')).toBeNull();
    // Every unit marked 前三名 is in the first three places: the page and the 通报 tell the same.
    for (const r of rows().filter((row) => row.getAttribute('data-mark')?.startsWith('top'))) {
      expect(Number(within(r).getByTestId('rank').textContent)).toBeLessThanOrEqual(3);
    }
  });

  it('marks the top three and the bottom three scores, ties sharing the mark', async () => {
    render(<RankingPage />);
    await screen.findByText('襄城县');
    fireEvent.click(screen.getByText('市直单位'));
    const marks = rows().map((r) => r.getAttribute('data-mark'));
    expect(marks).toEqual(['top1', 'top1', 'top1', 'top1', 'top1', 'top2', 'top2', 'top3', 'bottom', 'bottom', 'bottom']);
    expect(within(rowOf('市公安局')).getByText('前三名')).toBeInTheDocument();
    expect(within(rowOf('许昌电信公司')).getByText('后三名')).toBeInTheDocument();

    // A group of four: three marked on top, the one left at the bottom — never both.
    fireEvent.click(screen.getByText('两市两县'));
    expect(rows().map((r) => r.getAttribute('data-mark'))).toEqual(['top1', 'top2', 'top3', 'bottom']);
  });

  it('colours the grade tags: 优秀 green, 良好 blue, 合格 grey, 不合格 red', async () => {
    mockedApi.ranking.mockResolvedValue(
      buildRanking2023({
        groups: [
          {
            code: 'central',
            name: '中心城区组',
            units: [unit('甲区', 96, 1, '优秀'), unit('乙区', 91, 2, '良好'), unit('丙区', 85, 3, '合格'), unit('丁区', 70, 4, '不合格')],
          },
        ],
      }),
    );
    render(<RankingPage />);
    await screen.findByText('甲区');
    const tone = (grade: string) => document.querySelector(`.grade-tag[data-grade="${grade}"]`)?.className;
    expect(tone('优秀')).toContain('grade-tag--green');
    expect(tone('良好')).toContain('grade-tag--blue');
    expect(tone('合格')).toContain('grade-tag--grey');
    expect(tone('不合格')).toContain('grade-tag--red');
  });

  it('picks another month from the month picker, latest first', async () => {
    render(<RankingPage />);
    await screen.findByText('襄城县');
    fireEvent.click(screen.getByText('切换 ▾'));
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.getAttribute('data-month'))).toEqual(['2026-10', '2026-09', '2023-02']);
    fireEvent.click(screen.getByText('2023年2月'));
    await waitFor(() => expect(mockedApi.ranking).toHaveBeenLastCalledWith('2023-02'));
    expect(screen.queryByTestId('month-sheet')).not.toBeInTheDocument();
    expect(await screen.findByText('2023年2月')).toBeInTheDocument();
  });

  it('says when the month was corrected, with the reason', async () => {
    mockedApi.ranking.mockResolvedValue(
      buildRanking2023({
        revision: 2,
        corrections: [{ revision: 2, reason: '东城区明察暗访扣分录入有误', publishedAt: '2023-03-20T02:00:00.000Z' }],
      }),
    );
    render(<RankingPage />);
    const note = await screen.findByTestId('correction-note');
    expect(note).toHaveTextContent('本月结果已更正，当前为第 2 版');
    expect(note).toHaveTextContent('第 2 版（2023年3月20日发布），更正原因：东城区明察暗访扣分录入有误');
  });

  it('opens the unit page of a tapped row', async () => {
    render(<RankingPage />);
    await screen.findByText('襄城县');
    fireEvent.click(screen.getByText('中心城区'));
    fireEvent.click(screen.getByText('许昌经济技术开发区'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({
      url: `/packages/public/pages/unit/index?month=2026-10&unitId=central-411071&name=${encodeURIComponent('许昌经济技术开发区')}`,
    });
  });

  it('shows an error with 重试 when the months fail, and retries', async () => {
    mockedApi.rankingMonths.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<RankingPage />);
    expect(await screen.findByText('排行榜加载失败')).toBeInTheDocument();
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('襄城县')).toBeInTheDocument();
    expect(mockedApi.rankingMonths).toHaveBeenCalledTimes(2);
  });

  it('shows an error with 重试 when the ranking fails, and retries', async () => {
    mockedApi.ranking.mockRejectedValueOnce(new ApiError({ code: 'INTERNAL', message: '服务器开小差了，请稍后再试' }));
    render(<RankingPage />);
    expect(await screen.findByText('排名加载失败')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('襄城县')).toBeInTheDocument();
  });

  it('says so when nothing is published yet', async () => {
    mockedApi.rankingMonths.mockResolvedValue([]);
    render(<RankingPage />);
    expect(await screen.findByText('暂无已发布的考评结果')).toBeInTheDocument();
    expect(mockedApi.ranking).not.toHaveBeenCalled();
  });

  it('opens the month given in the link', async () => {
    jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({ router: { params: { month: '2023-02' } } } as never);
    render(<RankingPage />);
    await screen.findByText('襄城县');
    expect(mockedApi.ranking).toHaveBeenCalledWith('2023-02');
    expect(screen.getByText('2023年2月')).toBeInTheDocument();
  });
});

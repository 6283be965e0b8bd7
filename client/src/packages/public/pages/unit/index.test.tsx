import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import UnitPage from './index';
import * as api from '../../api';
import { ApiError } from '../../../../services/request';
import { buildTrend, buildUnitScore } from '../../testing/fixtures';
import { drawTrend, fitLabels } from '../../components/TrendChart';

jest.mock('../../api', () => ({
  ...jest.requireActual('../../api'),
  unitScore: jest.fn(),
  unitTrend: jest.fn(),
}));
const mockedApi = jest.mocked(api);

beforeEach(() => {
  jest.resetAllMocks();
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({
    router: { params: { month: '2026-10', unitId: 'central-411071', name: encodeURIComponent('许昌经济技术开发区') } },
  } as never);
  mockedApi.unitScore.mockResolvedValue(buildUnitScore());
  mockedApi.unitTrend.mockResolvedValue(buildTrend());
});

describe('单位得分', () => {
  it('shows the score, the grade and the rank in the group', async () => {
    render(<UnitPage />);
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument();
    expect(await screen.findByTestId('unit-score')).toHaveTextContent('86.25分');
    expect(mockedApi.unitScore).toHaveBeenCalledWith('2026-10', 'central-411071');
    expect(screen.getByText('许昌经济技术开发区')).toBeInTheDocument();
    expect(screen.getByTestId('unit-rank')).toHaveTextContent('组内第 4 名 / 共 5 个单位');
    expect(screen.getByText(/中心城区组/)).toBeInTheDocument();
  });

  it('lists the breakdown item by item, with the basis in words and manual reasons', async () => {
    render(<UnitPage />);
    await screen.findByTestId('unit-score');
    const items = screen.getAllByTestId('breakdown-item');
    expect(items.map((i) => i.getAttribute('data-code'))).toEqual(['closure', 'on_time', 'rework', 'patrol', 'overdue', 'adjustment:a1']);
    expect(items[0]).toHaveTextContent('结案率');
    expect(items[0]).toHaveTextContent('得 29.17 分（满分 35 分）');
    expect(items[0]).toHaveTextContent('应结案 12 件，结案 10 件，结案率 83.33%');
    expect(items[1]).toHaveTextContent('应结案 12 件，按期结案 9 件，按期结案率 75%');
    expect(items[2]).toHaveTextContent('结案 10 件，返工 1 件，返工率 10%');
    expect(items[4]).toHaveTextContent('扣 1 分（最多扣 10 分）');
    expect(items[4]).toHaveTextContent('超期 2 件，每件扣 0.5 分，最多扣 10 分');
    expect(items[5]).toHaveTextContent('明察暗访');
    expect(items[5]).toHaveTextContent('扣 2 分');
    expect(items[5]).toHaveTextContent('原因：魏文路占道经营未及时处置');
    expect(screen.getByText('86.25 分')).toBeInTheDocument(); // 合计得分
  });

  it('renders the trend points, latest first, and the chart', async () => {
    render(<UnitPage />);
    await screen.findByTestId('unit-score');
    const points = screen.getAllByTestId('trend-point');
    expect(points.map((p) => p.getAttribute('data-month'))).toEqual(['2026-10', '2026-09', '2023-02']);
    expect(points[0]).toHaveTextContent('2026年10月');
    expect(points[0]).toHaveTextContent('86.25分');
    expect(points[0]).toHaveTextContent('第4/5名');
    expect(points[2]).toHaveTextContent('78.74分');
    expect(points[2]).toHaveTextContent('不合格');
    expect(points[0].className).toContain('trend-list__row--current');
    expect(screen.getByLabelText(/得分走势：2023-02 78.74分，2026-09 69.5分，2026-10 86.25分/)).toBeInTheDocument();
  });

  /** A 2D context that records what is drawn: every point (arc centre) and text with its font. */
  function recordingContext() {
    const drawn = { arcs: [] as { x: number; y: number }[], texts: [] as { text: string; x: number; y: number; font: string }[] };
    const ctx = {
      scale: jest.fn(),
      clearRect: jest.fn(),
      beginPath: jest.fn(),
      moveTo: jest.fn(),
      lineTo: jest.fn(),
      stroke: jest.fn(),
      fill: jest.fn(),
      arc(x: number, y: number) {
        drawn.arcs.push({ x, y });
      },
      fillText(text: string, x: number, y: number) {
        drawn.texts.push({ text, x, y, font: ctx.font });
      },
      strokeStyle: '',
      fillStyle: '',
      lineWidth: 1,
      font: '',
      textAlign: '',
      textBaseline: '',
    };
    return { ctx, drawn };
  }

  it('spaces the months by time: 2023-02, 2026-09 and 2026-10 are 43 months and 1 month apart', () => {
    const { ctx, drawn } = recordingContext();
    drawTrend(ctx, 340, 200, buildTrend(), '2026-10');
    const xs = [...new Set(drawn.arcs.map((a) => a.x))];
    expect(xs).toHaveLength(3); // each point drawn (fill and outline) at its own x
    // The plot runs from x = 36 to 340 - 28 = 312: 276 px for 44 months.
    expect(xs[0]).toBeCloseTo(36, 5);
    expect(xs[1]).toBeCloseTo(36 + (43 / 44) * 276, 5);
    expect(xs[2]).toBeCloseTo(312, 5);
  });

  it('draws every label at 12 px or more, and leaves out labels that would overlap', () => {
    const { ctx, drawn } = recordingContext();
    drawTrend(ctx, 340, 200, buildTrend(), '2026-10');
    for (const t of drawn.texts) expect(Number(/(\d+)px/.exec(t.font)?.[1])).toBeGreaterThanOrEqual(12);
    const texts = drawn.texts.map((t) => t.text);
    // 2026-09 and 2026-10 lie 6 px apart: the month on show keeps its label, 26年9月 gives way.
    expect(texts).toEqual(expect.arrayContaining(['23年2月', '26年10月', '78.74', '86.25']));
    expect(texts).not.toContain('26年9月');
    // 69.5 sits 17 points below 86.25: far enough down to keep its label.
    expect(texts).toContain('69.5');
    // Evenly spaced months (a year apart each) keep all their labels.
    const even = recordingContext();
    drawTrend(even.ctx, 340, 200, [
      { month: '2024-10', score: 80, grade: '合格', rank: 1, groupSize: 5 },
      { month: '2025-10', score: 90, grade: '良好', rank: 1, groupSize: 5 },
      { month: '2026-10', score: 95, grade: '优秀', rank: 1, groupSize: 5 },
    ]);
    expect(even.drawn.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['24年10月', '25年10月', '26年10月', '80', '90', '95']));
  });

  it('keeps apart labels that collide, the most important first', () => {
    const box = (left: number, priority: number) => ({ left, right: left + 40, top: 0, bottom: 14, priority });
    expect(fitLabels([box(0, 1), box(20, 0), box(50, 3)])).toEqual([0, 2]);
    expect(fitLabels([box(0, 0), box(30, 3)])).toEqual([1]);
    // One above the other: no collision.
    expect(fitLabels([box(0, 0), { ...box(0, 1), top: 20, bottom: 34 }])).toEqual([0, 1]);
  });

  it('opens another month from the trend list', async () => {
    mockedApi.unitScore.mockImplementation(async (month: string) =>
      month === '2023-02'
        ? buildUnitScore({ month, source: 'imported', items: [], adjustments: [], score: 78.74, grade: '不合格', rank: 5, cases: null })
        : buildUnitScore(),
    );
    render(<UnitPage />);
    await screen.findByTestId('unit-score');
    fireEvent.click(screen.getAllByTestId('trend-point')[2]);
    await waitFor(() => expect(mockedApi.unitScore).toHaveBeenLastCalledWith('2023-02', 'central-411071'));
    expect(await screen.findByTestId('breakdown-imported')).toHaveTextContent('该月分数为公开通报导入，无分项明细');
    expect(screen.getByText('2023年2月分项明细')).toBeInTheDocument();
    expect(screen.queryAllByTestId('breakdown-item')).toHaveLength(0);
  });

  it('shows an error with 重试 when everything fails, and retries', async () => {
    mockedApi.unitScore.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    mockedApi.unitTrend.mockRejectedValueOnce(new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' }));
    render(<UnitPage />);
    expect(await screen.findByText('得分加载失败')).toBeInTheDocument();
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('unit-score')).toHaveTextContent('86.25分');
    expect(screen.getAllByTestId('trend-point')).toHaveLength(3);
  });

  it('keeps the breakdown when only the trend fails, with its own 重试', async () => {
    mockedApi.unitTrend.mockRejectedValueOnce(new ApiError({ code: 'INTERNAL', message: '服务器开小差了，请稍后再试' }));
    render(<UnitPage />);
    expect(await screen.findByText('走势加载失败：服务器开小差了，请稍后再试')).toBeInTheDocument();
    expect(screen.getAllByTestId('breakdown-item')).toHaveLength(6);
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findAllByTestId('trend-point')).toHaveLength(3);
  });
});

import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyPatrolWeekDto, PatrolPointBody } from '@xc/shared';
import PatrolPage from './index';
import * as staffApi from '../../api';
import * as platform from '../../patrol/platform';
import { resetPatrolRecorder } from '../../patrol';
import type { LocationSource, NetworkWatch } from '../../patrol/recorder';
import type { Fix } from '../../patrol/track';
import { ApiError } from '../../../../services/request';
import { clearSession, resetSessionCache, setSession } from '../../../../store/session';
import { buildTokens, buildUser } from '../../../../../test/builders';

jest.mock('../../api');
jest.mock('../../patrol/platform', () => ({
  isWeapp: () => false,
  taroStorage: {
    get: (k: string) => window.localStorage.getItem(k) ?? '',
    set: (k: string, v: string) => window.localStorage.setItem(k, v),
    remove: (k: string) => window.localStorage.removeItem(k),
  },
  createLocationSource: jest.fn(),
  createNetworkWatch: jest.fn(),
}));
const mockedStaff = jest.mocked(staffApi);
const mockedPlatform = jest.mocked(platform);

const GRIDS = [
  { code: '411002001001001', name: '西大街道顺城社区第1网格' },
  { code: '411002001001002', name: '西大街道顺城社区第2网格' },
];

function week(overrides: Partial<MyPatrolWeekDto> = {}): MyPatrolWeekDto {
  return {
    week: '2026-W48',
    patrolRole: 'supervisor_l3',
    requiredHalfDays: 3,
    achievedHalfDays: 2,
    halfDays: [
      { date: '2026-11-23', period: 'am', minutes: 85, counted: true },
      { date: '2026-11-25', period: 'am', minutes: 44.9, counted: false },
      { date: '2026-11-26', period: 'pm', minutes: 94.4, counted: true },
    ],
    dailyCoverage: ['23', '24', '25', '26', '27', '28', '29'].map((d) => ({ date: `2026-11-${d}`, share: d === '27' ? 0.1346 : 0.05 })),
    today: { date: '2026-11-27', share: 0.1346 },
    requiredDailyShare: null,
    coveredWorkingDays: null,
    workingDays: 5,
    compliant: false,
    grids: GRIDS,
    halfDayMinMinutes: 60,
    ...overrides,
  };
}

/** A location source the test moves by hand. */
function fakeLocation() {
  let cb: ((f: Fix) => void) | null = null;
  const src: LocationSource & { emit: (f: Fix) => void; running: boolean } = {
    coord: 'wgs84',
    running: false,
    start: jest.fn(async (onFix: (f: Fix) => void) => {
      cb = onFix;
      src.running = true;
      return { background: false };
    }),
    stop: jest.fn(() => {
      cb = null;
      src.running = false;
    }),
    emit: (f) => cb?.(f),
  };
  return src;
}

function fakeNetwork(online = true) {
  let cb: ((v: boolean) => void) | null = null;
  const net: NetworkWatch & { set: (v: boolean) => void } = {
    isOnline: async () => online,
    subscribe: (fn) => {
      cb = fn;
      return () => (cb = null);
    },
    set: (v) => {
      online = v;
      cb?.(v);
    },
  };
  return net;
}

const down = () => new ApiError({ code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' });

let location: ReturnType<typeof fakeLocation>;
let network: ReturnType<typeof fakeNetwork>;

function loginInspector(extra: Parameters<typeof buildUser>[0] = {}) {
  setSession(
    buildTokens(
      buildUser({
        id: 'u-insp',
        username: 'demo-inspector',
        name: '演示网格员',
        roles: ['inspector'],
        patrolRole: 'supervisor_l3',
        grids: GRIDS,
        ...extra,
      }),
    ),
  );
}

beforeAll(() => {
  (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

beforeEach(() => {
  jest.resetAllMocks();
  window.localStorage.clear();
  resetSessionCache();
  resetPatrolRecorder();
  location = fakeLocation();
  network = fakeNetwork();
  mockedPlatform.createLocationSource.mockImplementation(() => location);
  mockedPlatform.createNetworkWatch.mockImplementation(() => network);
  jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
  jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  mockedStaff.myPatrolWeek.mockResolvedValue(week());
  mockedStaff.gridDetail.mockImplementation(async (code) => ({
    code,
    name: code,
    street: { id: 's', name: '西大街道' },
    district: { id: 'd', name: '魏都区' },
    polygon: {
      type: 'Polygon',
      coordinates: [
        [
          [113.82, 34.026],
          [113.825, 34.026],
          [113.825, 34.034],
          [113.82, 34.034],
          [113.82, 34.026],
        ],
      ],
    },
  }));
  mockedStaff.locateGrid.mockResolvedValue({
    grid: GRIDS[1],
    street: { id: 's', name: '西大街道' },
    district: { id: 'd', name: '魏都区' },
  });
});

afterEach(() => {
  resetPatrolRecorder();
  act(() => clearSession());
});

/** Walks north through grid 411002001001002, a fix every 6 s from `t0`. */
function walk(t0: number, n: number, from = 0) {
  for (let i = from; i < from + n; i++) {
    act(() => location.emit({ t: t0 + (i + 1) * 6000, lat: 34.028 + i * 0.00008, lng: 113.822, accuracy: 8 }));
  }
}

describe('巡查 page', () => {
  it('starts offline, buffers the points on the device, uploads them when the network returns, and finishes', async () => {
    network = fakeNetwork(false);
    // The server cannot be reached at first…
    mockedStaff.startPatrol.mockRejectedValueOnce(down());
    mockedStaff.startPatrol.mockResolvedValue({ id: 'srv-1', startedAt: '', finishedAt: null, points: 0, flagged: 0, distanceM: 0 });
    const stored = new Set<number>();
    mockedStaff.sendPatrolPoints.mockImplementation(async (_id, pts: PatrolPointBody[]) => {
      pts.forEach((p) => stored.add(p.t as number));
      return { accepted: pts.length, duplicates: 0, flagged: 0, points: stored.size };
    });
    mockedStaff.finishPatrol.mockImplementation(async (id, finishedAt) => ({
      id,
      startedAt: '2026-11-27T01:00:00.000Z',
      finishedAt: finishedAt ?? null,
      points: stored.size,
      flagged: 0,
      distanceM: 198,
    }));
    loginInspector();
    render(<PatrolPage />);
    expect(screen.getByTestId('patrol-state')).toHaveTextContent('未在巡查');
    expect(await screen.findByTestId('week-card')).toBeInTheDocument();

    const before = Date.now();
    fireEvent.click(screen.getByTestId('patrol-toggle'));
    await waitFor(() => expect(screen.getByTestId('patrol-state')).toHaveTextContent('巡查中'));
    expect(location.start).toHaveBeenCalled();
    expect(screen.getByTestId('patrol-toggle')).toHaveTextContent('结束巡查');
    await waitFor(() => expect(mockedStaff.startPatrol).toHaveBeenCalledTimes(1));
    const startedAt = mockedStaff.startPatrol.mock.calls[0][0]!;
    expect(Date.parse(startedAt)).toBeGreaterThanOrEqual(before - 5);

    walk(before, 25);
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('离线 25 条待上传'));
    expect(mockedStaff.sendPatrolPoints).not.toHaveBeenCalled();
    expect(screen.getByTestId('distance')).toHaveTextContent(/^2\d\d 米$/);
    expect(screen.getByTestId('points')).toHaveTextContent('25');
    // The buffer is on the device.
    expect(window.localStorage.getItem('xc.patrol.v1.u-insp')).toContain('"pending"');
    expect(screen.getByTestId('place')).toHaveTextContent('当前在负责网格：西大街道顺城社区第2网格');
    expect(screen.getByTestId('track-sketch')).toHaveAttribute('data-points', '25');

    // The network returns: the patrol is created with its device start time, the points go in batches.
    await act(async () => network.set(true));
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('点位已全部上传'));
    expect(mockedStaff.startPatrol).toHaveBeenCalledTimes(2);
    expect(mockedStaff.startPatrol).toHaveBeenLastCalledWith(startedAt);
    expect(stored.size).toBe(25);
    for (const call of mockedStaff.sendPatrolPoints.mock.calls) expect(call[1].length).toBeLessThanOrEqual(100);

    // A send fails again: the points wait, said plainly, and go with 立即上传 once it works.
    mockedStaff.sendPatrolPoints.mockRejectedValueOnce(down());
    walk(before, 20, 25);
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('离线 20 条待上传'));
    fireEvent.click(screen.getByText('立即上传'));
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('点位已全部上传'));
    expect(stored.size).toBe(45);

    fireEvent.click(screen.getByTestId('patrol-toggle'));
    await waitFor(() => expect(mockedStaff.finishPatrol).toHaveBeenCalledWith('srv-1', expect.any(String)));
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '结束本次巡查？', confirmText: '结束巡查' }));
    expect(location.stop).toHaveBeenCalled();
    await waitFor(() => expect(screen.getByTestId('patrol-state')).toHaveTextContent('未在巡查'));
    expect(await screen.findByTestId('last-patrol')).toHaveTextContent('198 米，45 个轨迹点已上传');
    // 我的本周 again, now that the patrol counts.
    await waitFor(() => expect(mockedStaff.myPatrolWeek).toHaveBeenCalledTimes(2));
  });

  it('keeps a running patrol across an app restart and goes on recording', async () => {
    mockedStaff.startPatrol.mockResolvedValue({ id: 'srv-2', startedAt: '', finishedAt: null, points: 0, flagged: 0, distanceM: 0 });
    mockedStaff.sendPatrolPoints.mockRejectedValue(down());
    loginInspector();
    const first = render(<PatrolPage />);
    fireEvent.click(screen.getByTestId('patrol-toggle'));
    await waitFor(() => expect(screen.getByTestId('patrol-state')).toHaveTextContent('巡查中'));
    const t0 = Date.now();
    walk(t0, 21);
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('离线 21 条待上传'));
    first.unmount();

    // The app is killed and opened again.
    resetPatrolRecorder();
    location = fakeLocation();
    render(<PatrolPage />);
    expect(screen.getByTestId('patrol-state')).toHaveTextContent('巡查中');
    await waitFor(() => expect(location.start).toHaveBeenCalled());
    mockedStaff.sendPatrolPoints.mockResolvedValue({ accepted: 0, duplicates: 0, flagged: 0, points: 0 });
    walk(t0, 1, 21);
    fireEvent.click(screen.getByText('立即上传'));
    await waitFor(() => expect(screen.getByTestId('pending')).toHaveTextContent('点位已全部上传'));
    const sent = mockedStaff.sendPatrolPoints.mock.calls.filter((c) => c[0] === 'srv-2').flatMap((c) => c[1].map((p) => p.t));
    expect(new Set(sent).size).toBe(22);
  });

  it('says why it cannot start without location permission', async () => {
    location.start = jest.fn(() => Promise.reject({ code: 1, message: 'User denied Geolocation' }));
    loginInspector();
    render(<PatrolPage />);
    fireEvent.click(screen.getByTestId('patrol-toggle'));
    expect(await screen.findByTestId('location-error')).toHaveTextContent('未获得定位权限');
    expect(screen.getByTestId('patrol-state')).toHaveTextContent('未在巡查');
    expect(mockedStaff.startPatrol).not.toHaveBeenCalled();
  });

  it('shows 我的本周: the half-days out of 3 as a ring, today’s coverage, the windows that counted, the grids', async () => {
    loginInspector();
    render(<PatrolPage />);
    expect(screen.getByTestId('week-loading')).toBeInTheDocument();
    const card = await screen.findByTestId('week-card');
    const ring = within(card).getByTestId('week-ring');
    expect(ring).toHaveAttribute('aria-valuenow', '2');
    expect(ring).toHaveAttribute('aria-valuemax', '3');
    expect(ring).toHaveTextContent('2/3个半天');
    expect(within(card).getByTestId('week-verdict')).toHaveTextContent('还差 1 个半天');
    expect(within(card).getByTestId('week-today')).toHaveTextContent('今日覆盖13%');
    const rows = [...card.querySelectorAll('.halfdays__row')].map((r) => r.textContent);
    expect(rows).toEqual([
      '11-26 周四 下午网格内 94 分钟已计入',
      '11-25 周三 上午网格内 45 分钟不足 60 分钟',
      '11-23 周一 上午网格内 85 分钟已计入',
    ]);
    expect(card).toHaveTextContent('西大街道顺城社区第1网格');
    expect(card).toHaveTextContent('三级网格巡查监督员：每周至少 3 个半天');
    // The week as people read it, never the ISO code.
    expect(within(card).getByTestId('week-title')).toHaveTextContent('第48周（11月23日–11月29日）');
    expect(card).not.toHaveTextContent('2026-W48');
  });

  it('shows a 网格管理员 the daily coverage rule, and an empty week says what to do', async () => {
    mockedStaff.myPatrolWeek.mockResolvedValue(
      week({
        patrolRole: 'grid_manager',
        requiredHalfDays: null,
        achievedHalfDays: 0,
        halfDays: [],
        requiredDailyShare: 0.9,
        coveredWorkingDays: 1,
        workingDays: 5,
        compliant: false,
      }),
    );
    loginInspector({ patrolRole: 'grid_manager' });
    render(<PatrolPage />);
    const card = await screen.findByTestId('week-card');
    expect(within(card).getByTestId('week-ring')).toHaveTextContent('1/5个工作日');
    expect(card).toHaveTextContent('网格管理员：每个工作日巡遍网格（覆盖 ≥ 90%）');
    expect(within(card).getByTestId('week-verdict')).toHaveTextContent('已达标 1 / 5 个工作日');
    expect(within(card).getByTestId('week-empty')).toHaveTextContent('本周还没有巡查记录');
  });

  it('offers 重试 when 我的本周 fails', async () => {
    mockedStaff.myPatrolWeek.mockRejectedValueOnce(down()).mockResolvedValue(week({ achievedHalfDays: 3, compliant: true }));
    loginInspector();
    render(<PatrolPage />);
    expect(await screen.findByTestId('week-error')).toHaveTextContent('网络连接失败');
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByTestId('week-verdict')).toHaveTextContent('本周已达标');
  });

  it('is for inspectors only', () => {
    setSession(buildTokens(buildUser({ roles: ['operator'] })));
    render(<PatrolPage />);
    expect(screen.getByText('仅网格员可用')).toBeInTheDocument();
  });
});

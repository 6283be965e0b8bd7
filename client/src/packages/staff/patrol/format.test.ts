import { entryLine, formatDuration, formatElapsed, formatMetres, uploadText } from './format';
import type { StoredPatrol } from './buffer';

const idle = { pending: 0, online: true, uploadFailed: false, syncing: false, active: null, unsent: [], lastFinished: null };
const running = {
  localId: 'p',
  serverId: 's',
  startedAt: 0,
  stoppedAt: null,
  coord: 'wgs84',
  pending: [],
  uploaded: 0,
  dropped: 0,
  distanceM: 1234,
  last: null,
  anchor: null,
  track: [],
} as StoredPatrol;

describe('巡查 display', () => {
  it('formats the elapsed time, durations and distances', () => {
    expect(formatElapsed(3_909_000)).toBe('01:05:09');
    expect(formatDuration(35 * 60_000)).toBe('35 分钟');
    expect(formatDuration(65 * 60_000)).toBe('1 小时 5 分钟');
    expect(formatDuration(120 * 60_000)).toBe('2 小时');
    expect(formatMetres(0)).toBe('0 米');
    expect(formatMetres(1250)).toBe('1.25 公里');
  });

  it('counts whole minutes as the clock shows them, so the finish dialog and the summary agree', () => {
    // The dialog asks at 00:01:59 and the summary reads the finish stored a second later, at 00:02:00:
    // both as the elapsed clock reads them.
    expect(formatElapsed(119_000)).toBe('00:01:59');
    expect(formatDuration(119_000)).toBe('1 分钟');
    expect(formatDuration(120_000)).toBe('2 分钟');
    // A patrol of 59 seconds: neither says 0 分钟 nor 1 分钟.
    expect(formatDuration(59_000)).toBe('不到 1 分钟');
    expect(formatDuration(0)).toBe('不到 1 分钟');
    expect(formatDuration(90_000)).toBe('1 分钟');
  });

  it('says 离线 n 条待上传 only while the points cannot go', () => {
    expect(uploadText(idle).text).toBe('没有待上传的轨迹点');
    expect(uploadText({ ...idle, active: running }).text).toBe('点位已全部上传');
    expect(uploadText({ ...idle, pending: 7, online: false }).text).toBe('离线 7 条待上传');
    expect(uploadText({ ...idle, pending: 7, uploadFailed: true }).text).toBe('离线 7 条待上传');
    expect(uploadText({ ...idle, pending: 7, syncing: true }).text).toBe('正在上传 7 条…');
    expect(uploadText({ ...idle, pending: 7 }).text).toBe('7 条待上传');
  });

  it('tells the 工作台 a patrol runs', () => {
    expect(entryLine({ ...idle, active: running }, 30_000)).toBe('已巡查 不到 1 分钟 · 1.23 公里');
    expect(entryLine({ ...idle, active: running, pending: 3, online: false }, 5 * 60_000)).toBe(
      '已巡查 5 分钟 · 1.23 公里 · 离线 3 条待上传',
    );
    expect(entryLine({ ...idle, pending: 3, uploadFailed: true }, 0)).toBe('离线 3 条待上传 · 联网后自动上传');
    expect(entryLine(idle, 0)).toMatch(/开始巡查/);
  });
});

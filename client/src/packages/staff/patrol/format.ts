import type { RecorderSnapshot } from './recorder';

/** Display helpers of 巡查 (the page and the 工作台 entry). */

/** `01:05:09`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return [hh, mm, ss].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * A patrol's length in whole minutes, counted as the clock shows them (00:01:59 is 1 分钟):
 * `不到 1 分钟`, `35 分钟`, `1 小时 5 分钟`. The one formatting of every place that says how long
 * a patrol lasted (the 工作台 entry, the finish dialog, the summary after it).
 */
export function formatDuration(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60000);
  if (m < 1) return '不到 1 分钟';
  if (m < 60) return `${m} 分钟`;
  return m % 60 ? `${Math.floor(m / 60)} 小时 ${m % 60} 分钟` : `${m / 60} 小时`;
}

/** `0 米`, `320 米`, `1.25 公里`. */
export function formatMetres(m: number): string {
  if (!Number.isFinite(m) || m < 0) return '0 米';
  if (m < 1000) return `${Math.round(m)} 米`;
  return `${(m / 1000).toFixed(2)} 公里`;
}

/** The upload line: 离线 n 条待上传 while the points cannot go, else what is happening. */
export function uploadText(
  s: Pick<RecorderSnapshot, 'pending' | 'online' | 'uploadFailed' | 'syncing' | 'active' | 'unsent' | 'lastFinished'>,
): { text: string; tone: 'ok' | 'wait' | 'offline' | 'idle' } {
  if (s.pending === 0 && !s.active && !s.unsent.length && !s.lastFinished) return { text: '没有待上传的轨迹点', tone: 'idle' };
  if (s.pending === 0) return { text: '点位已全部上传', tone: 'ok' };
  if (!s.online || s.uploadFailed) return { text: `离线 ${s.pending} 条待上传`, tone: 'offline' };
  if (s.syncing) return { text: `正在上传 ${s.pending} 条…`, tone: 'wait' };
  return { text: `${s.pending} 条待上传`, tone: 'wait' };
}

/** The 工作台 entry's line: a patrol running and for how long, points waiting. */
export function entryLine(
  s: Pick<RecorderSnapshot, 'pending' | 'online' | 'uploadFailed' | 'syncing' | 'active' | 'unsent' | 'lastFinished'>,
  now: number,
): string {
  const up = uploadText(s);
  const waiting = s.pending ? up.text : '';
  if (s.active) {
    const ms = now - s.active.startedAt;
    return [`已巡查 ${formatDuration(ms)}`, formatMetres(s.active.distanceM), waiting].filter(Boolean).join(' · ');
  }
  if (s.pending) return `${waiting} · 联网后自动上传`;
  return '开始巡查，记录轨迹；查看本周达标情况';
}

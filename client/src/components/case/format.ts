import { CASE_STATUS_LABELS, FINISHED_STATUSES, type CaseStatus, type CaseSummaryDto, cityClock, cityDate, type Role } from '@xc/shared';

/** Display helpers of the case pages, citizen and staff (times in Asia/Shanghai, distances, deadlines). */

function shanghaiParts(iso: string): { y: string; m: string; d: string; hh: string; mm: string } | null {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const [y, m, d] = cityDate(t).split('-');
  const [hh, mm] = cityClock(t).split(':');
  return { y, m, d, hh, mm };
}

/** `2026-11-27 09:05` in Xuchang time. */
export function formatDateTime(iso: string | null | undefined): string {
  const p = iso ? shanghaiParts(iso) : null;
  return p ? `${p.y}-${p.m}-${p.d} ${p.hh}:${p.mm}` : '—';
}

/** Short form for cards: `11-27 09:05`, with the year when it is not this year. */
export function formatShort(iso: string | null | undefined, now: Date = new Date()): string {
  const p = iso ? shanghaiParts(iso) : null;
  if (!p) return '—';
  const thisYear = cityDate(now).slice(0, 4);
  return p.y === thisYear ? `${p.m}-${p.d} ${p.hh}:${p.mm}` : `${p.y}-${p.m}-${p.d}`;
}

/**
 * A distance as people read it, no finer than a phone's position (about 10 m): `10 米内`,
 * `320 米`, `1.12 公里`, `12.3 公里`.
 */
export function formatDistance(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '';
  if (m < 10) return '10 米内';
  if (m < 995) return `${Math.round(m / 10) * 10} 米`;
  if (m < 9995) return `${String(Number((m / 1000).toFixed(2)))} 公里`;
  return `${String(Number((m / 1000).toFixed(1)))} 公里`;
}

function spanText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分钟` : `${hours}小时`;
  return `${mins}分钟`;
}

/** Who reads: staff know 挂账; the public reads plain words. */
export type Audience = 'staff' | 'public';

/**
 * What a case's deadline means now, one rule for every page and card:
 * - with the unit (已派遣): the clock runs, `剩余 1天3小时` or `已超期 5小时`;
 * - 挂账: the clock is paused, no countdown;
 * - handled, checked or closed: the work was done on time or late (the server's `overdue` of a
 *   finished case is "finished after the deadline"), never a clock still running;
 * - before dispatch, refused or voided: no deadline to speak of.
 */
export type DeadlineState =
  { kind: 'running' | 'overdue'; text: string } | { kind: 'paused'; text: string } | { kind: 'met' | 'late'; text: string };

export function deadlineState(
  item: Pick<CaseSummaryDto, 'status' | 'deadline' | 'overdue'>,
  now: Date = new Date(),
  audience: Audience = 'staff',
): DeadlineState | null {
  if (!item.deadline) return null;
  const t = Date.parse(item.deadline);
  if (!Number.isFinite(t)) return null;
  if (item.status === 'pending') {
    return { kind: 'paused', text: audience === 'public' ? '长期整治中，暂停计时' : '挂账中，期限暂停计算' };
  }
  if (FINISHED_STATUSES.includes(item.status)) return item.overdue ? { kind: 'late', text: '超期完成' } : { kind: 'met', text: '按期完成' };
  if (item.status !== 'dispatched') return null;
  const left = t - now.getTime();
  if (item.overdue || left <= 0) return { kind: 'overdue', text: `已超期 ${spanText(Math.abs(left))}` };
  return { kind: 'running', text: `剩余 ${spanText(left)}` };
}

/** A status as its reader understands it: 挂账 is 长期整治中 to the public. */
export function statusLabel(status: CaseStatus, audience: Audience = 'staff'): string {
  if (audience === 'public' && status === 'pending') return PUBLIC_PENDING_LABEL;
  return CASE_STATUS_LABELS[status];
}

export const PUBLIC_PENDING_LABEL = '长期整治中';

/**
 * A grid's name without the street already printed beside it: `南关街道万丰社区第1网格` under
 * 南关街道 reads `万丰社区第1网格`. Never the 15-digit code.
 */
export function gridLabel(grid: { name: string } | null | undefined, streetName?: string | null): string {
  if (!grid?.name) return '';
  return streetName && grid.name.startsWith(streetName) && grid.name.length > streetName.length
    ? grid.name.slice(streetName.length)
    : grid.name;
}

/** Who did a step, as the public may see it: a role, never a staff name. */
export const ACTOR_ROLE_LABELS: Record<Role | 'system', string> = {
  citizen: '市民',
  inspector: '网格员',
  operator: '受理员',
  dispatcher: '派遣员',
  handler: '处置单位',
  evaluator: '考评管理员',
  admin: '管理员',
  system: '系统',
};

/** A media path from the API (`/media/x.jpg`) as a URL the app can load. */
export function mediaUrl(path: string | null | undefined): string {
  if (!path) return '';
  if (/^(https?:|blob:|data:|wxfile:)/.test(path)) return path;
  return `${API_BASE}${path}`;
}

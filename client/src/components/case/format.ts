import type { Role } from '@xc/shared';

/** Display helpers of the case pages, citizen and staff (times in Asia/Shanghai, distances, deadlines). */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shanghaiParts(iso: string): { y: string; m: string; d: string; hh: string; mm: string } | null {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const s = new Date(t + SHANGHAI_OFFSET_MS).toISOString();
  return { y: s.slice(0, 4), m: s.slice(5, 7), d: s.slice(8, 10), hh: s.slice(11, 13), mm: s.slice(14, 16) };
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
  const thisYear = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 4);
  return p.y === thisYear ? `${p.m}-${p.d} ${p.hh}:${p.mm}` : `${p.y}-${p.m}-${p.d}`;
}

/** `320 米`, `1.2 公里`. */
export function formatDistance(m: number | null | undefined): string {
  if (m === null || m === undefined || !Number.isFinite(m)) return '';
  if (m < 1000) return `${Math.max(1, Math.round(m))} 米`;
  return `${(m / 1000).toFixed(1)} 公里`;
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

/** `剩余 1天3小时` / `已超期 5小时`, or null without a deadline. */
export function deadlineText(deadline: string | null, overdue: boolean, now: Date = new Date()): { text: string; overdue: boolean } | null {
  if (!deadline) return null;
  const t = Date.parse(deadline);
  if (!Number.isFinite(t)) return null;
  const left = t - now.getTime();
  if (overdue || left <= 0) return { text: `已超期 ${spanText(Math.abs(left))}`, overdue: true };
  return { text: `剩余 ${spanText(left)}`, overdue: false };
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

import { invalid, notFound } from '../common/app-error.js';
import type { StoredAttribute } from './open311.entities.js';
import { validateAttributes, type ServiceAttribute } from './service-definitions.js';

/** What a GeoReport v2 client sends, checked (pure; `now` is given so the window is testable). */

/** The jurisdiction this endpoint serves; other values get 404 (single-jurisdiction endpoints may omit it). */
export const JURISDICTION_ID = 'xuchang';
export const WINDOW_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
export const MAX_DESCRIPTION = 4000;
const DAY_MS = 86400_000;

export type RequestsQuery =
  | { kind: 'ids'; ids: string[] }
  | {
      kind: 'window';
      start: Date;
      end: Date;
      status: ('open' | 'closed')[];
      serviceCodes: string[];
      page: number;
      pageSize: number;
    };

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function checkJurisdiction(q: Record<string, unknown>): void {
  const j = str(q.jurisdiction_id);
  if (j && j !== JURISDICTION_ID) throw notFound(`没有这个 jurisdiction_id：本接口为 ${JURISDICTION_ID}`);
}

function instant(v: string, field: string): Date {
  // The specification's dates are W3C date-times; a bare date is taken as midnight in Xuchang.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v;
  const d = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw invalid({ [field]: `${field} 须为 ISO 8601 时间，如 2026-11-01T00:00:00+08:00` });
  return d;
}

function positiveInt(v: string | undefined, field: string, fallback: number, max: number): number {
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw invalid({ [field]: `${field} 须为 1–${max} 的整数` });
  return Number(v);
}

/**
 * GET requests: `service_request_id` (comma-separated) overrides every other filter; otherwise a
 * window of at most 90 days (the last 90 by default; one end given, the other 90 days from it),
 * `status` and `service_code` comma-separated, paged by `page` and `page_size` (50, at most 1,000).
 */
export function parseRequestsQuery(q: Record<string, unknown>, now: Date): RequestsQuery {
  const ids = list(str(q.service_request_id));
  if (ids.length) {
    if (ids.length > MAX_PAGE_SIZE) throw invalid({ service_request_id: `一次最多查询 ${MAX_PAGE_SIZE} 个 service_request_id` });
    return { kind: 'ids', ids: [...new Set(ids)] };
  }
  const errors: Record<string, string> = {};
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      Object.assign(errors, ((e as { details?: { fields?: Record<string, string> } }).details?.fields ?? {}) as Record<string, string>);
      return undefined;
    }
  };
  const startRaw = str(q.start_date);
  const endRaw = str(q.end_date);
  const start0 = startRaw ? attempt(() => instant(startRaw, 'start_date')) : undefined;
  const end0 = endRaw ? attempt(() => instant(endRaw, 'end_date')) : undefined;
  const end = end0 ?? (start0 ? new Date(start0.getTime() + WINDOW_DAYS * DAY_MS) : now);
  const start = start0 ?? new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
  if (start0 && end0) {
    if (start > end) errors.start_date = 'start_date 不能晚于 end_date';
    else if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS)
      errors.end_date = `start_date 与 end_date 相隔不能超过 ${WINDOW_DAYS} 天`;
  }
  const status = list(str(q.status));
  const badStatus = status.filter((s) => s !== 'open' && s !== 'closed');
  if (badStatus.length) errors.status = `status 只能是 open、closed 或二者以逗号分隔，收到 ${badStatus.join('、')}`;
  const serviceCodes = list(str(q.service_code));
  if (serviceCodes.some((c) => !/^\d{6}$/.test(c))) errors.service_code = 'service_code 须为 6 位数字的服务编码，多个以逗号分隔';
  const page = attempt(() => positiveInt(str(q.page), 'page', 1, 1_000_000)) ?? 1;
  const pageSize = attempt(() => positiveInt(str(q.page_size), 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)) ?? DEFAULT_PAGE_SIZE;
  if (Object.keys(errors).length) throw invalid(errors);
  return { kind: 'window', start, end, status: [...new Set(status)] as ('open' | 'closed')[], serviceCodes, page, pageSize };
}

export interface ParsedPost {
  serviceCode: string;
  location: { lat: number; lng: number } | null;
  address: string | null;
  description: string;
  contact: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null };
  mediaUrl: string | null;
  /** The answers to the service's attributes (`attribute[code]=…`), checked against its definition. */
  attributes: StoredAttribute[];
}

/**
 * POST requests: every field checked at once, the service's attributes included; a 400 names
 * each bad one. Whether the service exists is the caller's to check first (404).
 */
export function parsePost(body: Record<string, unknown>, attributeDefs: ServiceAttribute[]): ParsedPost {
  const errors: Record<string, string> = {};
  const serviceCode = str(body.service_code) ?? '';
  if (!serviceCode) errors.service_code = '请填写 service_code（服务编码，见 services.json）';
  const latRaw = str(body.lat) ?? '';
  const longRaw = str(body.long) ?? '';
  const address = str(body.address_string) || null;
  let location: ParsedPost['location'] = null;
  if (latRaw || longRaw) {
    const lat = Number(latRaw);
    const lng = Number(longRaw);
    if (!latRaw || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.lat = 'lat 须为 -90 到 90 之间的纬度（WGS84）';
    if (!longRaw || !Number.isFinite(lng) || lng < -180 || lng > 180) errors.long = 'long 须为 -180 到 180 之间的经度（WGS84）';
    if (!errors.lat && !errors.long) location = { lat, lng };
  } else if (!address) {
    errors.lat = '须提供位置：lat 和 long（WGS84），或 address_string';
  }
  if (address && address.length > 200) errors.address_string = 'address_string 不超过 200 字';
  const description = str(body.description) ?? '';
  if (description.length > MAX_DESCRIPTION) errors.description = `description 不超过 ${MAX_DESCRIPTION} 字`;
  const contact = {
    firstName: str(body.first_name) || null,
    lastName: str(body.last_name) || null,
    email: str(body.email) || null,
    phone: str(body.phone) || null,
  };
  if (contact.firstName && contact.firstName.length > 64) errors.first_name = 'first_name 不超过 64 字';
  if (contact.lastName && contact.lastName.length > 64) errors.last_name = 'last_name 不超过 64 字';
  if (contact.email && (contact.email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email))) errors.email = 'email 格式不正确';
  if (contact.phone && !/^\+?[\d\s()-]{3,32}$/.test(contact.phone)) errors.phone = 'phone 格式不正确';
  const mediaUrl = str(body.media_url) || null;
  if (mediaUrl && (mediaUrl.length > 2000 || !isHttpUrl(mediaUrl))) errors.media_url = 'media_url 须为 http 或 https 开头的完整网址';
  const answers = validateAttributes(attributeDefs, attributeAnswers(body));
  if (!answers.ok) Object.assign(errors, answers.errors);
  if (Object.keys(errors).length || !answers.ok) throw invalid(errors);
  return { serviceCode, location, address, description, contact, mediaUrl, attributes: answers.values };
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

function attributeAnswers(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested = body.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) Object.assign(out, nested);
  for (const [k, v] of Object.entries(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

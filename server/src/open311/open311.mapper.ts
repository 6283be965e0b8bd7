import type { CaseSummaryDto, CategoryDto, Open311IntakeDto, Open311RequestDto, Open311ServiceDto } from '@xc/shared';
import { CASE_STATUS_LABELS, HIDDEN_STATUSES, TERMINAL_STATUSES, cityOffsetIso } from '@xc/shared';
import type { Open311Key, Open311Submission } from './open311.entities.js';
import type { ServiceAttribute } from './service-definitions.js';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): our categories are its services,
 * our cases its service requests. Pure mapping to the documents both serializers write.
 */

const TIME_LIMIT_UNITS = { workday: '个工作日', workhour: '工作小时', hour: '小时' } as const;

export function toService(major: CategoryDto, c: CategoryDto, attributes: ServiceAttribute[]): Open311ServiceDto {
  const limit = c.timeLimit ? `（处置时限 ${c.timeLimit.value} ${TIME_LIMIT_UNITS[c.timeLimit.unit]}）` : '';
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${major.kind === 'part' ? '部件' : '事件'} · ${major.name} · ${c.name}${limit}`,
    metadata: attributes.length > 0,
    type: 'realtime',
    keywords: [c.theme, major.name].filter(Boolean).join(','),
    group: c.theme,
  };
}

/** An instant in the city's time with its offset, e.g. 2026-11-27T09:00:00+08:00 (Xuchang has no DST). */
export function cityTime(iso: string): string;
export function cityTime(iso: string | null): string | null;
export function cityTime(iso: string | null): string | null {
  if (iso === null) return null;
  return cityOffsetIso(Date.parse(iso));
}

/** Open311 calls the lifecycle's terminal statuses closed; hidden ones (refused, voided) are shown only when asked for by id. */
const CLOSED = TERMINAL_STATUSES;
export const HIDDEN = HIDDEN_STATUSES;

export function toRequest(c: CaseSummaryDto & { closedAt?: string | null }, baseUrl: string): Open311RequestDto {
  const place = [c.address, c.street?.name, c.district?.name, '许昌市'].filter(Boolean).join('，');
  const closed = CLOSED.includes(c.status);
  const hidden = HIDDEN.includes(c.status);
  return {
    service_request_id: c.caseNo,
    status: closed ? 'closed' : 'open',
    status_notes: c.location === null && !closed ? `${CASE_STATUS_LABELS[c.status]}（待现场核实定位）` : CASE_STATUS_LABELS[c.status],
    service_name: c.categoryName,
    service_code: c.categoryCode ?? '',
    // A refused or voided report is not republished: only that it was closed, and why.
    description: hidden || !c.description ? null : c.description,
    agency_responsible: c.unit?.name ?? null,
    service_notice: null,
    requested_datetime: cityTime(c.reportedAt),
    // For a closed request the specification wants the time it was closed.
    updated_datetime: cityTime(c.status === 'closed' && c.closedAt ? c.closedAt : c.updatedAt),
    expected_datetime: cityTime(c.deadline),
    address: hidden ? null : place || null,
    address_id: hidden ? null : c.gridCode,
    zipcode: null,
    lat: hidden ? null : (c.location?.lat ?? null),
    long: hidden ? null : (c.location?.lng ?? null),
    media_url: !hidden && c.media[0] ? absoluteUrl(c.media[0].url, baseUrl) : null,
  };
}

/** A media URL as users reach it: paths are under PUBLIC_BASE_URL (which may carry a path prefix). */
export function absoluteUrl(url: string, baseUrl: string): string {
  return /^https?:\/\//.test(url) ? url : `${baseUrl}${url.startsWith('/') ? '' : '/'}${url}`;
}

/** 张三 for Chinese names (family name first, no space), "John Smith" otherwise. */
export function personName(first: string | null, last: string | null): string | null {
  const cjk = /^[\u3400-\u9fff·]+$/;
  if (first && last) return cjk.test(first) && cjk.test(last) ? `${last}${first}` : `${first} ${last}`;
  return first || last || null;
}

/** The staff view of what an Open311 request brought besides the case. */
export function toIntakeDto(s: Open311Submission, key: Pick<Open311Key, 'id' | 'name'> | null): Open311IntakeDto {
  const name = personName(s.firstName, s.lastName);
  return {
    integrator: key ? { id: key.id, name: key.name } : null,
    contact: name || s.email || s.phone ? { name, email: s.email, phone: s.phone } : null,
    attributes: s.attributes.map((a) => ({ code: a.code, label: a.label, value: a.text })),
    mediaLink:
      s.mediaUrl && s.mediaStatus !== 'fetched' ? { url: s.mediaUrl, status: s.mediaStatus === 'failed' ? 'failed' : 'not_allowed' } : null,
  };
}

import type { CaseSummaryDto, CategoryDto } from '@xc/shared';
import { CASE_STATUS_LABELS } from '@xc/shared';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): our categories are its services,
 * our cases its service requests. Pure mapping, JSON and XML.
 */

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export function toService(major: CategoryDto, c: CategoryDto): Open311Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${major.kind === 'part' ? '部件' : '事件'} · ${major.name} · ${c.name}${c.timeLimit ? `（处置时限 ${c.timeLimit.value} ${c.timeLimit.unit === 'workday' ? '个工作日' : c.timeLimit.unit === 'workhour' ? '工作小时' : '小时'}）` : ''}`,
    metadata: false,
    type: 'realtime',
    keywords: [c.theme, major.name].filter(Boolean).join(','),
    group: c.theme,
  };
}

const CLOSED = ['closed', 'refused', 'voided'];

export function toRequest(c: CaseSummaryDto, baseUrl: string): Open311Request {
  const place = [c.address, c.street?.name, c.district?.name, '许昌市'].filter(Boolean).join('，');
  return {
    service_request_id: c.caseNo,
    status: CLOSED.includes(c.status) ? 'closed' : 'open',
    status_notes: CASE_STATUS_LABELS[c.status],
    service_name: c.categoryName,
    service_code: c.categoryCode ?? '',
    description: c.description,
    agency_responsible: c.unit?.name ?? null,
    service_notice: null,
    requested_datetime: c.reportedAt,
    updated_datetime: c.updatedAt,
    expected_datetime: c.deadline,
    address: place || null,
    address_id: c.gridCode,
    zipcode: null,
    lat: c.location.lat,
    long: c.location.lng,
    media_url: c.media[0] ? new URL(c.media[0].url, baseUrl).toString() : null,
  };
}

function escapeXml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<services><service>…</service></services>`: one element per field, null as an empty element. */
export function toXml(root: string, item: string, rows: object[]): string {
  const body = rows
    .map(
      (r) =>
        `<${item}>${Object.entries(r)
          .map(([k, v]) => (Array.isArray(v) ? `<${k}/>` : `<${k}>${v === null || v === undefined ? '' : escapeXml(String(v))}</${k}>`))
          .join('')}</${item}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}

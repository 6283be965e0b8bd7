import Taro from '@tarojs/taro';
import { ERROR_MESSAGES, isApiErrorBody, type ErrorCode } from '@xc/shared';
import {
  ApiError,
  DEFAULT_TIMEOUT_MS,
  NETWORK_ERROR_MESSAGE,
  TIMEOUT_MESSAGE,
  buildUrl,
  codeForStatus,
  request,
} from '../../services/request';

/**
 * The public evaluation endpoints (排行榜, 考评通报, a unit's score): no login needed. Kept small:
 * the home page imports `rankingMonths` from here for its notice bar.
 */

export interface PublishedMonth {
  month: string;
  revision: number;
}

export interface RankingUnit {
  id: string;
  name: string;
  score: number;
  grade: string;
  rank: number;
}

export interface RankingGroup {
  code: string;
  name: string;
  units: RankingUnit[];
}

export interface Correction {
  revision: number;
  reason: string | null;
  publishedAt: string | null;
}

export interface Ranking {
  month: string;
  revision: number;
  publishedAt: string | null;
  corrections: Correction[];
  figures: { reported: number; closureRate: number | null } | null;
  groups: RankingGroup[];
}

export interface BreakdownItem {
  code: string;
  name: string;
  kind: 'computed' | 'manual';
  weight: number | null;
  points: number;
  basis: Record<string, number | string | null>;
  note: string | null;
}

export interface Adjustment {
  id: string;
  item: string;
  points: number;
  reason: string;
  evidence: unknown[];
  createdAt: string;
}

export interface UnitScore {
  month: string;
  revision: number;
  unit: { id: string; name: string };
  group: { code: string; name: string; size: number };
  score: number;
  grade: string;
  rank: number;
  source: 'imported' | 'computed';
  items: BreakdownItem[];
  adjustments: Adjustment[];
  cases: { href: string; stats: string } | null;
}

export interface TrendPoint {
  month: string;
  score: number;
  grade: string;
  rank: number;
  groupSize: number;
}

/** Published months, latest first. */
export function rankingMonths(): Promise<PublishedMonth[]> {
  return request<PublishedMonth[]>('/api/v1/rankings', { auth: false });
}

/** A month's ranking, the latest published revision unless one is asked for. 404 when not published. */
export function ranking(month: string, revision?: number): Promise<Ranking> {
  return request<Ranking>(`/api/v1/rankings/${encodeURIComponent(month)}`, { query: { revision }, auth: false });
}

export function unitScore(month: string, unitId: string): Promise<UnitScore> {
  return request<UnitScore>(`/api/v1/rankings/${encodeURIComponent(month)}/units/${encodeURIComponent(unitId)}`, { auth: false });
}

/** A unit's scores over the published months, oldest first. */
export function unitTrend(unitId: string): Promise<TrendPoint[]> {
  return request<TrendPoint[]>(`/api/v1/units/${encodeURIComponent(unitId)}/trend`, { auth: false });
}

/** The ranking of a month as a spreadsheet (a download link in H5). */
export function rankingXlsxUrl(month: string): string {
  return buildUrl(`/api/v1/rankings/${encodeURIComponent(month)}/bulletin`, { format: 'xlsx' });
}

/**
 * The bulletin (通报) as plain text. `request` parses JSON, so this one reads text itself, with
 * the same errors: a JSON error body becomes its ApiError, a network failure NETWORK_ERROR.
 */
export async function bulletinText(month: string): Promise<string> {
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url: buildUrl(`/api/v1/rankings/${encodeURIComponent(month)}/bulletin`),
      method: 'GET',
      header: { Accept: 'text/plain, application/json' },
      dataType: 'text',
      responseType: 'text',
      timeout: DEFAULT_TIMEOUT_MS,
    });
  } catch (err) {
    const e = err as { errMsg?: string; message?: string } | null;
    const text = `${e?.errMsg ?? ''} ${e?.message ?? ''}`.toLowerCase();
    throw text.includes('timeout')
      ? new ApiError({ code: 'TIMEOUT', message: TIMEOUT_MESSAGE })
      : new ApiError({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
  }
  const body = typeof res.data === 'string' ? res.data : res.data == null ? '' : JSON.stringify(res.data);
  if (res.statusCode < 200 || res.statusCode >= 300) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = null;
    }
    if (isApiErrorBody(parsed)) {
      const code = parsed.code as ErrorCode;
      throw new ApiError({ code: parsed.code, message: parsed.message || ERROR_MESSAGES[code] }, res.statusCode);
    }
    const code = codeForStatus(res.statusCode);
    throw new ApiError({ code, message: ERROR_MESSAGES[code] }, res.statusCode);
  }
  return body;
}

/** The bulletin's title for a month, as the server writes it: 许昌市城市管理综合考评2月份调度情况通报. */
export function bulletinTitle(month: string): string {
  return `许昌市城市管理综合考评${Number(month.slice(5, 7))}月份调度情况通报`;
}

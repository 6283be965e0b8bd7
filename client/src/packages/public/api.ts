import type { BulletinDocument, PublishedMonthDto, RankingDto, TrendPointDto, UnitScoreDto } from '@xc/shared';
import { buildUrl, request } from '../../services/request';

/**
 * The public evaluation endpoints (排行榜, 考评通报, a unit's score): no login needed. Kept small:
 * the home page imports `rankingMonths` from here for its notice bar.
 */

// The wire types live in @xc/shared (evaluations.ts); these names are the ones the pages use.
export type {
  PublishedMonthDto as PublishedMonth,
  RankingUnitDto as RankingUnit,
  RankingDto as Ranking,
  BreakdownItemDto as BreakdownItem,
  UnitScoreDto as UnitScore,
  TrendPointDto as TrendPoint,
} from '@xc/shared';

/** Published months, latest first. */
export function rankingMonths(): Promise<PublishedMonthDto[]> {
  return request<PublishedMonthDto[]>('/api/v1/rankings', { auth: false });
}

/** A month's ranking, the latest published revision unless one is asked for. 404 when not published. */
export function ranking(month: string, revision?: number): Promise<RankingDto> {
  return request<RankingDto>(`/api/v1/rankings/${encodeURIComponent(month)}`, { query: { revision }, auth: false });
}

export function unitScore(month: string, unitId: string): Promise<UnitScoreDto> {
  return request<UnitScoreDto>(`/api/v1/rankings/${encodeURIComponent(month)}/units/${encodeURIComponent(unitId)}`, { auth: false });
}

/** A unit's scores over the published months, oldest first. */
export function unitTrend(unitId: string): Promise<TrendPointDto[]> {
  return request<TrendPointDto[]>(`/api/v1/units/${encodeURIComponent(unitId)}/trend`, { auth: false });
}

/** The ranking of a month as a spreadsheet (a download link in H5). */
export function rankingXlsxUrl(month: string): string {
  return buildUrl(`/api/v1/rankings/${encodeURIComponent(month)}/bulletin`, { format: 'xlsx' });
}

/** The bulletin (通报) as a document; the page shows its parts and renders the text to copy from it. */
export function bulletinDocument(month: string): Promise<BulletinDocument> {
  return request<BulletinDocument>(`/api/v1/rankings/${encodeURIComponent(month)}/bulletin`, { query: { format: 'json' }, auth: false });
}

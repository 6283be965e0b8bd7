import type { BulletinDocument } from '@xc/shared';
import { buildUrl, request } from '../../services/request';

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

/** The bulletin (通报) as a document; the page shows its parts and renders the text to copy from it. */
export function bulletinDocument(month: string): Promise<BulletinDocument> {
  return request<BulletinDocument>(`/api/v1/rankings/${encodeURIComponent(month)}/bulletin`, { query: { format: 'json' }, auth: false });
}

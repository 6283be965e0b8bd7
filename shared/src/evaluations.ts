/** Wire types of the evaluation endpoints (排行榜, 考评通报, a unit's score, the evaluators' drafts). */

/** A published month and its latest revision (`GET /api/v1/rankings`, latest first). */
export interface PublishedMonthDto {
  month: string;
  revision: number;
}

export interface RankingUnitDto {
  id: string;
  name: string;
  score: number;
  grade: string;
  rank: number;
}

export interface RankingGroupDto {
  code: string;
  name: string;
  units: RankingUnitDto[];
}

/** A later revision of a published month: why it was corrected. */
export interface RankingCorrectionDto {
  revision: number;
  reason: string | null;
  publishedAt: string | null;
}

/** The month's case figures kept with an evaluation (the bulletin's introduction). */
export interface EvaluationFiguresDto {
  reported: number;
  closureRate: number | null;
}

/** `GET /api/v1/rankings/:month`: a published month, every group ranked. */
export interface RankingDto {
  month: string;
  revision: number;
  publishedAt: string | null;
  corrections: RankingCorrectionDto[];
  figures: EvaluationFiguresDto | null;
  groups: RankingGroupDto[];
}

/** One item of a unit's score: computed from the month's cases, or a manual 明察暗访/专项整治/指导调度. */
export interface BreakdownItemDto {
  code: string;
  name: string;
  kind: 'computed' | 'manual';
  weight: number | null;
  points: number;
  /** What the points were computed from (rates, counts, the adjustment's id). */
  basis: Record<string, number | string | null>;
  note: string | null;
}

export type ManualItem = '明察暗访' | '专项整治' | '指导调度';

/** A manual item as the public sees it under a unit's score. */
export interface UnitAdjustmentDto {
  id: string;
  /** 明察暗访, 专项整治 or 指导调度. */
  item: string;
  points: number;
  reason: string;
  evidence: string[];
  createdAt: string;
}

/** `GET /api/v1/rankings/:month/units/:unitId`: one unit's score, item by item. */
export interface UnitScoreDto {
  month: string;
  revision: number;
  unit: { id: string; name: string };
  group: { code: string; name: string; size: number };
  score: number;
  grade: string;
  rank: number;
  source: 'imported' | 'computed';
  items: BreakdownItemDto[];
  adjustments: UnitAdjustmentDto[];
  /** Computed months: where the case counts come from. */
  cases: { href: string; stats: string } | null;
}

/** `GET /api/v1/units/:unitId/trend`: one published month of a unit, oldest first. */
export interface TrendPointDto {
  month: string;
  score: number;
  grade: string;
  rank: number;
  groupSize: number;
}

// --- Evaluators ------------------------------------------------------------------------------

/** `PUT /api/v1/evaluations/:month/scores`: one row of a month published outside the system. */
export interface ImportScoreRow {
  /** The unit's name or id. */
  unit: string;
  score: number;
}

/** The draft an import or a computation made. */
export interface EvaluationDraftDto {
  month: string;
  revision: number;
  units: number;
}

export interface EvaluationFiguresBody {
  reported: number;
  closureRate: number;
}

export interface EvaluationFiguresResultDto {
  month: string;
  revision: number;
  figures: EvaluationFiguresBody;
}

/** An imported month's bulletin wording as published: introduction and closing paragraphs. */
export interface EvaluationWordingBody {
  paragraphs: string[];
  closing: string[];
}

export interface EvaluationWordingResultDto extends EvaluationWordingBody {
  month: string;
  revision: number;
}

export interface AdjustmentBody {
  unitId: string;
  item: ManualItem;
  /** Negative: deducted; positive: added. */
  points: number;
  reason: string;
  evidence?: string[];
}

/** A manual item as evaluators see it (`GET /api/v1/evaluations/:month/deductions`). */
export interface EvaluationAdjustmentDto {
  id: string;
  month: string;
  unitId: string;
  item: ManualItem;
  points: number;
  reason: string;
  evidence: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface AdjustmentRevokedDto {
  id: string;
  revoked: boolean;
}

export interface PublishEvaluationBody {
  /** Required when correcting a month already published. */
  reason?: string;
  /** Imported months: when the bulletin was originally published. */
  publishedAt?: string;
}

export interface EvaluationPublishedDto {
  month: string;
  revision: number;
  publishedAt: string;
  /** True when this revision corrects a month already published. */
  correction: boolean;
}

/** `GET /api/v1/evaluations/:month`: every revision of a month, drafts included. */
export interface EvaluationStatusDto {
  month: string;
  revisions: {
    revision: number;
    status: 'draft' | 'published';
    source: 'imported' | 'computed';
    units: number;
    publishedAt: string | null;
    reason: string | null;
  }[];
}

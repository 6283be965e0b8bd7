import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../database/transformers.js';
import type { PublishedWording } from './rules/bulletin.js';
import type { GradeThresholds } from './rules/ranking.js';
import type { BreakdownItem, SchemeItem } from './rules/scoring.js';

/** A group's scoring scheme from a month on (the latest `from_month` ≤ the month applies). */
@Entity('evaluation_schemes')
@Index('uq_schemes_group_month', ['groupCode', 'fromMonth'], { unique: true })
export class EvaluationScheme {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'group_code', type: 'varchar', length: 16 }) groupCode: string;
  @Column({ name: 'from_month', type: 'varchar', length: 7 }) fromMonth: string;
  @Column({ type: 'json' }) items: SchemeItem[];
  @Column({ type: 'json' }) grades: GradeThresholds;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

/**
 * One revision of a month's evaluation. Drafts may be replaced; a published revision never
 * changes: a correction is a new revision, published with who and why, and the old one stays.
 */
@Entity('evaluations')
export class Evaluation {
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
  @PrimaryColumn({ type: 'int' }) revision: number;
  @Column({ type: 'varchar', length: 12 }) status: 'draft' | 'published';
  @Column({ type: 'varchar', length: 12 }) source: 'imported' | 'computed';
  /** The month's case figures for the bulletin's introduction (上报, 结案率). */
  @Column({ type: 'json', nullable: true }) figures: { reported: number; closureRate: number | null } | null;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'published_by', type: 'varchar', length: 36, nullable: true }) publishedBy: string | null;
  @Column({ name: 'published_at', type: 'datetime', nullable: true }) publishedAt: Date | null;
  /** An imported month's bulletin wording as published outside the system; computed months compose theirs. */
  @Column({ name: 'published_wording', type: 'json', nullable: true }) publishedWording: PublishedWording | null;
  /** Why a published month was corrected. */
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
}

/** A unit's score in one revision, with the group membership and name it was computed with. */
@Entity('evaluation_scores')
@Index('idx_scores_unit', ['unitId', 'month'])
export class EvaluationScore {
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
  @PrimaryColumn({ type: 'int' }) revision: number;
  @PrimaryColumn({ name: 'unit_id', type: 'varchar', length: 32 }) unitId: string;
  @Column({ name: 'unit_name', type: 'varchar', length: 64 }) unitName: string;
  @Column({ name: 'group_code', type: 'varchar', length: 16 }) groupCode: string;
  @Column({ name: 'unit_order', type: 'int' }) unitOrder: number;
  @Column({ type: 'decimal', precision: 5, scale: 2, transformer: decimalTransformer }) score: number;
  @Column({ type: 'varchar', length: 8 }) grade: string;
  @Column({ type: 'json', nullable: true }) breakdown: BreakdownItem[] | null;
}

/** A manual item (明察暗访 deduction, 专项整治, 指导调度) for a unit in a month, with its reason. */
@Entity('evaluation_adjustments')
@Index('idx_adjustments_month_unit', ['month', 'unitId'])
export class EvaluationAdjustment {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 7 }) month: string;
  @Column({ name: 'unit_id', type: 'varchar', length: 32 }) unitId: string;
  @Column({ type: 'varchar', length: 16 }) item: string;
  @Column({ type: 'decimal', precision: 6, scale: 2, transformer: decimalTransformer }) points: number;
  @Column({ type: 'varchar', length: 500 }) reason: string;
  @Column({ type: 'json' }) evidence: string[];
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true }) revokedAt: Date | null;
}

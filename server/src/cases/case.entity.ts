import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseAction, CaseChannel, CaseRequest, CaseStatus, Theme } from '@xc/shared';
import { boolTransformer, decimalTransformer } from '../database/transformers.js';

/**
 * A case (案件). `status` and `version` change together with one history row per move.
 * Derived facts that the monthly figures need (registered, dispatched, last finished, closed,
 * reworked) are kept as columns so that the figures are SQL aggregates.
 */
@Entity('cases')
@Index('idx_cases_unit_status', ['unitId', 'status'])
@Index('idx_cases_reporter', ['reporterId', 'reportedAt'])
@Index('idx_cases_category_status', ['categoryCode', 'status', 'lat', 'lng'])
@Index('idx_cases_status_reported', ['status', 'reportedAt'])
@Index('idx_cases_reported_unit', ['reportedAt', 'unitId'])
@Index('idx_cases_theme_status', ['theme', 'status', 'lat', 'lng'])
export class Case {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index('uq_cases_case_no', { unique: true })
  @Column({ name: 'case_no', type: 'varchar', length: 20 })
  caseNo: string;
  @Column({ type: 'varchar', length: 16 }) status: CaseStatus;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 8 }) channel: CaseChannel;
  @Column({ name: 'category_code', type: 'varchar', length: 6, nullable: true }) categoryCode: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) theme: Theme | null;
  /** Up to 500 characters from the platform's own client, up to 4,000 from Open311. */
  @Column({ type: 'varchar', length: 4000 }) description: string;
  /** WGS84; null (with no grid) while a report that came with only an address waits to be located during 核实. */
  @Column({ type: 'decimal', precision: 10, scale: 7, nullable: true, transformer: decimalTransformer }) lat: number | null;
  @Column({ type: 'decimal', precision: 10, scale: 7, nullable: true, transformer: decimalTransformer }) lng: number | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) address: string | null;
  @Index('idx_cases_grid')
  @Column({ name: 'grid_code', type: 'varchar', length: 15, nullable: true })
  gridCode: string | null;
  @Column({ name: 'street_code', type: 'varchar', length: 12, nullable: true }) streetCode: string | null;
  @Column({ name: 'district_code', type: 'varchar', length: 12, nullable: true }) districtCode: string | null;
  /** The reporting user; for channel `open311` the api key (open311_keys.id) of the integrator that sent it. */
  @Column({ name: 'reporter_id', type: 'varchar', length: 36 }) reporterId: string;
  /** The unit the case was last dispatched to. */
  @Column({ name: 'unit_id', type: 'varchar', length: 32, nullable: true }) unitId: string | null;
  /** The inspector asked to verify or check, if one was named. */
  @Column({ name: 'inspector_id', type: 'varchar', length: 36, nullable: true }) inspectorId: string | null;
  @Column({ name: 'open_request', type: 'varchar', length: 16, nullable: true }) openRequest: CaseRequest;
  @Column({ name: 'requested_deadline', type: 'datetime', nullable: true }) requestedDeadline: Date | null;
  @Column({ type: 'datetime', nullable: true }) deadline: Date | null;
  @Column({ name: 'reported_at', type: 'datetime' }) reportedAt: Date;
  @Index('idx_cases_registered')
  @Column({ name: 'registered_at', type: 'datetime', nullable: true })
  registeredAt: Date | null;
  @Column({ name: 'dispatched_at', type: 'datetime', nullable: true }) dispatchedAt: Date | null;
  @Column({ name: 'last_finished_at', type: 'datetime', nullable: true }) lastFinishedAt: Date | null;
  @Column({ name: 'closed_at', type: 'datetime', nullable: true }) closedAt: Date | null;
  @Column({ type: 'int', default: 0, transformer: boolTransformer }) reworked: boolean;
  @Column({ name: 'self_handled', type: 'int', default: 0, transformer: boolTransformer }) selfHandled: boolean;
  @Column({ name: 'duplicate_of', type: 'varchar', length: 36, nullable: true }) duplicateOf: string | null;
  @Column({ name: 'media_ids', type: 'json' }) mediaIds: string[];
  @Column({ name: 'after_media_ids', type: 'json' }) afterMediaIds: string[];
  @Column({ type: 'int', nullable: true }) rating: number | null;
  @Column({ name: 'rating_comment', type: 'varchar', length: 500, nullable: true }) ratingComment: string | null;
  @Index('idx_cases_rated')
  @Column({ name: 'rated_at', type: 'datetime', nullable: true })
  ratedAt: Date | null;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt: Date;
}

/** One move of a case: append-only. */
@Entity('case_history')
@Index('uq_history_case_seq', ['caseId', 'seq'], { unique: true })
// Covers the monthly figures' one pass over each case's history up to a cut-off.
@Index('idx_history_case_at', ['caseId', 'at', 'seq', 'action', 'toStatus'])
export class CaseHistory {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'case_id', type: 'varchar', length: 36 }) caseId: string;
  /** 1, 2, 3… per case; equals the case's version after the move. */
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 24 }) action: CaseAction | 'report' | 'self-handle';
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true }) fromStatus: CaseStatus | null;
  @Column({ name: 'to_status', type: 'varchar', length: 16 }) toStatus: CaseStatus;
  @Column({ name: 'actor_id', type: 'varchar', length: 36 }) actorId: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 16 }) actorRole: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @Column({ name: 'media_ids', type: 'json' }) mediaIds: string[];
  /** Action-specific facts: unitId, reason, passed, deadline, rating… */
  @Column({ type: 'json', nullable: true }) data: Record<string, any> | null;
  @Column({ type: 'datetime' }) at: Date;
}

/** `Idempotency-Key` of case creation, per user. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 128 }) key: string;
  @Column({ name: 'request_hash', type: 'varchar', length: 64 }) requestHash: string;
  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true }) caseId: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

/** Per-day sequence behind readable case numbers (XC + yyyymmdd + 4 digits). */
@Entity('case_counters')
export class CaseCounter {
  @PrimaryColumn({ type: 'varchar', length: 8 }) day: string;
  @Column({ type: 'int' }) value: number;
}

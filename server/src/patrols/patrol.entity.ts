import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DailyCoverageDto } from '@xc/shared';
import type { HalfDayFigure } from './rules/half-days.js';
import { decimalTransformer } from '../database/transformers.js';

/**
 * A patrol session (巡查) with its running figures. `lastT` is the latest device time stored and
 * the anchor the last plausible point: batches that arrive in order extend the figures from them;
 * a batch with late points recomputes the whole track.
 */
@Entity('patrols')
@Index('idx_patrols_user_started', ['userId', 'startedAt'])
export class Patrol {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'started_at', type: 'datetime', precision: 3 }) startedAt: Date;
  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true }) finishedAt: Date | null;
  /** Points stored (each once). */
  @Column({ type: 'int', default: 0 }) points: number;
  /** Of those, flagged as implausible. */
  @Column({ type: 'int', default: 0 }) flagged: number;
  /** Metres between consecutive plausible points. */
  @Column({ name: 'distance_m', type: 'decimal', precision: 12, scale: 2, default: 0, transformer: decimalTransformer }) distanceM: number;
  @Column({ name: 'last_t', type: 'datetime', precision: 3, nullable: true }) lastT: Date | null;
  @Column({ name: 'anchor_t', type: 'datetime', precision: 3, nullable: true }) anchorT: Date | null;
  @Column({ name: 'anchor_lat', type: 'decimal', precision: 10, scale: 7, nullable: true, transformer: decimalTransformer }) anchorLat:
    number | null;
  @Column({ name: 'anchor_lng', type: 'decimal', precision: 10, scale: 7, nullable: true, transformer: decimalTransformer }) anchorLng:
    number | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** Set when the retention job dropped the points (the week's figures are in patrol_week_figures). */
  @Column({ name: 'track_dropped_at', type: 'datetime', nullable: true }) trackDroppedAt?: Date | null;
}

/**
 * One GPS fix of a patrol, keyed by (patrol, device time): a point sent twice is stored once.
 * `flags` is a bitmask of rules/plausibility.ts FLAG (0 = plausible, counted).
 */
@Entity('patrol_points')
export class PatrolPoint {
  @PrimaryColumn({ name: 'patrol_id', type: 'varchar', length: 36 }) patrolId: string;
  @PrimaryColumn({ type: 'datetime', precision: 3 }) t: Date;
  @Column({ type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) lat: number;
  @Column({ type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) lng: number;
  @Column({ type: 'decimal', precision: 8, scale: 2, nullable: true, transformer: decimalTransformer }) accuracy: number | null;
  @Column({ type: 'int', default: 0 }) flags: number;
  @Column({ name: 'received_at', type: 'datetime', precision: 3 }) receivedAt: Date;
}

/**
 * A person's half-days and daily coverage of one ISO week, kept when the retention job drops the
 * week's tracks (PATROL_TRACK_RETENTION_MONTHS): compliance reads these instead of the points.
 */
@Entity('patrol_week_figures')
export class PatrolWeekFigures {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 8 }) week: string;
  @Column({ name: 'half_days', type: 'json' }) halfDays: HalfDayFigure[];
  @Column({ name: 'daily_coverage', type: 'json' }) dailyCoverage: DailyCoverageDto[];
  @Column({ name: 'kept_at', type: 'datetime' }) keptAt: Date;
}

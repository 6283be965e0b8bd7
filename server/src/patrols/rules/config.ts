/**
 * The patrol rules' configurable defaults, in one place (../shared/docs/domain.md, Patrols).
 * Times are city time (Asia/Shanghai, UTC+8); distances in metres.
 */
import type { PatrolRole } from '@xc/shared';

export interface TimeWindow {
  /** 'HH:MM', inclusive. */
  start: string;
  /** 'HH:MM', exclusive. */
  end: string;
}

export interface PatrolRules {
  /** The two half-days of a day. A patrol across noon is split at the boundary. */
  halfDays: { am: TimeWindow; pm: TimeWindow };
  /** A half-day counts when the time inside the assigned area within its window reaches this. */
  halfDayMinMinutes: number;
  /**
   * Time between two consecutive plausible points counts (inside the area, for coverage sampling)
   * only when they are at most this far apart: a longer silence is not presence.
   */
  maxGapSeconds: number;
  /** Half-days a week by patrol role; null: the role's rule is daily coverage instead. */
  requiredHalfDays: Record<PatrolRole, number | null>;
  coverage: {
    /** Side of the square cells laid over each grid's bounding box (cells whose centre is inside count). */
    cellM: number;
    /** A cell is covered when a track passes within this distance of its centre (half the cell diagonal ≈ 35 m). */
    reachM: number;
    /** Between two consecutive points the track is sampled every this many metres. */
    sampleStepM: number;
    /** 网格管理员: the share each working day must reach ("the whole grid every day"). */
    requiredDailyShare: number;
  };
  plausibility: {
    /** Reported accuracy worse (larger) than this → flagged `accuracy`. */
    maxAccuracyM: number;
    /** Faster than this from the previous plausible point → flagged `speed` (20 m/s = 72 km/h). */
    maxSpeedMps: number;
    /** Slack for GPS noise between close fixes: flagged when distance > maxSpeed × Δt + slack. */
    speedSlackM: number;
    /** Device time later than the server's receipt time by more than this → flagged `future`. */
    futureToleranceSeconds: number;
    /** Outside [startedAt − tolerance, finishedAt + tolerance] → flagged `span`. */
    spanToleranceSeconds: number;
  };
  /** Largest batch of points per request. */
  maxBatch: number;
}

export const DEFAULT_PATROL_RULES: PatrolRules = Object.freeze({
  halfDays: { am: { start: '06:00', end: '12:00' }, pm: { start: '12:00', end: '20:00' } },
  halfDayMinMinutes: 60,
  maxGapSeconds: 300,
  requiredHalfDays: { grid_leader: 3, supervisor_l3: 3, grid_manager: null },
  coverage: { cellM: 50, reachM: 35, sampleStepM: 10, requiredDailyShare: 0.9 },
  plausibility: { maxAccuracyM: 50, maxSpeedMps: 20, speedSlackM: 10, futureToleranceSeconds: 120, spanToleranceSeconds: 120 },
  maxBatch: 500,
}) as PatrolRules;

/** A plausible fix of a track: epoch milliseconds and WGS84 degrees. */
export interface Fix {
  t: number;
  lat: number;
  lng: number;
}

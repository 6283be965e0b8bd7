import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A month's case figures per unit at the month's end, taken once when they can no longer change
 * (stats/month-closure.ts): figures at a past cut-off depend only on the history up to it, which
 * is append-only. The monthly evaluation and the month's figures read these ~90 rows instead of
 * the month's cases. `unit_id` '' holds the cases with no unit at the cut-off (never dispatched, or
 * returned): the city is the sum of all rows, and that row is always written, so a month with a
 * snapshot always has at least one row.
 */
@Entity('month_figures')
export class MonthFigures {
  @PrimaryColumn({ type: 'varchar', length: 7 }) month: string;
  @PrimaryColumn({ name: 'unit_id', type: 'varchar', length: 32 }) unitId: string;
  @Column({ type: 'int' }) reported: number;
  @Column({ type: 'int' }) registered: number;
  @Column({ type: 'int' }) due: number;
  @Column({ type: 'int' }) closed: number;
  @Column({ name: 'closed_on_time', type: 'int' }) closedOnTime: number;
  @Column({ type: 'int' }) overdue: number;
  @Column({ type: 'int' }) reworked: number;
  @Column({ name: 'rating_sum', type: 'int' }) ratingSum: number;
  @Column({ name: 'rating_count', type: 'int' }) ratingCount: number;
  @Column({ name: 'taken_at', type: 'datetime' }) takenAt: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RefStatus } from '../common/ref-status.js';

/** An exception to the Mon–Fri week: a public holiday, or a make-up working day (调休). */
@Entity('calendar_days')
export class CalendarDay {
  @PrimaryColumn({ type: 'varchar', length: 10 }) date: string;
  @Column({ type: 'varchar', length: 8 }) kind: 'holiday' | 'workday';
  @Column({ type: 'varchar', length: 32 }) name: string;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
}

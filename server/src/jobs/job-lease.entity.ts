import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One scheduled job's lease, shared by every process on the database: a process runs the job only
 * if it moves `next_run_at` on first (one conditional UPDATE, atomic on both engines), so the job
 * runs once per period however many processes tick.
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 }) name: string;
  @Column({ name: 'next_run_at', type: 'datetime' }) nextRunAt: Date;
  /** While a run is in progress: until when its holder may take, after which another may run it. */
  @Column({ name: 'lease_until', type: 'datetime', nullable: true }) leaseUntil: Date | null;
  @Column({ type: 'varchar', length: 96, nullable: true }) holder: string | null;
  @Column({ name: 'last_started_at', type: 'datetime', nullable: true }) lastStartedAt: Date | null;
  @Column({ name: 'last_finished_at', type: 'datetime', nullable: true }) lastFinishedAt: Date | null;
  /** What the last run did (counts as JSON), or why it failed. */
  @Column({ name: 'last_result', type: 'varchar', length: 500, nullable: true }) lastResult: string | null;
}

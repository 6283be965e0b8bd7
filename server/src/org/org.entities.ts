import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RefStatus } from '../common/ref-status.js';
import { boolTransformer } from '../database/transformers.js';

/** 考评组, in bulletin order; how the bulletin lists it is configuration, not a rule of size. */
@Entity('evaluation_groups')
export class EvaluationGroup {
  @PrimaryColumn({ type: 'varchar', length: 16 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ name: 'sort_order', type: 'int' }) order: number;
  @Column({ name: 'list_mode', type: 'varchar', length: 16 }) listMode: 'full' | 'top_bottom';
  @Column({ type: 'varchar', length: 32 }) noun: string;
}

/** A unit that handles cases and is ranked monthly. */
@Entity('units')
export class Unit {
  @PrimaryColumn({ type: 'varchar', length: 32 }) id: string;
  @Index('uq_units_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;
  @Column({ type: 'varchar', length: 16 }) kind: string;
  @Column({ name: 'district_code', type: 'varchar', length: 12, nullable: true }) districtCode: string | null;
  @Column({ name: 'street_code', type: 'varchar', length: 12, nullable: true }) streetCode: string | null;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
  @Column({ type: 'int', default: 1, transformer: boolTransformer }) active: boolean;
}

/**
 * A unit's membership of a group over a span of months (inclusive `fromMonth`, exclusive `toMonth`).
 * Membership changes close one row and open another, so a past month still sees who was in.
 */
@Entity('group_memberships')
@Index('idx_memberships_group', ['groupCode', 'fromMonth'])
export class GroupMembership {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'group_code', type: 'varchar', length: 16 }) groupCode: string;
  @Index('idx_memberships_unit')
  @Column({ name: 'unit_id', type: 'varchar', length: 32 })
  unitId: string;
  @Column({ name: 'sort_order', type: 'int' }) order: number;
  @Column({ name: 'from_month', type: 'varchar', length: 7 }) fromMonth: string;
  @Column({ name: 'to_month', type: 'varchar', length: 7, nullable: true }) toMonth: string | null;
}

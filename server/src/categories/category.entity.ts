import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Theme, TimeLimitUnit } from '@xc/shared';
import type { RefStatus } from '../common/ref-status.js';
import { boolTransformer, decimalTransformer } from '../database/transformers.js';

/** CJ/T 214 category: a 4-digit major (parent null) or a 6-digit subcategory. */
@Entity('categories')
export class Category {
  @PrimaryColumn({ type: 'varchar', length: 6 }) code: string;
  @Column({ type: 'varchar', length: 8 }) kind: 'part' | 'event';
  @Column({ type: 'varchar', length: 32 }) major: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index('idx_categories_parent')
  @Column({ name: 'parent_code', type: 'varchar', length: 6, nullable: true })
  parentCode: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) theme: Theme | null;
  @Column({ name: 'time_limit_value', type: 'decimal', precision: 8, scale: 2, nullable: true, transformer: decimalTransformer })
  timeLimitValue: number | null;
  @Column({ name: 'time_limit_unit', type: 'varchar', length: 16, nullable: true }) timeLimitUnit: TimeLimitUnit | null;
  /** Radius within which an open case of this category counts as a possible duplicate. */
  @Column({ name: 'duplicate_radius_m', type: 'int', default: 50 }) duplicateRadiusM: number;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
  @Column({ type: 'int', default: 1, transformer: boolTransformer }) active: boolean;
}

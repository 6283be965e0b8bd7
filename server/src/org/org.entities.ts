import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RefStatus } from '../seed/reference/types.js';
import { boolTransformer, decimalTransformer } from '../database/transformers.js';

/** 区 (CJ/T 213 level 1 of the grid code). `status` keeps source vs inferred vs demo visible. */
@Entity('districts')
export class District {
  @PrimaryColumn({ type: 'varchar', length: 12 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
}

/** 街道 / 乡 / 镇. */
@Entity('streets')
export class Street {
  @PrimaryColumn({ type: 'varchar', length: 12 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index('idx_streets_district')
  @Column({ name: 'district_code', type: 'varchar', length: 12 })
  districtCode: string;
  @Column({ type: 'varchar', length: 8 }) type: string;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
}

/** 社区. */
@Entity('communities')
export class Community {
  @PrimaryColumn({ type: 'varchar', length: 15 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index('idx_communities_street')
  @Column({ name: 'street_code', type: 'varchar', length: 12 })
  streetCode: string;
  @Column({ type: 'varchar', length: 16 }) status: RefStatus;
}

/** 单元网格: a polygon (closed ring of [lng, lat], WGS84) with its bounding box for the index. */
@Entity('grids')
export class Grid {
  @PrimaryColumn({ type: 'varchar', length: 15 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index('idx_grids_community')
  @Column({ name: 'community_code', type: 'varchar', length: 15 })
  communityCode: string;
  @Index('idx_grids_street')
  @Column({ name: 'street_code', type: 'varchar', length: 12 })
  streetCode: string;
  @Column({ name: 'district_code', type: 'varchar', length: 12 }) districtCode: string;
  @Column({ type: 'json' }) polygon: [number, number][];
  @Column({ name: 'min_lng', type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) minLng: number;
  @Column({ name: 'min_lat', type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) minLat: number;
  @Column({ name: 'max_lng', type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) maxLng: number;
  @Column({ name: 'max_lat', type: 'decimal', precision: 10, scale: 7, transformer: decimalTransformer }) maxLat: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

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

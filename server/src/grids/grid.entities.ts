import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RefStatus } from '../common/ref-status.js';
import { decimalTransformer } from '../database/transformers.js';

/** The city's geography (CJ/T 213): districts, streets, communities and unit grids, owned by the grids feature. */

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

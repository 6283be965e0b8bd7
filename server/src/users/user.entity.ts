import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PatrolRole, Role } from '@xc/shared';
import { boolTransformer } from '../database/transformers.js';

const rolesTransformer = {
  to: (roles: Role[]) => roles.join(','),
  from: (raw: string) => (raw ? (raw.split(',') as Role[]) : []),
};

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  /** WeChat openid of the mini-program; null for accounts that never logged in through WeChat. */
  @Index('uq_users_openid', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;
  @Column({ type: 'varchar', length: 128, transformer: rolesTransformer }) roles: Role[];
  @Column({ name: 'patrol_role', type: 'varchar', length: 16, nullable: true }) patrolRole: PatrolRole | null;
  @Column({ name: 'unit_id', type: 'varchar', length: 32, nullable: true }) unitId: string | null;
  /** false: disabled by an administrator; no sign-in, no token works. */
  @Column({ type: 'int', default: 1, transformer: boolTransformer }) active: boolean;
  /**
   * Grows whenever what an access token says about this user stops being true (roles, unit,
   * disabled, sessions revoked): tokens carry the version they were issued under, older ones are refused.
   */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion: number;
  /** Given by the user (WeChat's phone-number button or typed), for staff to call back; shown to staff masked. */
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  /** 注销账号: when set, name, openid, phone and consents are gone and no token works. */
  @Column({ name: 'deleted_at', type: 'datetime', nullable: true }) deletedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

/** An inspector's assigned grids (分包区域). */
@Entity('inspector_grids')
export class InspectorGrid {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ name: 'grid_code', type: 'varchar', length: 15 }) gridCode: string;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One issued refresh token. Rotation: using it marks `usedAt` and issues the next one in the same
 * family; presenting a used token again revokes the whole family (it was stolen or replayed).
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index('idx_refresh_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;
  @Index('idx_refresh_family')
  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId: string;
  @Column({ name: 'expires_at', type: 'datetime' }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'datetime', nullable: true }) usedAt: Date | null;
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true }) revokedAt: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An uploaded image, stored re-encoded without EXIF. `token` is the unguessable part of its public
 * URL (/media/<token>.<ext>); the original bytes are never kept.
 */
@Entity('media')
export class Media {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index('idx_media_owner')
  @Column({ name: 'owner_id', type: 'varchar', length: 36 })
  ownerId: string;
  @Index('uq_media_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  token: string;
  @Column({ type: 'varchar', length: 32 }) mime: string;
  @Column({ type: 'varchar', length: 8 }) ext: string;
  @Column({ type: 'int' }) width: number;
  @Column({ type: 'int' }) height: number;
  @Column({ type: 'int' }) bytes: number;
  @Column({ name: 'storage_key', type: 'varchar', length: 128 }) storageKey: string;
  @Column({ name: 'thumb_key', type: 'varchar', length: 128 }) thumbKey: string;
  @CreateDateColumn({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An uploaded image, stored re-encoded without EXIF. `token` is the unguessable part of its URL
 * (/media/<token>.<ext>), handed only to staff and the reporter; the original bytes are never kept.
 */
@Entity('media')
// Unattached photos by age, for the purge of those no case took up within a day.
@Index('idx_media_unattached', ['attachedAt', 'createdAt'])
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
  /**
   * The public copy (≤ 1280 px) and its thumbnail, under a token of their own so that nothing in a
   * public URL leads to the stored photo. Null while hidden from the public, or not made yet.
   */
  @Index('idx_media_public_key')
  @Column({ name: 'public_key', type: 'varchar', length: 128, nullable: true })
  publicKey: string | null;
  @Column({ name: 'public_thumb_key', type: 'varchar', length: 128, nullable: true }) publicThumbKey: string | null;
  /** Staff hid the photo from the public (a face, a plate): when, and who. */
  @Column({ name: 'public_hidden_at', type: 'datetime', nullable: true }) publicHiddenAt: Date | null;
  @Column({ name: 'public_hidden_by', type: 'varchar', length: 36, nullable: true }) publicHiddenBy: string | null;
  /** When a case (a report or an action) first used the photo; unattached photos are purged after a day. */
  @Column({ name: 'attached_at', type: 'datetime', nullable: true }) attachedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

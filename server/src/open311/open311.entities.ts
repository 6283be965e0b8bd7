import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An integrator's Open311 api key. Only the SHA-256 of the key is stored (the key is 256 random
 * bits, so a plain hash is enough); the key itself is shown once, when it is created. Cases the
 * integrator sends have channel `open311` and this row's id as their reporter.
 */
@Entity('open311_keys')
export class Open311Key {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Index('uq_open311_keys_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;
  @Column({ type: 'varchar', length: 16 }) prefix: string;
  @Column({ name: 'created_by', type: 'varchar', length: 36 }) createdBy: string;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'last_used_at', type: 'datetime', nullable: true }) lastUsedAt: Date | null;
}

/** One answer to a service attribute, as validated on POST, with the words staff read. */
export interface StoredAttribute {
  code: string;
  /** The attribute's description when it was answered, e.g. 灯杆编号. */
  label: string;
  /** The key(s) for list attributes (comma-separated for multivaluelist), else the text. */
  value: string;
  /** The value in words: the names of the chosen keys, else the text itself. */
  text: string;
}

/**
 * What an Open311 POST brought besides the case itself: the reporter's contact (never public),
 * the answers to the service's attributes, and a `media_url` that was not fetched.
 */
@Entity('open311_submissions')
export class Open311Submission {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 }) caseId: string;
  /** The api key it came with; null for the platform's own clients (Bearer token). */
  @Index('idx_open311_submissions_key')
  @Column({ name: 'key_id', type: 'varchar', length: 36, nullable: true })
  keyId: string | null;
  @Column({ name: 'first_name', type: 'varchar', length: 64, nullable: true }) firstName: string | null;
  @Column({ name: 'last_name', type: 'varchar', length: 64, nullable: true }) lastName: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) phone: string | null;
  @Column({ type: 'json' }) attributes: StoredAttribute[];
  @Column({ name: 'media_url', type: 'varchar', length: 2000, nullable: true }) mediaUrl: string | null;
  /** `fetched` into the case's photos, or kept as a link: `not_allowed` (host not on the allow-list) or `failed`. */
  @Column({ name: 'media_status', type: 'varchar', length: 16, nullable: true }) mediaStatus: 'fetched' | 'not_allowed' | 'failed' | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt: Date;
}

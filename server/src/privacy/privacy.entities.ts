import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction, PolicyKind } from '@xc/shared';

/** A published text of the 隐私政策 or the 用户服务协议; the current one is the latest published. */
@Entity('policy_versions')
export class PolicyVersion {
  @PrimaryColumn({ type: 'varchar', length: 16 }) kind: PolicyKind;
  @PrimaryColumn({ type: 'varchar', length: 32 }) version: string;
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'published_at', type: 'datetime' }) publishedAt: Date;
}

/** A user ticked consent to a privacy policy version (and the terms shown with it). Erased with the account. */
@Entity('consents')
@Index('idx_consents_user_at', ['userId', 'acceptedAt'])
export class Consent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'policy_version', type: 'varchar', length: 32 }) policyVersion: string;
  @Column({ name: 'terms_version', type: 'varchar', length: 32, nullable: true }) termsVersion: string | null;
  @Column({ name: 'accepted_at', type: 'datetime' }) acceptedAt: Date;
}

/** Append-only: no code path updates or deletes a row. */
@Entity('audit_log')
@Index('idx_audit_actor', ['actorId', 'id'])
@Index('idx_audit_action', ['action', 'id'])
@Index('idx_audit_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'datetime' }) at: Date;
  /** null for the scheduled jobs. */
  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true }) actorId: string | null;
  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true }) actorRole: string | null;
  @Column({ type: 'varchar', length: 32 }) action: AuditAction;
  /** Whose details were read or changed (a user id), or the object (a month, a case). */
  @Column({ name: 'subject_id', type: 'varchar', length: 64, nullable: true }) subjectId: string | null;
  @Column({ type: 'json', nullable: true }) detail: Record<string, unknown> | null;
}

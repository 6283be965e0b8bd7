import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ConsentDto, PolicyDto, PolicyKind } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { AppError, notFound } from '../common/app-error.js';
import { isUniqueViolation } from '../common/db-utils.js';
import { AuditService } from './audit.service.js';
import { BUILT_IN_POLICIES } from './policy-texts.js';
import { Consent, PolicyVersion } from './privacy.entities.js';

/** How long a process trusts its copy of the current versions; a publish in this process applies at once. */
const CURRENT_TTL_MS = 30_000;
/** Users whose consent to the current version this process has seen (cleared when full). */
const CONSENTED_MAX = 50_000;

export interface ConsentState {
  required: boolean;
  current: string;
  accepted: string | null;
}

/** The published 隐私政策 / 用户服务协议 and each user's consent to the current privacy policy. */
@Injectable()
export class PoliciesService implements OnApplicationBootstrap {
  private cache: { at: number; current: Map<PolicyKind, PolicyVersion> } | null = null;
  /**
   * userId → the privacy version they are known to have accepted. A consent once given is never
   * withdrawn while the account lives (注销账号 erases it and revokes every token first), so a
   * positive answer can be kept; it saves a read on every report, upload and patrol request.
   */
  private readonly consented = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Publishes the built-in texts once (a database that has them already is left alone). */
  async onApplicationBootstrap(): Promise<void> {
    for (const [kind, p] of Object.entries(BUILT_IN_POLICIES) as [PolicyKind, (typeof BUILT_IN_POLICIES)['privacy']][]) {
      if (await this.db.getRepository(PolicyVersion).existsBy({ kind })) continue;
      try {
        await this.db.getRepository(PolicyVersion).insert({ kind, ...p, publishedAt: new Date(p.publishedAt) });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err; // another process published it first
      }
    }
  }

  async current(kind: PolicyKind): Promise<PolicyDto> {
    const p = (await this.currentVersions()).get(kind);
    if (!p) throw notFound('政策文本尚未发布');
    return { kind, version: p.version, title: p.title, body: p.body, publishedAt: p.publishedAt.toISOString() };
  }

  async publish(actor: Actor, dto: { kind: PolicyKind; version: string; title: string; body: string }): Promise<PolicyDto> {
    const repo = this.db.getRepository(PolicyVersion);
    if (await repo.existsBy({ kind: dto.kind, version: dto.version }))
      throw new AppError('CONFLICT', '该版本已发布，请使用新的版本号', { fields: { version: '该版本已发布' } });
    await this.db.transaction(async (tx) => {
      await tx.insert(PolicyVersion, { ...dto, publishedAt: new Date() });
      await this.audit.write(actor, 'policy.publish', null, { kind: dto.kind, version: dto.version }, tx);
    });
    this.cache = null;
    return this.current(dto.kind);
  }

  /** Whether `userId` has accepted the current privacy policy (one indexed read when they have). */
  async state(userId: string): Promise<ConsentState> {
    const current = (await this.currentVersions()).get('privacy')?.version ?? '';
    if (this.consented.get(userId) === current) return { required: false, current, accepted: current };
    const repo = this.db.getRepository(Consent);
    // By version, not by the latest time: two consents within one second tie on MariaDB's datetime.
    if (await repo.existsBy({ userId, policyVersion: current })) {
      this.remember(userId, current);
      return { required: false, current, accepted: current };
    }
    const last = await repo.findOne({ where: { userId }, order: { acceptedAt: 'DESC' } });
    return { required: true, current, accepted: last?.policyVersion ?? null };
  }

  /** POST /me/consents: only the current version can be accepted (the client showed an older text otherwise). */
  async accept(actor: Actor, policyVersion: string): Promise<ConsentDto> {
    const versions = await this.currentVersions(true);
    const current = versions.get('privacy')?.version;
    if (policyVersion !== current)
      throw new AppError('CONFLICT', '隐私政策已更新，请阅读新版本后再同意', { currentVersion: current ?? null });
    const row = {
      id: randomUUID(),
      userId: actor.id,
      policyVersion,
      termsVersion: versions.get('terms')?.version ?? null,
      acceptedAt: new Date(),
    };
    await this.db.getRepository(Consent).insert(row);
    this.remember(actor.id, policyVersion);
    return toConsentDto(row);
  }

  /** After 注销账号 erased a person's consents (their tokens are revoked too). */
  forget(userId: string): void {
    this.consented.delete(userId);
  }

  private remember(userId: string, version: string): void {
    if (this.consented.size >= CONSENTED_MAX) this.consented.clear();
    this.consented.set(userId, version);
  }

  async consentsOf(userId: string): Promise<ConsentDto[]> {
    return (await this.db.getRepository(Consent).find({ where: { userId }, order: { acceptedAt: 'ASC' } })).map(toConsentDto);
  }

  private async currentVersions(fresh = false): Promise<Map<PolicyKind, PolicyVersion>> {
    if (!fresh && this.cache && Date.now() - this.cache.at < CURRENT_TTL_MS) return this.cache.current;
    const rows = await this.db.getRepository(PolicyVersion).find({ order: { publishedAt: 'ASC', version: 'ASC' } });
    const current = new Map<PolicyKind, PolicyVersion>();
    for (const r of rows) current.set(r.kind, r); // the latest published wins
    this.cache = { at: Date.now(), current };
    return current;
  }
}

const toConsentDto = (c: Pick<Consent, 'policyVersion' | 'termsVersion' | 'acceptedAt'>): ConsentDto => ({
  policyVersion: c.policyVersion,
  termsVersion: c.termsVersion,
  acceptedAt: c.acceptedAt.toISOString(),
});

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import { sqlDate } from '../common/db-utils.js';
import { Case, CaseHistory, IdempotencyKey } from './case.entity.js';

/**
 * What other features may read and change of cases as records: a person's own cases (export,
 * 注销账号), retention's erasure of old contacts, the staff's audited look at a reporter. The
 * lifecycle itself (intake, actions, lists) is CasesService and CaseActionsService.
 */
@Injectable()
export class CaseRecordsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string): Promise<Case | null> {
    return this.db.getRepository(Case).findOneBy({ id });
  }

  /** A reporter's cases, oldest first, with their history in order. */
  async ofReporter(userId: string): Promise<{ cases: Case[]; history: CaseHistory[] }> {
    const cases = await this.db.getRepository(Case).find({ where: { reporterId: userId }, order: { reportedAt: 'ASC' } });
    if (!cases.length) return { cases, history: [] };
    const history = await this.db.getRepository(CaseHistory).find({ where: { caseId: In(cases.map((c) => c.id)) }, order: { seq: 'ASC' } });
    return { cases, history };
  }

  /** The cases a reporter rated, in the order they rated them. */
  ratedBy(userId: string): Promise<Case[]> {
    return this.db.getRepository(Case).find({ where: { reporterId: userId, rating: In([1, 2, 3, 4, 5]) }, order: { ratedAt: 'ASC' } });
  }

  /**
   * 注销账号, inside the caller's transaction: the person's idempotency keys go; their cases stay
   * (the figures need them). Returns the ids of the cases they reported.
   */
  async forgetReporter(userId: string, tx: EntityManager): Promise<string[]> {
    await tx.delete(IdempotencyKey, { userId });
    return (await tx.find(Case, { where: { reporterId: userId }, select: { id: true } })).map((c) => c.id);
  }

  /** Up to `limit` cases closed before `cutoff` whose reporter contact is not erased yet. */
  async closedWithContactBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.db.getRepository(Case).find({
      where: { closedAt: LessThan(sqlDate(cutoff) as unknown as Date), contactErasedAt: IsNull() },
      select: { id: true },
      take: limit,
    });
    return rows.map((c) => c.id);
  }

  /** Marks the reporter contact of these cases erased (retention), inside the caller's transaction. */
  async markContactErased(ids: readonly string[], at: Date, tx: EntityManager): Promise<void> {
    if (ids.length) await tx.update(Case, { id: In([...ids]) }, { contactErasedAt: at });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';
import { todoStatuses } from '@xc/shared';
import { sqlDate } from '../common/db-utils.js';
import { statusIn } from './lifecycle-sql.js';
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

  /** Cases by their numbers (unknown numbers are absent), in no particular order. */
  byCaseNos(caseNos: readonly string[]): Promise<Case[]> {
    return caseNos.length ? this.db.getRepository(Case).findBy({ caseNo: In([...caseNos]) }) : Promise.resolve([]);
  }

  /**
   * One page of cases reported within [start, end], newest first, without the `hidden` statuses;
   * `closed` true/false keeps only closed/not closed cases, `categoryCodes` only those categories.
   */
  reportedBetween(q: {
    start: Date;
    end: Date;
    hidden: readonly string[];
    closed?: boolean;
    categoryCodes: readonly string[];
    skip: number;
    take: number;
  }): Promise<Case[]> {
    const qb = this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.status NOT IN (:...hidden)', { hidden: q.hidden })
      .andWhere('c.reported_at >= :start AND c.reported_at <= :end', { start: sqlDate(q.start), end: sqlDate(q.end) })
      .orderBy('c.reported_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .skip(q.skip)
      .take(q.take);
    if (q.closed !== undefined) qb.andWhere(q.closed ? "c.status = 'closed'" : "c.status <> 'closed'");
    if (q.categoryCodes.length) qb.andWhere('c.category_code IN (:...codes)', { codes: q.categoryCodes });
    return qb.getMany();
  }

  /** Dispatched cases whose handling deadline matches `where` (on alias c): the timed notifications. */
  withRunningDeadline(where: string, params: Record<string, unknown>): Promise<Case[]> {
    return (
      this.db
        .getRepository(Case)
        .createQueryBuilder('c')
        // With the unit (in its to-do): the handling clock runs.
        .where(`${statusIn('c.status', todoStatuses('handler'))} AND c.deadline IS NOT NULL`)
        .andWhere(where, params)
        .getMany()
    );
  }

  /** Cases closed within (since, cut] that the reporter has not rated (self-handled and Open311 cases are not rated). */
  closedUnrated(cut: Date, since: Date): Promise<Case[]> {
    return this.db
      .getRepository(Case)
      .createQueryBuilder('c')
      .where("c.status = 'closed' AND c.rated_at IS NULL AND c.self_handled = 0 AND c.channel <> 'open311'")
      .andWhere('c.closed_at <= :cut AND c.closed_at > :since', { cut: sqlDate(cut), since: sqlDate(since) })
      .getMany();
  }
}

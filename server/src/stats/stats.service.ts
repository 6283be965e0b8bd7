import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MonthlyStatsDto } from '@xc/shared';
import { invalid, notFound } from '../common/app-error.js';
import { sqlDate } from '../common/db-utils.js';
import { monthRange } from '../common/month.js';
import { FINISHED_STATUSES } from '../cases/overdue.js';
import { EvaluationGroup, Unit } from '../org/org.entities.js';
import { monthlyFigures, type MonthlyCounts } from './figures.js';

export interface StatsScope {
  unitId?: string;
  groupCode?: string;
}

const FINISHED = FINISHED_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Monthly figures by SQL aggregation over the cases, never by loading them. Taken at a cut-off
 * (the end of the month by default): a case's status, last finish and rework at the cut-off come
 * from its history; when the cut-off is now or later the current columns say the same, cheaper.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async monthly(month: string, scope: StatsScope = {}, cutoff?: Date): Promise<MonthlyStatsDto> {
    if (scope.unitId && scope.groupCode) throw invalid({ unitId: 'unitId 与 groupCode 只能选一个' });
    const { start, end } = monthRange(month);
    const at = cutoff ?? end;
    if (at < start) throw invalid({ cutoff: '截止时间不能早于该月开始' });
    if (scope.unitId && !(await this.db.getRepository(Unit).findOneBy({ id: scope.unitId }))) throw notFound('单位不存在');
    if (scope.groupCode && !(await this.db.getRepository(EvaluationGroup).findOneBy({ code: scope.groupCode }))) throw notFound('考评组不存在');

    const { clause, params: scopeParams } = this.scopeClause(scope, month);
    const p = { start: sqlDate(start), end: sqlDate(end), cutoff: sqlDate(at), ...scopeParams };
    const current = at.getTime() >= Date.now();
    const status = current ? 'c.status' : `(SELECT h.to_status FROM case_history h WHERE h.case_id = c.id AND h.at <= :cutoff ORDER BY h.seq DESC LIMIT 1)`;
    const lastFinish = current ? 'c.last_finished_at' : `(SELECT MAX(h.at) FROM case_history h WHERE h.case_id = c.id AND h.action IN ('finish','self-handle') AND h.at <= :cutoff)`;
    const reworked = current ? 'c.reworked' : `(SELECT COUNT(*) FROM case_history h WHERE h.case_id = c.id AND h.action = 'check' AND h.to_status = 'dispatched' AND h.at <= :cutoff)`;

    const [main] = await this.query(
      `SELECT COUNT(*) AS registered,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') THEN 1 ELSE 0 END) AS due,
              SUM(CASE WHEN s.st = 'closed' THEN 1 ELSE 0 END) AS closed,
              SUM(CASE WHEN s.st = 'closed' AND (s.deadline IS NULL OR s.lf <= s.deadline) THEN 1 ELSE 0 END) AS closedOnTime,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') AND s.deadline IS NOT NULL AND (
                     (s.st IN (${FINISHED}) AND s.lf > s.deadline) OR (s.st NOT IN (${FINISHED}) AND s.deadline < :cutoff)) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') AND s.rw > 0 THEN 1 ELSE 0 END) AS reworked
         FROM (SELECT c.deadline AS deadline, ${status} AS st, ${lastFinish} AS lf, ${reworked} AS rw
                 FROM cases c
                WHERE c.registered_at >= :start AND c.registered_at < :end AND c.registered_at <= :cutoff ${clause}) s`,
      p,
    );
    const [reported] = await this.query(`SELECT COUNT(*) AS n FROM cases c WHERE c.reported_at >= :start AND c.reported_at < :end AND c.reported_at <= :cutoff ${clause}`, p);
    const [ratings] = await this.query(`SELECT COUNT(c.rating) AS n, SUM(c.rating) AS total FROM cases c WHERE c.rated_at >= :start AND c.rated_at < :end AND c.rated_at <= :cutoff ${clause}`, p);
    const counts: MonthlyCounts = {
      reported: num(reported.n),
      registered: num(main.registered),
      due: num(main.due),
      closed: num(main.closed),
      closedOnTime: num(main.closedOnTime),
      overdue: num(main.overdue),
      reworked: num(main.reworked),
      ratingSum: num(ratings.total),
      ratingCount: num(ratings.n),
    };
    return monthlyFigures(month, counts);
  }

  /** A unit's cases are those last dispatched to it; a group's are its units' in that month. */
  private scopeClause(scope: StatsScope, month: string): { clause: string; params: Record<string, string> } {
    if (scope.unitId) return { clause: 'AND c.unit_id = :unitId', params: { unitId: scope.unitId } };
    if (scope.groupCode) {
      return {
        clause: `AND c.unit_id IN (SELECT m.unit_id FROM group_memberships m WHERE m.group_code = :groupCode AND m.from_month <= :month AND (m.to_month IS NULL OR m.to_month > :month))`,
        params: { groupCode: scope.groupCode, month },
      };
    }
    return { clause: '', params: {} };
  }

  /** Named parameters on both engines. */
  private query(sql: string, params: Record<string, unknown>): Promise<any[]> {
    const [q, values] = this.db.driver.escapeQueryWithParameters(sql, params);
    return this.db.query(q, values);
  }
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import type { MonthlyStatsDto } from '@xc/shared';
import { invalid, notFound } from '../common/app-error.js';
import { isSqlite, sqlDate } from '../common/db-utils.js';
import { monthRange } from '../common/month.js';
import { FINISHED_STATUSES } from '../cases/overdue.js';
import { Open311Key } from '../open311/open311.entities.js';
import { EvaluationGroup, Unit } from '../org/org.entities.js';
import { monthlyFigures, reportedBySource, type MonthlyCounts } from './figures.js';

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
    if (scope.groupCode && !(await this.db.getRepository(EvaluationGroup).findOneBy({ code: scope.groupCode })))
      throw notFound('考评组不存在');

    const { clause, params } = this.scopeClause(scope, month);
    const [[row], sources] = await Promise.all([this.aggregate(month, at, clause, params, false), this.sources(month, at, clause, params)]);
    return { ...monthlyFigures(month, row ?? emptyCounts()), reportedBySource: sources };
  }

  /** The month's reports by channel, and those from Open311 by the integrator (api key) that sent them. */
  private async sources(month: string, at: Date, clause: string, scopeParams: Record<string, string>) {
    const { start, end } = monthRange(month);
    const rows = await this.query(
      `SELECT c.channel AS channel, CASE WHEN c.channel = 'open311' THEN c.reporter_id END AS keyId, COUNT(*) AS n
         FROM cases c
        WHERE c.reported_at >= :start AND c.reported_at < :end AND c.reported_at <= :cutoff ${clause}
        GROUP BY c.channel, CASE WHEN c.channel = 'open311' THEN c.reporter_id END`,
      { start: sqlDate(start), end: sqlDate(end), cutoff: sqlDate(at), ...scopeParams },
    );
    const keyIds = rows.map((r) => r.keyId).filter((id): id is string => !!id);
    const keys = keyIds.length ? await this.db.getRepository(Open311Key).findBy({ id: In(keyIds) }) : [];
    return reportedBySource(
      rows.map((r) => ({ channel: String(r.channel), keyId: r.keyId ? String(r.keyId) : null, n: num(r.n) })),
      new Map(keys.map((k) => [k.id, k.name])),
    );
  }

  /**
   * The month's counts of every unit at once (GROUP BY the unit last dispatched to), and the
   * city's as their sum including cases not dispatched: what the monthly evaluation scores, in
   * one pass. Units without cases are absent from the map.
   */
  async monthlyAll(month: string, cutoff?: Date): Promise<{ byUnit: Map<string, MonthlyCounts>; city: MonthlyStatsDto }> {
    const { end } = monthRange(month);
    const rows = await this.aggregate(month, cutoff ?? end, '', {}, true);
    const city = emptyCounts();
    for (const r of rows) for (const k of Object.keys(city) as (keyof MonthlyCounts)[]) city[k] += r[k];
    return { byUnit: new Map(rows.filter((r) => r.unitId).map((r) => [r.unitId!, r])), city: monthlyFigures(month, city) };
  }

  private async aggregate(
    month: string,
    at: Date,
    clause: string,
    scopeParams: Record<string, string>,
    byUnit: boolean,
  ): Promise<(MonthlyCounts & { unitId?: string })[]> {
    const { start, end } = monthRange(month);
    const p = { start: sqlDate(start), end: sqlDate(end), cutoff: sqlDate(at), ...scopeParams };
    const current = at.getTime() >= Date.now();
    const unitSel = byUnit ? 's.unit_id AS unitId, ' : '';
    const groupBy = byUnit ? 'GROUP BY s.unit_id' : '';
    const monthCases = `c.registered_at >= :start AND c.registered_at < :end AND c.registered_at <= :cutoff ${clause}`;
    // Each case's status, last finish and rework at the cut-off: the current columns when the
    // cut-off is now or later; otherwise one pass over its history up to the cut-off (the last
    // row by seq gives the status), which the covering index idx_history_case_at serves.
    const lastStatus = isSqlite(this.db)
      ? "substr(MAX(printf('%05d', h.seq) || h.to_status), 6)"
      : "SUBSTRING(MAX(CONCAT(LPAD(h.seq, 5, '0'), h.to_status)), 6)";
    const perCase = current
      ? `SELECT c.unit_id AS unit_id, c.deadline AS deadline, c.status AS st, c.last_finished_at AS lf, c.reworked AS rw FROM cases c WHERE ${monthCases}`
      : `SELECT c.unit_id AS unit_id, c.deadline AS deadline, ${lastStatus} AS st,
                MAX(CASE WHEN h.action IN ('finish','self-handle') THEN h.at END) AS lf,
                SUM(CASE WHEN h.action = 'check' AND h.to_status = 'dispatched' THEN 1 ELSE 0 END) AS rw
           FROM cases c JOIN case_history h ON h.case_id = c.id AND h.at <= :cutoff
          WHERE ${monthCases}
          GROUP BY c.id, c.unit_id, c.deadline`;
    const main = await this.query(
      `SELECT ${unitSel}COUNT(*) AS registered,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') THEN 1 ELSE 0 END) AS due,
              SUM(CASE WHEN s.st = 'closed' THEN 1 ELSE 0 END) AS closed,
              SUM(CASE WHEN s.st = 'closed' AND (s.deadline IS NULL OR s.lf <= s.deadline) THEN 1 ELSE 0 END) AS closedOnTime,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') AND s.deadline IS NOT NULL AND (
                     (s.st IN (${FINISHED}) AND s.lf > s.deadline) OR (s.st NOT IN (${FINISHED}) AND s.deadline < :cutoff)) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN s.st NOT IN ('pending','voided') AND s.rw > 0 THEN 1 ELSE 0 END) AS reworked
         FROM (${perCase}) s ${groupBy}`,
      p,
    );
    const side = (col: string, what: string) =>
      this.query(
        `SELECT ${byUnit ? 'c.unit_id AS unitId, ' : ''}${what} FROM cases c WHERE c.${col} >= :start AND c.${col} < :end AND c.${col} <= :cutoff ${clause} ${byUnit ? 'GROUP BY c.unit_id' : ''}`,
        p,
      );
    const [reported, ratings] = await Promise.all([
      side('reported_at', 'COUNT(*) AS n'),
      side('rated_at', 'COUNT(c.rating) AS n, SUM(c.rating) AS total'),
    ]);
    const keys = byUnit
      ? [...new Set([...main, ...reported, ...ratings].map((r) => (r.unitId === null ? null : String(r.unitId))))]
      : [undefined];
    return keys.map((unitId) => {
      const same = (r: { unitId?: unknown }) => !byUnit || (r.unitId === null ? null : String(r.unitId)) === unitId;
      const m = main.find(same) ?? {};
      const rep = reported.find(same) ?? {};
      const rat = ratings.find(same) ?? {};
      return {
        ...(unitId ? { unitId } : {}),
        reported: num(rep.n),
        registered: num(m.registered),
        due: num(m.due),
        closed: num(m.closed),
        closedOnTime: num(m.closedOnTime),
        overdue: num(m.overdue),
        reworked: num(m.reworked),
        ratingSum: num(rat.total),
        ratingCount: num(rat.n),
      };
    });
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

function emptyCounts(): MonthlyCounts {
  return { reported: 0, registered: 0, due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0, ratingSum: 0, ratingCount: 0 };
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

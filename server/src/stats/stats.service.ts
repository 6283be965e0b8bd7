import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { MonthlyStatsDto } from '@xc/shared';
import { invalid, notFound } from '../common/app-error.js';
import { isSqlite, isUniqueViolation, sqlDate } from '../common/db-utils.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { monthRange } from '../common/month.js';
import { changedBySql, dueSql, overdueSql, reworkSql } from '../cases/lifecycle-sql.js';
import { Open311KeysService } from '../open311/open311-keys.service.js';
import { OrgService } from '../org/org.service.js';
import { monthlyFigures, reportedBySource, type MonthlyCounts } from './figures.js';
import { MonthFigures } from './month-figures.entity.js';
import { isMonthClosed, lastClosedMonth } from './month-closure.js';

export interface StatsScope {
  unitId?: string;
  groupCode?: string;
}

/** One unit's counts; `unitId` null for the cases with no unit at the cut-off. */
export type UnitCounts = MonthlyCounts & { unitId: string | null };

/** History rows (alias h2) of the moves that change a case's unit, or its deadline, by the lifecycle table. */
const UNIT_MOVES = changedBySql((c) => !!c.unit, 'h2');
const DEADLINE_MOVES = changedBySql((c) => !!c.deadline, 'h2');
/** How often the server looks for a month that has closed without its snapshot. */
const SNAPSHOT_CHECK_MS = 3600_000;

/**
 * Monthly figures by SQL aggregation over the cases, never by loading them, taken at a cut-off (the
 * month's end by default). At a past cut-off everything comes from the history up to it — status,
 * last finish, rework, and the unit and deadline the case had then — so the figures of a past
 * cut-off never change. Once a month has closed (month-closure.ts) its figures at the month's end
 * are taken once into `month_figures` and read from there (~90 rows instead of the month's cases);
 * `onePass` is the statement that takes them, and a test checks the two always agree.
 */
@Injectable()
export class StatsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly taking = new Map<string, Promise<UnitCounts[]>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly org: OrgService,
    private readonly keys: Open311KeysService,
  ) {}

  /** Takes the last closed month's snapshot in the background when nobody has yet, checked hourly. */
  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.snapshot(lastClosedMonth(new Date())).catch((e) => this.logger.warn({ err: e }, 'month figures snapshot failed'));
    }, SNAPSHOT_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async monthly(month: string, scope: StatsScope = {}, cutoff?: Date): Promise<MonthlyStatsDto> {
    if (scope.unitId && scope.groupCode) throw invalid({ unitId: 'unitId 与 groupCode 只能选一个' });
    const { start, end } = monthRange(month);
    const at = cutoff ?? end;
    if (at < start) throw invalid({ cutoff: '截止时间不能早于该月开始' });
    if (scope.unitId && !(await this.org.findUnit(scope.unitId))) throw notFound('单位不存在');
    if (scope.groupCode && !(await this.org.groupExists(scope.groupCode))) throw notFound('考评组不存在');

    const sources = this.sources(month, at, scope);
    if (at.getTime() === end.getTime() && isMonthClosed(month, new Date())) {
      const rows = await this.snapshot(month);
      const units = scope.groupCode ? new Set(await this.groupUnits(scope.groupCode, month)) : null;
      const inScope = (r: UnitCounts) =>
        scope.unitId ? r.unitId === scope.unitId : units ? r.unitId !== null && units.has(r.unitId) : true;
      return { ...monthlyFigures(month, sum(rows.filter(inScope))), reportedBySource: await sources };
    }
    const [row] = await this.aggregate(month, at, scope, false);
    return { ...monthlyFigures(month, row ?? emptyCounts()), reportedBySource: await sources };
  }

  /** The month's reports by channel, and those from Open311 by the integrator (api key) that sent them. */
  private async sources(month: string, at: Date, scope: StatsScope) {
    const { start, end } = monthRange(month);
    const rows = await this.query(
      `SELECT c.channel AS channel, CASE WHEN c.channel = 'open311' THEN c.reporter_id END AS keyId, COUNT(*) AS n
         FROM cases c
        WHERE c.reported_at >= :start AND c.reported_at < :end AND c.reported_at <= :cutoff AND ${scopeSql('c.unit_id', scope)}
        GROUP BY c.channel, CASE WHEN c.channel = 'open311' THEN c.reporter_id END`,
      { start: sqlDate(start), end: sqlDate(end), cutoff: sqlDate(at), month, ...scope },
    );
    const keyIds = rows.map((r) => r.keyId).filter((id): id is string => !!id);
    return reportedBySource(
      rows.map((r) => ({ channel: String(r.channel), keyId: r.keyId ? String(r.keyId) : null, n: num(r.n) })),
      await this.keys.namesOf(keyIds),
    );
  }

  /**
   * The month's counts of every unit at once (by the unit each case was with at the cut-off), and
   * the city's as their sum including cases with no unit: what the monthly evaluation scores.
   * Units without cases are absent from the map.
   */
  async monthlyAll(month: string, cutoff?: Date): Promise<{ byUnit: Map<string, MonthlyCounts>; city: MonthlyStatsDto }> {
    const { end } = monthRange(month);
    const at = cutoff ?? end;
    const rows =
      at.getTime() === end.getTime() && isMonthClosed(month, new Date()) ? await this.snapshot(month) : await this.onePass(month, at);
    return {
      byUnit: new Map(rows.filter((r) => r.unitId !== null).map((r) => [r.unitId!, r])),
      city: monthlyFigures(month, sum(rows)),
    };
  }

  /** Every unit's counts at the cut-off (the month's end by default) straight from the cases and their history. */
  onePass(month: string, cutoff?: Date): Promise<UnitCounts[]> {
    return this.aggregate(month, cutoff ?? monthRange(month).end, {}, true);
  }

  /**
   * A closed month's figures at its end: read from `month_figures`, taken first if nobody has yet
   * (one statement over the month's cases; concurrent takers in this process share it, another
   * process's equal rows win the race harmlessly). Refused for a month that has not closed.
   */
  async snapshot(month: string): Promise<UnitCounts[]> {
    if (!isMonthClosed(month, new Date())) throw new Error(`month ${month} has not closed: its figures can still change`);
    const stored = await this.db.getRepository(MonthFigures).findBy({ month });
    if (stored.length) return stored.map(fromRow);
    let p = this.taking.get(month);
    if (!p) {
      p = this.take(month).finally(() => this.taking.delete(month));
      this.taking.set(month, p);
    }
    return p;
  }

  private async take(month: string): Promise<UnitCounts[]> {
    const started = Date.now();
    const rows = await this.onePass(month);
    const takenAt = new Date();
    const entities = rows.map((r) => ({ ...r, month, unitId: r.unitId ?? '', takenAt }));
    if (!entities.some((e) => e.unitId === '')) entities.push({ ...emptyCounts(), month, unitId: '', takenAt });
    try {
      await this.db.transaction(async (tx) => {
        for (let i = 0; i < entities.length; i += 100) await tx.insert(MonthFigures, entities.slice(i, i + 100));
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return (await this.db.getRepository(MonthFigures).findBy({ month })).map(fromRow);
    }
    this.logger.info({ month, units: rows.length, ms: Date.now() - started }, 'month figures snapshot taken');
    return entities.map(fromRow);
  }

  private groupUnits(groupCode: string, month: string): Promise<string[]> {
    return this.org.unitIdsOfGroup(groupCode, month);
  }

  private async aggregate(month: string, at: Date, scope: StatsScope, byUnit: boolean): Promise<UnitCounts[]> {
    const { start, end } = monthRange(month);
    const p = { start: sqlDate(start), end: sqlDate(end), cutoff: sqlDate(at), month, ...scope };
    const inMonth = (col: string) => `${col} >= :start AND ${col} < :end AND ${col} <= :cutoff`;
    const scopeOn = (col: string) => scopeSql(col, scope);
    const sqlite = isSqlite(this.db);
    const json = (col: string, path: string) => (sqlite ? `json_extract(${col}, '$.${path}')` : `JSON_VALUE(${col}, '$.${path}')`);
    // An ISO instant from the history's JSON as the engine stores datetimes (MariaDB keeps whole seconds).
    const isoToDb = (e: string) =>
      sqlite ? `replace(replace(${e}, 'T', ' '), 'Z', '')` : `CAST(REPLACE(LEFT(${e}, 19), 'T', ' ') AS DATETIME)`;
    const lastStatus = sqlite
      ? "substr(MAX(CASE WHEN h.at <= :cutoff THEN printf('%05d', h.seq) || h.to_status END), 6)"
      : "SUBSTRING(MAX(CASE WHEN h.at <= :cutoff THEN CONCAT(LPAD(h.seq, 5, '0'), h.to_status) END), 6)";

    // Per case: rep (reported in the month), reg (registered in it), unit, deadline, st (status), lf
    // (last finish), rw (failed checks), all as they were at the cut-off.
    let perCase: string;
    let reportedSide = false;
    if (at.getTime() >= Date.now()) {
      // The cut-off is now or later: the current columns say the same, cheaper; the month's reports
      // are counted apart from the covering index (reported_at, unit_id).
      perCase = `SELECT c.unit_id AS unit_id, c.deadline AS deadline, c.status AS st, c.last_finished_at AS lf, c.reworked AS rw,
                        0 AS rep, 1 AS reg
                   FROM cases c WHERE ${inMonth('c.registered_at')} AND ${scopeOn('c.unit_id')}`;
      reportedSide = true;
    } else {
      // The month's cases through an index per range (a UNION: an OR of the two ranges scans the
      // table), then one pass over each case's whole history (the covering index idx_history_case_at):
      // the status is the last row up to the cut-off by seq. The unit and deadline are the current columns unless
      // a move after the cut-off changed them; only for those few cases are they read from the history.
      const lastData = (expr: string, moves: string) =>
        `(SELECT ${expr} FROM case_history h2 WHERE h2.case_id = x.id AND h2.at <= :cutoff AND ${moves} ORDER BY h2.seq DESC LIMIT 1)`;
      perCase = `SELECT x.rep, x.reg, x.st, x.lf, x.rw,
                        CASE WHEN x.moved = 0 THEN x.unit_id ELSE ${lastData(json('h2.data', 'unitId'), UNIT_MOVES)} END AS unit_id,
                        CASE WHEN x.moved = 0 THEN x.deadline ELSE ${lastData(isoToDb(json('h2.data', 'deadline')), DEADLINE_MOVES)} END AS deadline
                   FROM (SELECT c.id AS id, c.unit_id AS unit_id, c.deadline AS deadline,
                                CASE WHEN ${inMonth('c.reported_at')} THEN 1 ELSE 0 END AS rep,
                                CASE WHEN ${inMonth('c.registered_at')} THEN 1 ELSE 0 END AS reg,
                                ${lastStatus} AS st,
                                MAX(CASE WHEN h.at <= :cutoff AND ${changedBySql((c) => !!c.stamp?.includes('lastFinishedAt'))} THEN h.at END) AS lf,
                                SUM(CASE WHEN h.at <= :cutoff AND ${reworkSql('h')} THEN 1 ELSE 0 END) AS rw,
                                MAX(CASE WHEN h.at > :cutoff AND ${changedBySql((c) => !!c.deadline)} THEN 1 ELSE 0 END) AS moved
                           FROM (SELECT r.id FROM cases r WHERE ${inMonth('r.registered_at')}
                                 UNION SELECT p.id FROM cases p WHERE ${inMonth('p.reported_at')}) m
                           JOIN cases c ON c.id = m.id JOIN case_history h ON h.case_id = c.id
                          GROUP BY c.id, c.unit_id, c.deadline, c.reported_at, c.registered_at) x`;
    }
    const due = `s.reg = 1 AND ${dueSql('s.st')}`;
    const main = await this.query(
      `SELECT ${byUnit ? 's.unit_id AS unitId, ' : ''}SUM(s.rep) AS reported, SUM(s.reg) AS registered,
              SUM(CASE WHEN ${due} THEN 1 ELSE 0 END) AS due,
              SUM(CASE WHEN s.reg = 1 AND s.st = 'closed' THEN 1 ELSE 0 END) AS closed,
              SUM(CASE WHEN s.reg = 1 AND s.st = 'closed' AND (s.deadline IS NULL OR s.lf <= s.deadline) THEN 1 ELSE 0 END) AS closedOnTime,
              SUM(CASE WHEN ${due} AND ${overdueSql({ status: 's.st', deadline: 's.deadline', lastFinished: 's.lf' }, ':cutoff')} THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN ${due} AND s.rw > 0 THEN 1 ELSE 0 END) AS reworked
         FROM (${perCase}) s WHERE ${scopeOn('s.unit_id')} ${byUnit ? 'GROUP BY s.unit_id' : ''}`,
      p,
    );
    // Ratings: a rated case is closed, and a closed case never moves again, so its unit now is its unit then.
    const side = (col: string, what: string) =>
      this.query(
        `SELECT ${byUnit ? 'c.unit_id AS unitId, ' : ''}${what} FROM cases c WHERE ${inMonth(`c.${col}`)} AND ${scopeOn('c.unit_id')} ${byUnit ? 'GROUP BY c.unit_id' : ''}`,
        p,
      );
    const [reported, ratings] = await Promise.all([
      reportedSide ? side('reported_at', 'COUNT(*) AS n') : Promise.resolve([]),
      side('rated_at', 'COUNT(c.rating) AS n, SUM(c.rating) AS total'),
    ]);
    const key = (r: { unitId?: unknown }) => (byUnit && r.unitId !== null && r.unitId !== undefined ? String(r.unitId) : null);
    const out = new Map<string | null, UnitCounts>();
    const at_ = (k: string | null) => {
      let c = out.get(k);
      if (!c) out.set(k, (c = { unitId: k, ...emptyCounts() }));
      return c;
    };
    for (const m of main) {
      const c = at_(key(m));
      c.reported += num(m.reported);
      c.registered += num(m.registered);
      c.due += num(m.due);
      c.closed += num(m.closed);
      c.closedOnTime += num(m.closedOnTime);
      c.overdue += num(m.overdue);
      c.reworked += num(m.reworked);
    }
    for (const r of reported) at_(key(r)).reported += num(r.n);
    for (const r of ratings) {
      const c = at_(key(r));
      c.ratingSum += num(r.total);
      c.ratingCount += num(r.n);
    }
    return [...out.values()];
  }

  /** Named parameters on both engines. */
  private query(sql: string, params: Record<string, unknown>): Promise<any[]> {
    const [q, values] = this.db.driver.escapeQueryWithParameters(sql, params);
    return this.db.query(q, values);
  }
}

/** A unit's cases are those with it (at the cut-off); a group's are its units' in that month. Parameters :unitId, :groupCode, :month. */
function scopeSql(col: string, scope: StatsScope): string {
  if (scope.unitId) return `${col} = :unitId`;
  if (scope.groupCode)
    return `${col} IN (SELECT m.unit_id FROM group_memberships m WHERE m.group_code = :groupCode AND m.from_month <= :month AND (m.to_month IS NULL OR m.to_month > :month))`;
  return '1 = 1';
}

const COUNT_KEYS = ['reported', 'registered', 'due', 'closed', 'closedOnTime', 'overdue', 'reworked', 'ratingSum', 'ratingCount'] as const;

function emptyCounts(): MonthlyCounts {
  return { reported: 0, registered: 0, due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0, ratingSum: 0, ratingCount: 0 };
}

function sum(rows: readonly MonthlyCounts[]): MonthlyCounts {
  const total = emptyCounts();
  for (const r of rows) for (const k of COUNT_KEYS) total[k] += r[k];
  return total;
}

function fromRow(r: MonthFigures | (MonthlyCounts & { unitId: string })): UnitCounts {
  const out = { unitId: r.unitId === '' ? null : r.unitId } as UnitCounts;
  for (const k of COUNT_KEYS) out[k] = Number(r[k]);
  return out;
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

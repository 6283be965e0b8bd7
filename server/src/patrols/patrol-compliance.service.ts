import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull, Not } from 'typeorm';
import type { DailyCoverageDto, MyPatrolWeekDto, PatrolComplianceDto, PatrolComplianceItemDto, PatrolRole } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { buildCalendar, isWorkingDay } from '../calendar/working-time.js';
import { cityDate } from '@xc/shared';
import { invalid, notFound } from '../common/app-error.js';
import { fromSqlDate, sqlDate } from '../common/db-utils.js';
import { GridIndex } from '../geo/grid-index.js';
import { Grid, Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from '../users/user.entity.js';
import { PatrolsService } from './patrols.service.js';
import { compliantShare, weeklyCompliance, type WeeklyFigure } from './rules/compliance.js';
import type { Fix } from './rules/config.js';
import { coverage, gridCells, type CellGrid } from './rules/coverage.js';
import { halfDaysInside, type HalfDayFigure } from './rules/half-days.js';
import { isoWeekOf, parseIsoWeek, weeksOfMonth, type IsoWeek } from './rules/week.js';

interface Person {
  id: string;
  username: string;
  name: string;
  patrolRole: PatrolRole | null;
}

interface PersonWeek extends WeeklyFigure {
  halfDays: HalfDayFigure[];
  dailyCoverage: DailyCoverageDto[];
}

/**
 * Weekly patrol figures (巡查考核): half-days in the assigned area, daily coverage of the assigned
 * grids, compliance per person and per unit — what the monthly evaluation uses. Reads plausible
 * points only (flags = 0); the rules themselves are the pure modules under rules/.
 */
@Injectable()
export class PatrolComplianceService {
  private readonly cellCache = new Map<string, CellGrid>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patrols: PatrolsService,
  ) {}

  private get rules() {
    return this.patrols.rules;
  }

  /** GET /patrols/compliance: every person with a patrol role, or those of one unit's area. */
  async weekly(_actor: Actor, q: { week?: string; unitId?: string }): Promise<PatrolComplianceDto> {
    const week = this.week(q.week);
    let people: Person[];
    let unit: Unit | null = null;
    if (q.unitId !== undefined) {
      unit = await this.db.getRepository(Unit).findOneBy({ id: q.unitId });
      if (!unit) throw notFound('单位不存在');
      people = await this.peopleOfUnit(unit);
    } else {
      people = (await this.db.getRepository(User).find({ where: { patrolRole: Not(IsNull()) }, order: { username: 'ASC' } })).map(person);
    }
    const figures = await this.figures(people, week);
    const items: PatrolComplianceItemDto[] = people.map((p) => {
      const f = figures.get(p.id)!;
      return {
        user: { id: p.id, username: p.username, name: p.name },
        patrolRole: p.patrolRole!,
        requiredHalfDays: f.requiredHalfDays,
        achievedHalfDays: f.achievedHalfDays,
        dailyCoverage: f.dailyCoverage,
        requiredDailyShare: f.requiredDailyShare,
        coveredWorkingDays: f.coveredWorkingDays,
        workingDays: f.workingDays,
        compliant: f.compliant,
      };
    });
    const out: PatrolComplianceDto = { week: week.week, complete: week.end.getTime() <= Date.now(), items };
    if (unit)
      out.unit = {
        id: unit.id,
        name: unit.name,
        inspectors: items.length,
        compliant: items.filter((i) => i.compliant).length,
        share: compliantShare(items),
      };
    return out;
  }

  /**
   * A unit's patrol compliance over some ISO weeks (e.g. those of an evaluation month,
   * rules/week.ts weeksOfMonth): compliant person-weeks / person-weeks, null without any.
   */
  async unitCompliance(
    unitId: string,
    weeks: readonly string[],
  ): Promise<{ personWeeks: number; compliant: number; share: number | null }> {
    const unit = await this.db.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw notFound('单位不存在');
    const people = await this.peopleOfUnit(unit);
    const all: { compliant: boolean }[] = [];
    for (const w of weeks) {
      const figures = await this.figures(people, this.week(w));
      all.push(...figures.values());
    }
    return { personWeeks: all.length, compliant: all.filter((f) => f.compliant).length, share: compliantShare(all) };
  }

  /**
   * Each gridded unit's compliance over the ISO weeks of a month: what the monthly evaluation's
   * 网格巡查履职 item scores (EvaluationsService's PatrolComplianceSource). Units without
   * inspectors in their area are absent. Each person's week is figured once (an inspector counts for
   * the street office and for the district of their grids), with one points query per week.
   */
  async monthShareByUnit(month: string): Promise<Map<string, number>> {
    const weeks = weeksOfMonth(month).map((w) => this.week(w));
    const [units, rows] = await Promise.all([
      this.db.getRepository(Unit).find(),
      this.db.query(
        `SELECT DISTINCT u.id, u.username, u.name, u.patrol_role, g.street_code, g.district_code
           FROM users u JOIN inspector_grids ig ON ig.user_id = u.id JOIN grids g ON g.code = ig.grid_code
          WHERE u.patrol_role IS NOT NULL ORDER BY u.username`,
      ) as Promise<{ id: string; username: string; name: string; patrol_role: PatrolRole; street_code: string; district_code: string }[]>,
    ]);
    const people = new Map<string, Person>();
    const streetsOf = new Map<string, Set<string>>();
    const districtsOf = new Map<string, Set<string>>();
    for (const r of rows) {
      people.set(r.id, { id: r.id, username: r.username, name: r.name, patrolRole: r.patrol_role });
      (streetsOf.get(r.street_code) ?? streetsOf.set(r.street_code, new Set()).get(r.street_code)!).add(r.id);
      (districtsOf.get(r.district_code) ?? districtsOf.set(r.district_code, new Set()).get(r.district_code)!).add(r.id);
    }
    const out = new Map<string, number>();
    if (!people.size) return out;
    const everyone = [...people.values()];
    const byWeek = [];
    for (const w of weeks) byWeek.push(await this.figures(everyone, w));
    for (const u of units) {
      const ids = u.streetCode ? streetsOf.get(u.streetCode) : u.districtCode ? districtsOf.get(u.districtCode) : undefined;
      if (!ids?.size) continue;
      const share = compliantShare(byWeek.flatMap((f) => [...ids].map((id) => f.get(id)!)));
      if (share !== null) out.set(u.id, share);
    }
    return out;
  }

  /** GET /patrols/mine/week: 我的本周. */
  async mine(actor: Actor, weekParam?: string): Promise<MyPatrolWeekDto> {
    const week = this.week(weekParam);
    const user = await this.db.getRepository(User).findOneBy({ id: actor.id });
    if (!user) throw notFound('用户不存在');
    const p = person(user);
    const f = (await this.figures([p], week)).get(p.id)!;
    const grids = await this.gridsOf([p.id]);
    const today = cityDate(new Date());
    return {
      week: week.week,
      patrolRole: p.patrolRole,
      requiredHalfDays: f.requiredHalfDays,
      achievedHalfDays: f.achievedHalfDays,
      halfDays: f.halfDays,
      dailyCoverage: f.dailyCoverage,
      today: f.dailyCoverage.find((d) => d.date === today) ?? null,
      requiredDailyShare: f.requiredDailyShare,
      coveredWorkingDays: f.coveredWorkingDays,
      workingDays: f.workingDays,
      compliant: f.compliant,
      grids: (grids.get(p.id) ?? []).map((g) => ({ code: g.code, name: g.name })),
      halfDayMinMinutes: this.rules.halfDayMinMinutes,
    };
  }

  private week(param?: string): IsoWeek {
    const w = parseIsoWeek(param ?? isoWeekOf(new Date()));
    if (!w) throw invalid({ week: `没有这一周：${param}` });
    return w;
  }

  /** Inspectors whose assigned grids lie in the unit's street (street offices) or district (district governments). */
  private async peopleOfUnit(unit: Unit): Promise<Person[]> {
    const column = unit.streetCode ? 'street_code' : unit.districtCode ? 'district_code' : null;
    if (!column) return [];
    const rows: { id: string; username: string; name: string; patrol_role: PatrolRole }[] = await this.db.query(
      `SELECT u.id, u.username, u.name, u.patrol_role FROM users u WHERE u.patrol_role IS NOT NULL AND u.id IN
         (SELECT ig.user_id FROM inspector_grids ig JOIN grids g ON g.code = ig.grid_code WHERE g.${column} = ?) ORDER BY u.username`,
      [unit.streetCode ?? unit.districtCode],
    );
    return rows.map((r) => ({ id: r.id, username: r.username, name: r.name, patrolRole: r.patrol_role }));
  }

  private async gridsOf(userIds: string[]): Promise<Map<string, Grid[]>> {
    const out = new Map<string, Grid[]>();
    if (!userIds.length) return out;
    const links = await this.db.getRepository(InspectorGrid).findBy({ userId: In(userIds) });
    const grids = links.length ? await this.db.getRepository(Grid).findBy({ code: In([...new Set(links.map((l) => l.gridCode))]) }) : [];
    const byCode = new Map(grids.map((g) => [g.code, g]));
    for (const l of links) {
      const g = byCode.get(l.gridCode);
      if (!g) continue;
      const list = out.get(l.userId) ?? [];
      list.push(g);
      out.set(l.userId, list);
    }
    for (const list of out.values()) list.sort((a, b) => a.code.localeCompare(b.code));
    return out;
  }

  private cells(g: Grid): CellGrid {
    const key = `${g.code}:${this.rules.coverage.cellM}:${JSON.stringify(g.polygon)}`;
    let c = this.cellCache.get(key);
    if (!c) {
      if (this.cellCache.size > 5000) this.cellCache.clear();
      c = gridCells(g.code, g.polygon, this.rules.coverage.cellM);
      this.cellCache.set(key, c);
    }
    return c;
  }

  /** The week's figures of each person: one query for everybody's plausible points. */
  private async figures(people: Person[], week: IsoWeek): Promise<Map<string, PersonWeek>> {
    const out = new Map<string, PersonWeek>();
    if (!people.length) return out;
    const ids = people.map((p) => p.id);
    const [gridsByUser, tracksByUser, cal] = await Promise.all([
      this.gridsOf(ids),
      this.tracks(ids, week),
      this.db
        .getRepository(CalendarDay)
        .find()
        .then((rows) => buildCalendar(rows)),
    ]);
    const workingDays = week.dates.filter((d) => isWorkingDay(d, cal));
    const weekDates = new Set(week.dates);
    for (const p of people) {
      const grids = gridsByUser.get(p.id) ?? [];
      const tracks = tracksByUser.get(p.id) ?? [];
      const index = new GridIndex(grids.map((g) => ({ code: g.code, polygon: g.polygon })));
      const halfDays = grids.length
        ? halfDaysInside(tracks, (lng, lat) => index.locate(lng, lat) !== null, this.rules).filter((h) => weekDates.has(h.date))
        : [];
      const cellGrids = grids.map((g) => this.cells(g));
      const byDate = splitByDate(tracks);
      const dailyCoverage = week.dates.map((date) => ({
        date,
        share: roundShare(coverage(cellGrids, byDate.get(date) ?? [], this.rules).share),
      }));
      const figure = p.patrolRole
        ? weeklyCompliance({ patrolRole: p.patrolRole, halfDays, dailyCoverage, workingDays }, this.rules)
        : {
            requiredHalfDays: null,
            achievedHalfDays: halfDays.filter((h) => h.counted).length,
            requiredDailyShare: null,
            coveredWorkingDays: null,
            workingDays: workingDays.length,
            compliant: false,
          };
      out.set(p.id, { ...figure, halfDays: halfDays.map((h) => ({ ...h, minutes: Math.round(h.minutes * 10) / 10 })), dailyCoverage });
    }
    return out;
  }

  /** Plausible points of the week, as one track per patrol, by user. */
  private async tracks(userIds: string[], week: IsoWeek): Promise<Map<string, Fix[][]>> {
    const rows: { user_id: string; patrol_id: string; t: unknown; lat: unknown; lng: unknown }[] = await this.db.query(
      `SELECT p.user_id, pp.patrol_id, pp.t, pp.lat, pp.lng FROM patrols p JOIN patrol_points pp ON pp.patrol_id = p.id
        WHERE p.user_id IN (${userIds.map(() => '?').join(',')}) AND p.started_at < ? AND (p.finished_at IS NULL OR p.finished_at >= ?)
          AND pp.t >= ? AND pp.t < ? AND pp.flags = 0
        ORDER BY pp.patrol_id, pp.t`,
      [...userIds, sqlDate(week.end), sqlDate(week.start), sqlDate(week.start), sqlDate(week.end)],
    );
    const out = new Map<string, Fix[][]>();
    let current: Fix[] | null = null;
    let currentPatrol = '';
    for (const r of rows) {
      if (r.patrol_id !== currentPatrol || !current) {
        currentPatrol = r.patrol_id;
        current = [];
        const list = out.get(r.user_id) ?? [];
        list.push(current);
        out.set(r.user_id, list);
      }
      current.push({ t: fromSqlDate(r.t)!.getTime(), lat: Number(r.lat), lng: Number(r.lng) });
    }
    return out;
  }
}

function person(u: User): Person {
  return { id: u.id, username: u.username, name: u.name, patrolRole: u.patrolRole };
}

/** Each track cut into its pieces per city date. */
function splitByDate(tracks: readonly Fix[][]): Map<string, Fix[][]> {
  const out = new Map<string, Fix[][]>();
  for (const track of tracks) {
    let date = '';
    let piece: Fix[] = [];
    for (const f of track) {
      const d = cityDate(new Date(f.t));
      if (d !== date) {
        date = d;
        piece = [];
        const list = out.get(d) ?? [];
        list.push(piece);
        out.set(d, list);
      }
      piece.push(f);
    }
  }
  return out;
}

const roundShare = (s: number | null) => (s === null ? null : Math.round(s * 10000) / 10000);

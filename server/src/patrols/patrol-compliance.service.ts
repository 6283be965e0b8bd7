import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull, LessThan } from 'typeorm';
import type { DailyCoverageDto, MyPatrolWeekDto, PatrolComplianceDto, PatrolComplianceItemDto, PatrolRole } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/working-time.js';
import { addDays, cityDate, isoWeekOfDate } from '@xc/shared';
import { invalid, notFound } from '../common/app-error.js';
import { fromSqlDate, sqlDate } from '../common/db-utils.js';
import { GridIndex } from '../geo/grid-index.js';
import type { Grid } from '../grids/grid.entities.js';
import { GridsService } from '../grids/grids.service.js';
import type { Unit } from '../org/org.entities.js';
import { OrgService } from '../org/org.service.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { Patrol, PatrolPoint, PatrolWeekFigures } from './patrol.entity.js';
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
    private readonly calendar: CalendarService,
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly grids: GridsService,
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
      unit = await this.org.findUnit(q.unitId);
      if (!unit) throw notFound('单位不存在');
      people = await this.peopleOfUnit(unit);
    } else {
      people = (await this.users.withPatrolRole()).map(person);
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
    const unit = await this.org.findUnit(unitId);
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
    const [units, inspectors] = await Promise.all([this.org.allUnits(), this.users.withPatrolRole()]);
    const gridsByUser = await this.gridsOf(inspectors.map((u) => u.id));
    const people = new Map<string, Person>();
    const streetsOf = new Map<string, Set<string>>();
    const districtsOf = new Map<string, Set<string>>();
    for (const u of inspectors) {
      for (const g of gridsByUser.get(u.id) ?? []) {
        people.set(u.id, person(u));
        (streetsOf.get(g.streetCode) ?? streetsOf.set(g.streetCode, new Set()).get(g.streetCode)!).add(u.id);
        (districtsOf.get(g.districtCode) ?? districtsOf.set(g.districtCode, new Set()).get(g.districtCode)!).add(u.id);
      }
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
    const user = await this.users.findById(actor.id);
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
    const area = unit.streetCode ? { streetCode: unit.streetCode } : unit.districtCode ? { districtCode: unit.districtCode } : null;
    if (!area) return [];
    return (await this.users.withPatrolRole(await this.grids.codesIn(area))).map(person);
  }

  private async gridsOf(userIds: string[]): Promise<Map<string, Grid[]>> {
    const out = new Map<string, Grid[]>();
    if (!userIds.length) return out;
    const links = await this.users.gridLinks(userIds);
    const grids = await this.grids.findByCodes(links.map((l) => l.gridCode));
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

  /**
   * Retention: keeps the half-days and daily coverage of `week` for these people, computed from
   * their tracks now (once; a week kept before stays as it was), so the points can go.
   */
  async keepWeek(userIds: string[], week: string): Promise<void> {
    const w = parseIsoWeek(week);
    if (!w || !userIds.length) return;
    const people = (await this.users.findByIds(userIds)).map(person);
    const figures = await this.figures(people, w);
    const repo = this.db.getRepository(PatrolWeekFigures);
    const done = new Set((await repo.findBy({ userId: In(userIds), week })).map((k) => k.userId));
    for (const p of people) {
      if (done.has(p.id)) continue;
      const f = figures.get(p.id)!;
      await repo.insert({ userId: p.id, week, halfDays: f.halfDays, dailyCoverage: f.dailyCoverage, keptAt: new Date() });
    }
  }

  /**
   * Retention (privacy's daily job): patrols that started before `cutoff` lose their points, `batch`
   * at a time. First the half-days and daily coverage of every week they touch are kept (per
   * person, keepWeek), so compliance and the evaluation read the same figures afterwards; the patrol
   * row (distance, counts) stays. Returns how many patrols lost their track.
   */
  async dropTracksBefore(cutoff: Date, now: Date, batch: number): Promise<number> {
    const before = sqlDate(cutoff) as unknown as Date;
    let dropped = 0;
    for (;;) {
      const patrols = await this.db.getRepository(Patrol).find({
        where: { startedAt: LessThan(before), trackDroppedAt: IsNull() },
        select: { id: true, userId: true, startedAt: true, finishedAt: true, lastT: true },
        take: batch,
      });
      if (!patrols.length) return dropped;
      const weeks = new Map<string, Set<string>>();
      for (const p of patrols) {
        const end = p.lastT ?? p.finishedAt ?? p.startedAt;
        for (let d = cityDate(p.startedAt); d <= cityDate(end); d = addDays(d, 1)) {
          const users = weeks.get(isoWeekOfDate(d)) ?? new Set<string>();
          users.add(p.userId);
          weeks.set(isoWeekOfDate(d), users);
        }
      }
      for (const [week, users] of weeks) await this.keepWeek([...users], week);
      const ids = patrols.map((p) => p.id);
      await this.db.transaction(async (tx) => {
        await tx.delete(PatrolPoint, { patrolId: In(ids) });
        await tx.update(Patrol, { id: In(ids) }, { trackDroppedAt: now });
      });
      dropped += ids.length;
    }
  }

  /** The week's figures of each person: one query for everybody's plausible points. */
  private async figures(people: Person[], week: IsoWeek): Promise<Map<string, PersonWeek>> {
    const out = new Map<string, PersonWeek>();
    if (!people.length) return out;
    const ids = people.map((p) => p.id);
    // Weeks whose tracks the retention job dropped: their half-days and coverage as kept then.
    const kept = new Map(
      (await this.db.getRepository(PatrolWeekFigures).findBy({ userId: In(ids), week: week.week })).map((k) => [k.userId, k]),
    );
    const live = ids.filter((id) => !kept.has(id));
    const [gridsByUser, tracksByUser, cal] = await Promise.all([
      this.gridsOf(ids),
      live.length ? this.tracks(live, week) : new Map<string, Fix[][]>(),
      this.calendar.calendar(),
    ]);
    const workingDays = week.dates.filter((d) => isWorkingDay(d, cal));
    const weekDates = new Set(week.dates);
    for (const p of people) {
      const grids = gridsByUser.get(p.id) ?? [];
      const tracks = tracksByUser.get(p.id) ?? [];
      const index = new GridIndex(grids.map((g) => ({ code: g.code, polygon: g.polygon })));
      const k = kept.get(p.id);
      const halfDays = k
        ? k.halfDays
        : grids.length
          ? halfDaysInside(tracks, (lng, lat) => index.locate(lng, lat) !== null, this.rules).filter((h) => weekDates.has(h.date))
          : [];
      const cellGrids = k ? [] : grids.map((g) => this.cells(g));
      const byDate = splitByDate(tracks);
      const dailyCoverage =
        k?.dailyCoverage ??
        week.dates.map((date) => ({
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

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { type DataSource, type EntityManager, type EntityTarget, In, type ObjectLiteral } from 'typeorm';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { Category } from '../categories/category.entity.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { bbox } from '../grids/grids.service.js';
import { Community, District, Grid, Street } from '../grids/grid.entities.js';
import { EvaluationGroup, GroupMembership, Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from '../users/user.entity.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { buildCalendar } from '../calendar/working-time.js';
import { Case, CaseCounter, CaseHistory } from '../cases/case.entity.js';
import { cityDay } from '@xc/shared';
import { formatCaseNo } from '../cases/case-number.js';
import { MediaService } from '../media/media.service.js';
import { PatrolsSeed } from '../patrols/patrols.seed.js';
import { cityMonthOf, monthRange } from '../common/month.js';
import { Evaluation, EvaluationScheme } from '../evaluations/evaluation.entities.js';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { GRADES_2023 } from '../evaluations/rules/ranking.js';
import { defaultSchemes } from '../evaluations/rules/scoring.js';
import { PUBLISHED_2023_02 } from './published/2023-02.js';
import { planDemoCases, type DemoPlace, type PlannedCase } from './demo-cases.plan.js';
import { demoPlaces, streetInspectorId } from './demo-places.js';
import { BEFORE_VARIANTS, demoPhoto, PHOTO_KINDS, photoKindOf, type PhotoKind } from './demo-photos.js';
import { DEMO_USERS } from './demo-users.js';
import { CATEGORIES, COMMUNITIES, DISTRICTS, GRIDS, GROUPS, HOLIDAYS, STREETS, UNITS } from './reference/index.js';
import { BUILT_IN_POLICIES } from '../privacy/policy-texts.js';
import { Consent } from '../privacy/privacy.entities.js';

/** How many demo cases, over how many days back from now. */
export const DEMO_CASES = { count: 1500, days: 92, seed: 20230213 };
/** The dense month (config `demoMonthCases`): last calendar month at a real city's volume. */
const DEMO_MONTH_SEED = 20230313;
/** Rows per INSERT of inspector grids. */
const BULK_ROWS = 500;

/** The month from which the seeded group memberships hold (the source bulletin is 2023-02). */
export const SEED_MEMBERSHIP_FROM = '2023-01';

/**
 * Seeds reference data always and demo accounts in demo mode. Idempotent: rows are inserted only
 * when their key is missing, so starting twice changes nothing and admin edits are kept.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly media: MediaService,
    private readonly patrolsSeed: PatrolsSeed,
    private readonly evaluations: EvaluationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inserted = await this.seedReference();
    if (this.config.demo) {
      inserted.users = await this.seedDemoUsers();
      inserted.unitStaff = await this.seedUnitStaff();
      if (this.config.demoCases) inserted.streetInspectors = await this.seedStreetInspectors();
      if (this.config.demoCases) inserted.cases = await this.seedDemoCases();
      if (this.config.demoCases && this.config.demoMonthCases) inserted.monthCases = await this.seedDemoMonth();
      if (this.config.demoCases) inserted.patrols = await this.patrolsSeed.seed();
      inserted.evaluations = await this.seedDemoEvaluations();
    }
    this.logger.info({ inserted, demo: this.config.demo }, 'seed done');
  }

  async seedReference(): Promise<Record<string, number>> {
    return this.db.transaction(async (tx) => {
      const n: Record<string, number> = {};
      n.districts = await insertMissing(
        tx,
        District,
        'code',
        DISTRICTS.map(({ code, name, status }) => ({ code, name, status })),
      );
      n.streets = await insertMissing(
        tx,
        Street,
        'code',
        STREETS.map(({ code, name, districtCode, type, status }) => ({ code, name, districtCode, type, status })),
      );
      n.communities = await insertMissing(
        tx,
        Community,
        'code',
        COMMUNITIES.map(({ code, name, streetCode, status }) => ({ code, name, streetCode, status })),
      );
      n.grids = await insertMissing(
        tx,
        Grid,
        'code',
        GRIDS.map((g) => ({
          code: g.code,
          name: g.name,
          communityCode: g.communityCode,
          streetCode: g.streetCode,
          districtCode: g.districtCode,
          polygon: g.polygon,
          ...bbox(g.polygon),
        })),
      );
      n.groups = await insertMissing(
        tx,
        EvaluationGroup,
        'code',
        GROUPS.map(({ code, name, order, listMode, noun }) => ({ code, name, order, listMode, noun })),
      );
      n.units = await insertMissing(
        tx,
        Unit,
        'id',
        UNITS.map((u) => ({
          id: u.code,
          name: u.name,
          kind: u.kind,
          districtCode: u.districtCode,
          streetCode: u.streetCode,
          status: u.status,
          active: true,
        })),
      );
      const withMembership = new Set((await tx.find(GroupMembership, { select: { unitId: true } })).map((m) => m.unitId));
      const memberships = UNITS.filter((u) => !withMembership.has(u.code)).map((u) => ({
        groupCode: u.groupCode,
        unitId: u.code,
        order: u.order,
        fromMonth: SEED_MEMBERSHIP_FROM,
        toMonth: null,
      }));
      for (let i = 0; i < memberships.length; i += 100) await tx.insert(GroupMembership, memberships.slice(i, i + 100));
      n.memberships = memberships.length;
      n.categories = await insertMissing(
        tx,
        Category,
        'code',
        CATEGORIES.map((c) => ({
          code: c.code,
          kind: c.kind,
          major: c.major,
          name: c.name,
          parentCode: c.parentCode,
          theme: c.theme,
          timeLimitValue: c.timeLimit?.value ?? null,
          timeLimitUnit: c.timeLimit?.unit ?? null,
          duplicateRadiusM: 50,
          status: c.status,
          active: true,
        })),
      );
      n.calendarDays = await insertMissing(
        tx,
        CalendarDay,
        'date',
        HOLIDAYS.map(({ date, kind, name, status }) => ({ date, kind, name, status })),
      );
      if (!(await tx.count(EvaluationScheme))) {
        const schemes = defaultSchemes(SEED_MEMBERSHIP_FROM, GRADES_2023);
        await tx.insert(
          EvaluationScheme,
          schemes.map((s) => ({ groupCode: s.groupCode, fromMonth: s.fromMonth, items: s.items, grades: s.grades, createdAt: new Date() })),
        );
        n.schemes = schemes.length;
      } else n.schemes = 0;
      return n;
    });
  }

  async seedDemoUsers(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const existing = new Set(
        (await tx.find(User, { where: { username: In(DEMO_USERS.map((u) => u.username)) }, select: { username: true } })).map(
          (u) => u.username,
        ),
      );
      // A demo account deleted (注销) keeps its row under another username: it stays deleted.
      const deleted = new Set(
        (await tx.find(User, { where: { id: In(DEMO_USERS.map((u) => u.id)) }, select: { id: true, deletedAt: true } }))
          .filter((u) => u.deletedAt)
          .map((u) => u.id),
      );
      const missing = DEMO_USERS.filter((u) => !existing.has(u.username) && !deleted.has(u.id));
      for (const u of missing) {
        await tx.insert(User, {
          id: u.id,
          username: u.username,
          name: u.name,
          openid: null,
          roles: u.roles,
          patrolRole: u.patrolRole ?? null,
          unitId: u.unitId ?? null,
        });
        for (const gridCode of u.gridCodes ?? []) await tx.insert(InspectorGrid, { userId: u.id, gridCode });
      }
      // Demo accounts start with the built-in policies accepted (those seeded before consent existed too).
      const consented = new Set(
        (await tx.find(Consent, { where: { userId: In(DEMO_USERS.map((u) => u.id)) }, select: { userId: true } })).map((c) => c.userId),
      );
      const { privacy, terms } = BUILT_IN_POLICIES;
      for (const u of DEMO_USERS.filter((d) => !consented.has(d.id) && !deleted.has(d.id)))
        await tx.insert(Consent, {
          id: u.id,
          userId: u.id,
          policyVersion: privacy.version,
          termsVersion: terms.version,
          acceptedAt: new Date(),
        });
      return missing.length;
    });
  }

  /**
   * The source's February 2023 bulletin as published (imported scores), so a newcomer sees it on
   * first start; with demo cases, the two months before this one computed from them and published.
   */
  async seedDemoEvaluations(now = new Date()): Promise<number> {
    const evaluator = DEMO_USERS.find((u) => u.username === 'demo-evaluator')!;
    const actor = { id: evaluator.id, username: evaluator.username, roles: evaluator.roles, unitId: null };
    const exists = (month: string) => this.db.getRepository(Evaluation).existsBy({ month });
    let n = 0;
    if (!(await exists(PUBLISHED_2023_02.month))) {
      await this.evaluations.importScores(
        actor,
        PUBLISHED_2023_02.month,
        PUBLISHED_2023_02.scores.map((s) => ({ ...s })),
        { ...PUBLISHED_2023_02.figures },
      );
      const { paragraphs, closing } = PUBLISHED_2023_02.wording;
      await this.evaluations.setWording(PUBLISHED_2023_02.month, { paragraphs: [...paragraphs], closing: [...closing] });
      await this.evaluations.publish(actor, PUBLISHED_2023_02.month, undefined, new Date(PUBLISHED_2023_02.publishedAt));
      n++;
    }
    if (this.config.demoCases) {
      const current = cityMonthOf(now);
      const [y, m] = current.split('-').map(Number);
      for (const back of [2, 1]) {
        const d = new Date(Date.UTC(y, m - 1 - back, 1));
        const month = d.toISOString().slice(0, 7);
        if (await exists(month)) continue;
        const members = await this.evaluations.members(month);
        // 明察暗访 findings, so the breakdown shows manual items with their reasons. The counties have
        // no grids or dispatched cases here: their month rests on the guidance groups' findings.
        const findings: [string | undefined, number, string][] = [
          [members.find((u) => u.groupCode === 'street')?.unitId, -1.5, '暗访发现背街小巷暴露垃圾未及时清运'],
          [members.find((u) => u.groupCode === 'city')?.unitId, -2.5, '暗访发现责任路段占道经营未及时劝离'],
          ...members
            .filter((u) => u.groupCode === 'county')
            .map((u, i): [string, number, string] => [
              u.unitId,
              -[6.5, 11.2, 8.7, 14.1][i % 4] - back,
              ['县城主干道环卫保洁不到位', '城区违规户外广告整治进度滞后', '建筑工地扬尘防治措施不落实', '背街小巷垃圾积存、清运不及时'][
                i % 4
              ],
            ]),
        ];
        for (const [unitId, points, reason] of findings)
          if (unitId) await this.evaluations.addAdjustment(actor, month, { unitId, item: '明察暗访', points, reason });
        await this.evaluations.compute(actor, month);
        await this.evaluations.publish(actor, month);
        n++;
      }
    }
    return n;
  }

  /** One handler account per unit (处置单位工作人员), so that demo cases can reach every unit. */
  async seedUnitStaff(): Promise<number> {
    const rows = UNITS.filter((u) => !DEMO_USERS.some((d) => d.unitId === u.code)).map((u) => ({
      id: unitStaffId(u.code),
      username: `staff-${u.code}`,
      name: `${u.name}处置员`,
      openid: null,
      roles: ['handler' as const],
      patrolRole: null,
      unitId: u.code,
    }));
    return this.db.transaction((tx) => insertMissing(tx, User, 'id', rows as User[]));
  }

  /**
   * One inspector per street for the grids the demo inspector does not cover, so that every
   * seeded 核实/核查 goes to someone whose grid holds the case. No patrol role: they are not
   * counted in patrol compliance, which rests on the demo inspector's seeded patrols.
   */
  async seedStreetInspectors(): Promise<number> {
    const own = new Set(DEMO_USERS.flatMap((u) => u.gridCodes ?? []));
    const users = STREETS.map((st) => ({
      id: streetInspectorId(st.code),
      username: `insp-${st.code}`,
      name: `${st.name}网格员`,
      openid: null,
      roles: ['inspector' as const],
      patrolRole: null,
      unitId: null,
    }));
    const links = GRIDS.filter((g) => !own.has(g.code)).map((g) => ({ userId: streetInspectorId(g.streetCode), gridCode: g.code }));
    return this.db.transaction(async (tx) => {
      const n = await insertMissing(tx, User, 'id', users as User[]);
      if (n) for (let i = 0; i < links.length; i += BULK_ROWS) await tx.insert(InspectorGrid, links.slice(i, i + BULK_ROWS));
      return n;
    });
  }

  /**
   * A few hundred demo cases over the last three months, planned through the real transition
   * table (demo-cases.plan.ts), with real photos through the media pipeline. Skipped when the
   * plan's first case already exists, so restarting changes nothing.
   */
  async seedDemoCases(now = new Date()): Promise<number> {
    const plan = planDemoCases({ ...DEMO_CASES, ...this.planInput(now) });
    return this.insertPlan(plan);
  }

  /**
   * Last calendar month at the volume a real city handles (config `demoMonthCases`), so that
   * rankings, figures and the bulletin rest on a real month's numbers. Bulk inserts; skipped when
   * the plan's first case exists.
   */
  async seedDemoMonth(now = new Date(), count = this.config.demoMonthCases): Promise<number> {
    const { start: thisMonth } = monthRange(cityMonthOf(now));
    const { start, end } = monthRange(cityMonthOf(new Date(thisMonth.getTime() - 1)));
    const plan = planDemoCases({
      ...this.planInput(now),
      seed: DEMO_MONTH_SEED,
      count,
      days: 0,
      window: { start, end },
      everyStatus: false,
    });
    return this.insertPlan(plan);
  }

  private places: DemoPlace[] | null = null;

  private planInput(now: Date) {
    const citizens = DEMO_USERS.filter((u) => u.roles.includes('citizen')).map((u) => u.id);
    const id = (name: string) => DEMO_USERS.find((u) => u.username === name)!.id;
    return {
      now,
      calendar: buildCalendar(HOLIDAYS),
      categories: [...CATEGORIES],
      places: (this.places ??= demoPlaces()),
      units: [...UNITS],
      users: { citizens, inspector: id('demo-inspector'), operator: id('demo-operator'), dispatcher: id('demo-dispatcher') },
      handlerOf: unitStaffId,
    };
  }

  /** Photos for each kind of problem, drawn and uploaded once per process. */
  private photos: Promise<Map<PhotoKind, { before: string[]; after: string }>> | null = null;

  private demoPhotos(): Promise<Map<PhotoKind, { before: string[]; after: string }>> {
    const actor = (name: string) => {
      const u = DEMO_USERS.find((d) => d.username === name)!;
      return { id: u.id, username: name, roles: u.roles, unitId: null };
    };
    const upload = async (name: string, buffer: Promise<Buffer>) => (await this.media.upload(actor(name), { buffer: await buffer })).id;
    this.photos ??= (async () => {
      const out = new Map<PhotoKind, { before: string[]; after: string }>();
      // One kind at a time, its photos together: enough to keep both cores busy.
      for (const kind of PHOTO_KINDS) {
        const variants = Array.from({ length: BEFORE_VARIANTS }, (_, v) => upload('demo-citizen', demoPhoto(kind, v)));
        const [after, ...before] = await Promise.all([upload('demo-handler', demoPhoto(kind, 0, true)), ...variants]);
        out.set(kind, { before, after });
      }
      return out;
    })();
    return this.photos;
  }

  private async insertPlan(plan: PlannedCase[]): Promise<number> {
    if (!plan.length || (await this.db.getRepository(Case).existsBy({ id: plan[0].id }))) return 0;
    const started = Date.now();
    const photos = await this.demoPhotos();
    const photosMs = Date.now() - started;
    const perDay = new Map<string, number>();
    await this.db.transaction(async (tx) => {
      await this.media.attach(
        tx,
        [...photos.values()].flatMap((p) => [...p.before, p.after]),
        new Date(),
      );
      const existing = new Map((await tx.find(CaseCounter)).map((c) => [c.day, c.value]));
      const cases: Partial<Case>[] = [];
      const history: Partial<CaseHistory>[] = [];
      const sorted = [...plan].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
      sorted.forEach((p, i) => {
        const day = cityDay(p.reportedAt);
        const seq = Math.max(perDay.get(day) ?? 0, existing.get(day) ?? 0) + 1;
        perDay.set(day, seq);
        const kind = photos.get(photoKindOf(p.category))!;
        const photo = kind.before[i % kind.before.length];
        const afterPhoto = kind.after;
        const finished = p.moves.some((m) => m.after);
        cases.push({
          id: p.id,
          caseNo: formatCaseNo(day, seq),
          status: p.status,
          version: p.moves.length,
          channel: p.channel,
          categoryCode: p.category.code,
          theme: p.category.theme,
          description: p.description,
          lat: p.lat,
          lng: p.lng,
          address: null,
          gridCode: p.point.gridCode,
          streetCode: p.point.streetCode,
          districtCode: p.point.districtCode,
          reporterId: p.reporterId,
          unitId: p.unitId,
          inspectorId: p.inspectorId,
          openRequest: p.openRequest,
          requestedDeadline: p.requestedDeadline,
          deadline: p.deadline,
          reportedAt: p.reportedAt,
          registeredAt: p.registeredAt,
          dispatchedAt: p.dispatchedAt,
          lastFinishedAt: p.lastFinishedAt,
          closedAt: p.closedAt,
          reworked: p.reworked,
          selfHandled: p.selfHandled,
          duplicateOf: p.duplicateOf,
          mediaIds: [photo],
          afterMediaIds: finished ? [afterPhoto] : [],
          rating: p.rating,
          ratingComment: p.ratingComment,
          ratedAt: p.ratedAt,
          updatedAt: p.moves.at(-1)!.at,
        });
        p.moves.forEach((m, k) =>
          history.push({
            caseId: p.id,
            seq: k + 1,
            action: m.action,
            fromStatus: m.from,
            toStatus: m.to,
            actorId: m.actorId,
            actorRole: m.role,
            note: m.note,
            mediaIds: m.action === 'report' ? [photo] : m.after ? [afterPhoto] : [],
            data: m.data,
            at: m.at,
          }),
        );
      });
      await bulkInsert(tx, Case, cases);
      await bulkInsert(tx, CaseHistory, history);
      for (const [day, value] of perDay) {
        if (existing.has(day)) await tx.update(CaseCounter, { day }, { value });
        else await tx.insert(CaseCounter, { day, value });
      }
    });
    this.logger.info({ cases: plan.length, photosMs, ms: Date.now() - started }, 'demo cases seeded');
    return plan.length;
  }
}

/**
 * Multi-row INSERTs of plain rows, values converted exactly as TypeORM converts them (column
 * transformers, then the driver's dates and JSON), without the query builder's per-value cost.
 * Columns are those of the first row; generated columns are left to the database.
 */
async function bulkInsert<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
  if (!rows.length) return;
  const meta = tx.connection.getMetadata(entity);
  const driver = tx.connection.driver;
  const columns = meta.columns.filter((c) => !c.isGenerated && rows[0][c.propertyName] !== undefined);
  // Within SQLite's 32,766 bound variables per statement.
  const size = Math.max(1, Math.floor(30_000 / columns.length));
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const params: unknown[] = [];
    for (const row of chunk) for (const c of columns) params.push(driver.preparePersistentValue(c.getEntityValue(row, true), c));
    await tx.query(head + chunk.map(() => tuple).join(', '), params);
  }
}

/** The handler account of each unit that has none among the demo accounts (one per unit). */
export function unitStaffId(unitId: string): string {
  const demo = DEMO_USERS.find((u) => u.unitId === unitId);
  return demo ? demo.id : `staff-${unitId}`;
}

async function insertMissing<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  rows: T[],
): Promise<number> {
  if (!rows.length) return 0;
  const have = new Set((await tx.find(entity, { select: { [key]: true } as never })).map((r) => String(r[key])));
  const missing = rows.filter((r) => !have.has(String(r[key])));
  for (let i = 0; i < missing.length; i += 50) await tx.insert(entity, missing.slice(i, i + 50) as never);
  return missing.length;
}

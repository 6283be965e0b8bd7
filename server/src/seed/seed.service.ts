import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { type DataSource, type EntityManager, type EntityTarget, In, type ObjectLiteral } from 'typeorm';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { Category } from '../categories/category.entity.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { bbox } from '../grids/grids.service.js';
import { Community, District, EvaluationGroup, Grid, GroupMembership, Street, Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from '../users/user.entity.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { buildCalendar } from '../calendar/working-time.js';
import { Case, CaseCounter, CaseHistory } from '../cases/case.entity.js';
import { cityDay } from '@xc/shared';
import { formatCaseNo } from '../cases/case-number.js';
import { MediaService } from '../media/media.service.js';
import { PatrolsSeed } from '../patrols/patrols.seed.js';
import { cityMonthOf } from '../common/month.js';
import { Evaluation, EvaluationScheme } from '../evaluations/evaluation.entities.js';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { GRADES_2023 } from '../evaluations/rules/ranking.js';
import { defaultSchemes } from '../evaluations/rules/scoring.js';
import { PUBLISHED_2023_02 } from './published/2023-02.js';
import { planDemoCases } from './demo-cases.plan.js';
import { demoPhoto } from './demo-photos.js';
import { DEMO_USERS } from './demo-users.js';
import { CATEGORIES, COMMUNITIES, DISTRICTS, GRIDS, GROUPS, HOLIDAYS, SAMPLE_POINTS, STREETS, UNITS } from './reference/index.js';
import { BUILT_IN_POLICIES } from '../privacy/policy-texts.js';
import { Consent } from '../privacy/privacy.entities.js';

/** How many demo cases, over how many days back from now. */
export const DEMO_CASES = { count: 1500, days: 92, seed: 20230213 };

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
      if (this.config.demoCases) inserted.cases = await this.seedDemoCases();
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
   * A few hundred demo cases over the last three months, planned through the real transition
   * table (demo-cases.plan.ts), with real photos through the media pipeline. Skipped when the
   * plan's first case already exists, so restarting changes nothing.
   */
  async seedDemoCases(now = new Date()): Promise<number> {
    const calendar = buildCalendar(HOLIDAYS);
    const citizens = DEMO_USERS.filter((u) => u.roles.includes('citizen')).map((u) => u.id);
    const id = (name: string) => DEMO_USERS.find((u) => u.username === name)!.id;
    const plan = planDemoCases({
      ...DEMO_CASES,
      now,
      calendar,
      categories: [...CATEGORIES],
      points: [...SAMPLE_POINTS],
      units: [...UNITS],
      users: { citizens, inspector: id('demo-inspector'), operator: id('demo-operator'), dispatcher: id('demo-dispatcher') },
      handlerOf: unitStaffId,
    });
    if (!plan.length || (await this.db.getRepository(Case).existsBy({ id: plan[0].id }))) return 0;

    const actor = (name: string) => ({
      id: id(name),
      username: name,
      roles: DEMO_USERS.find((u) => u.username === name)!.roles,
      unitId: null,
    });
    const before = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => (await this.media.upload(actor('demo-citizen'), { buffer: await demoPhoto(i) })).id),
    );
    const after = await Promise.all(
      [0, 1, 2].map(async (i) => (await this.media.upload(actor('demo-handler'), { buffer: await demoPhoto(i, true) })).id),
    );

    const perDay = new Map<string, number>();
    await this.db.transaction(async (tx) => {
      await this.media.attach(tx, [...before, ...after], new Date());
      const existing = new Map((await tx.find(CaseCounter)).map((c) => [c.day, c.value]));
      const cases: Partial<Case>[] = [];
      const history: Partial<CaseHistory>[] = [];
      const sorted = [...plan].sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
      sorted.forEach((p, i) => {
        const day = cityDay(p.reportedAt);
        const seq = Math.max(perDay.get(day) ?? 0, existing.get(day) ?? 0) + 1;
        perDay.set(day, seq);
        const photo = before[i % before.length];
        const afterPhoto = after[i % after.length];
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
          districtCode: p.point.streetCode.slice(0, 6),
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
      for (let i = 0; i < cases.length; i += 50) await tx.insert(Case, cases.slice(i, i + 50) as never);
      for (let i = 0; i < history.length; i += 100) await tx.insert(CaseHistory, history.slice(i, i + 100) as never);
      for (const [day, value] of perDay) {
        if (existing.has(day)) await tx.update(CaseCounter, { day }, { value });
        else await tx.insert(CaseCounter, { day, value });
      }
    });
    return plan.length;
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

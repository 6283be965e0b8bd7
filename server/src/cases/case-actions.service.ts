import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CASE_TRANSITIONS,
  applyChanges,
  changesOf,
  decide,
  requiredFields,
  todoStatuses,
  type ChangeValues,
  type CaseAction,
  type CaseDto,
  type CaseStatus,
  type DefaultInspectorDto,
  type Role,
} from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { CategoriesService } from '../categories/categories.service.js';
import { AppError, forbidden, invalid, notFound } from '../common/app-error.js';
import { validateBody } from '../common/validation.js';
import { MediaService } from '../media/media.service.js';
import { recordCaseEvent } from '../notifications/outbox.js';
import { GridsService } from '../grids/grids.service.js';
import { OrgService } from '../org/org.service.js';
import { UsersService } from '../users/users.service.js';
import { Case, CaseHistory } from './case.entity.js';
import { CaseViewService, factsOf } from './case-view.service.js';
import { CasesService } from './cases.service.js';
import { statusIn } from './lifecycle-sql.js';
import { resumedDeadline } from './pending.js';
import { CaseActionDto } from './dto/case-action.dto.js';
import { chooseInspector, noInspectorMessage, type InspectorAssignment, type InspectorChoice } from './inspector-choice.js';

const REQUIRED_MESSAGES: Record<string, string> = {
  unitId: '请选择处置单位',
  reason: '请选择不予立案的原因',
  passed: '请选择是否通过',
  rating: '请选择 1–5 星评分',
  deadline: '请填写申请的新期限',
  mediaIds: '请上传处置后照片',
  note: '请填写说明',
  categoryCode: '请选择问题类别',
};

/**
 * Runs one move of the lifecycle: decide by the shared table, check the caller's version, apply
 * the action's effects, and write the case and its history row in one transaction. Optimistic
 * locking: the UPDATE only matches the version the caller saw, so of two racing moves one wins.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly media: MediaService,
    private readonly view: CaseViewService,
    private readonly cases: CasesService,
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly grids: GridsService,
  ) {}

  async act(actor: Actor, caseId: string, raw: Record<string, unknown>): Promise<CaseDto> {
    // Precedence (api.md, Errors): 404, then 403 for an action this caller can never take, then 400, then 409.
    const current = await this.db.getRepository(Case).findOneBy({ id: caseId });
    if (!current) throw notFound('问题不存在');
    const action = raw?.action;
    // Own properties only: `__proto__` or `constructor` is not an action.
    // 自处理 is a rule taken only with a report: as an action it is unknown (400).
    if (typeof action === 'string' && Object.hasOwn(CASE_TRANSITIONS, action) && !CASE_TRANSITIONS[action as CaseAction].withReport) {
      const rule = CASE_TRANSITIONS[action as CaseAction];
      const engineActor = { id: actor.id, roles: actor.roles, unitId: actor.unitId };
      if (!rule.roles.some((r) => actor.roles.includes(r)) || (rule.party && !rule.party(factsOf(current), engineActor)))
        throw forbidden('你不能对该问题进行此操作');
    }
    const body = await validateBody(CaseActionDto, raw);
    const updated = await this.db.transaction(async (tx) => {
      const c = await tx.findOneBy(Case, { id: caseId });
      if (!c) throw notFound('问题不存在');
      const engineActor = { id: actor.id, roles: actor.roles, unitId: actor.unitId };
      const verdict = decide(body.action, factsOf(c), engineActor, { passed: body.passed });
      if (!verdict.ok && verdict.reason === 'FORBIDDEN') throw forbidden('你不能对该问题进行此操作');
      this.requireFields(body, c);
      if (c.version !== body.version) {
        throw new AppError('VERSION_CONFLICT', '该问题已被他人处理，已为你刷新', { currentVersion: c.version, status: c.status });
      }
      if (!verdict.ok) throw new AppError('TRANSITION_NOT_ALLOWED', `问题当前状态下不能${actionLabel(body.action)}`, { status: c.status });

      const now = new Date();
      const from = c.status;
      const effects = await this.effects(tx, actor, c, body, verdict.to, now);
      const result = await tx.update(
        Case,
        { id: c.id, version: body.version },
        { ...effects.patch, status: verdict.to, version: body.version + 1, updatedAt: now },
      );
      if (!result.affected) throw new AppError('VERSION_CONFLICT', '该问题已被他人处理，已为你刷新');
      await tx.insert(CaseHistory, {
        caseId: c.id,
        seq: body.version + 1,
        action: body.action,
        fromStatus: from,
        toStatus: verdict.to,
        actorId: actor.id,
        actorRole: roleFor(body.action, actor),
        note: body.note?.trim() || null,
        mediaIds: effects.mediaIds,
        data: effects.data,
        at: now,
      });
      await this.media.attach(tx, effects.mediaIds, now);
      await recordCaseEvent(tx, body.action, { ...c, ...effects.patch }, actor.id, { ...effects.data, note: body.note?.trim() || null });
      return tx.findOneByOrFail(Case, { id: c.id });
    });
    return this.view.detail(updated, actor);
  }

  private requireFields(body: CaseActionDto, c: Case): void {
    const missing: Record<string, string> = {};
    for (const field of requiredFields(body.action, factsOf(c))) {
      const v = body[field as keyof CaseActionDto];
      const empty = v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && v.length === 0);
      if (empty) missing[field] = REQUIRED_MESSAGES[field] ?? `请填写 ${field}`;
    }
    if (body.action === 'refuse' && body.reason === 'duplicate' && !body.duplicateOf) missing.duplicateOf = '请指明重复的问题';
    if (Object.keys(missing).length) throw invalid(missing);
  }

  /**
   * What the move changes besides status and version: the table's changes (changesOf), with the
   * values they name worked out here, and what the action's own inputs change (a category, a
   * location, a reason, a rating). Every check that can fail comes before anything is written.
   */
  private async effects(
    tx: EntityManager,
    actor: Actor,
    c: Case,
    body: CaseActionDto,
    to: CaseStatus,
    now: Date,
  ): Promise<{ patch: Partial<Case>; mediaIds: string[]; data: Record<string, any> | null }> {
    const mediaIds = body.mediaIds?.length ? (await this.media.requireOwned(actor, body.mediaIds, 'mediaIds')).map((m) => m.id) : [];
    const changes = changesOf(body.action, to);
    const own = await this.inputEffects(tx, c, body);
    const values: ChangeValues = { mediaIds };
    const data: Record<string, unknown> = { ...own.data };
    let patch: Partial<Case> = {};

    if (changes.inspector === 'named') {
      if (body.inspectorId) {
        await this.requireInspector(tx, body.inspectorId);
        values.inspectorId = data.inspectorId = body.inspectorId;
      } else {
        // "The grid's inspector" is resolved to a person now, or the operator is told to pick one.
        const choice = await this.resolveInspector(tx, c);
        if (!choice) {
          const message = noInspectorText(c, body.action === 'request-verify' ? '核实' : '核查');
          throw invalid({ inspectorId: message }, message);
        }
        values.inspectorId = data.inspectorId = choice.userId;
        data.scope = choice.scope;
      }
    }
    if (changes.unit === 'named') {
      const unit = await this.org.findUnit(body.unitId!);
      if (!unit || !unit.active) throw invalid({ unitId: '处置单位不存在或已停用' });
      values.unitId = data.unitId = unit.id;
      data.unitName = unit.name;
    }
    if (changes.unit === 'none') data.fromUnitId = c.unitId;
    if (changes.deadline === 'time-limit') {
      // The category's time limit, counted from now; the category may be given with the move.
      const categoryCode = body.categoryCode ?? c.categoryCode;
      if (!categoryCode) throw invalid({ categoryCode: '派遣前须确定问题类别' });
      const category = await this.categories.requireLeaf(categoryCode);
      if (category.timeLimitValue === null || !category.timeLimitUnit)
        throw invalid({ categoryCode: '该类别没有处置时限，请先在类别中设置' });
      const deadline = await this.calendar.deadline(now, category.timeLimitValue, category.timeLimitUnit);
      values.deadline = deadline;
      patch = { categoryCode: category.code, theme: category.theme ?? c.theme };
      Object.assign(data, {
        deadline: deadline.toISOString(),
        timeLimit: { value: category.timeLimitValue, unit: category.timeLimitUnit },
        ...(category.code !== c.categoryCode ? { category: { from: c.categoryCode, to: category.code } } : {}),
      });
    }
    if (changes.deadline === 'requested')
      Object.assign(data, { from: c.deadline?.toISOString() ?? null, deadline: c.requestedDeadline?.toISOString() ?? null });
    if (changes.deadline === 'resumed') {
      const deadline = await this.resumedDeadline(tx, c, now);
      values.deadline = deadline ?? c.deadline;
      if (deadline) Object.assign(data, { from: c.deadline!.toISOString(), deadline: deadline.toISOString() });
    }
    if (changes.request === 'extension') {
      // Whole seconds: MariaDB's DATETIME drops milliseconds that SQLite would keep.
      const requested = new Date(Math.floor(Date.parse(body.deadline!) / 1000) * 1000);
      if (c.deadline && requested <= c.deadline) throw invalid({ deadline: '申请的新期限须晚于当前期限' });
      if (requested <= now) throw invalid({ deadline: '申请的新期限须晚于现在' });
      values.requestedDeadline = requested;
      data.deadline = requested.toISOString();
    }
    return {
      patch: { ...own.patch, ...patch, ...applyChanges(changes, c, values, now) },
      mediaIds,
      data: Object.keys(data).length ? data : null,
    };
  }

  /** What an action's own inputs change, beyond the table's changes; checked first. */
  private async inputEffects(
    tx: EntityManager,
    c: Case,
    body: CaseActionDto,
  ): Promise<{ patch: Partial<Case>; data: Record<string, unknown> | null }> {
    switch (body.action) {
      case 'verify': {
        // A report that came with only an address is located on site: the grid follows from the point.
        if (c.lat === null && body.passed && !body.location) throw invalid({ location: '该问题只有地址，请在现场定位后提交核实结果' });
        if (!body.location) return { patch: {}, data: { passed: body.passed } };
        const { point, place } = await this.cases.locate(body.location);
        return {
          patch: {
            lat: point.lat,
            lng: point.lng,
            gridCode: place.grid.code,
            streetCode: place.street.id,
            districtCode: place.district.id,
          },
          data: { passed: body.passed, location: point, gridCode: place.grid.code },
        };
      }
      case 'register': {
        if (c.lat === null) throw invalid({ location: '该问题只有地址、尚未定位：请先派发核实，由网格员到现场定位后再立案' });
        return (body.categoryCode ? await this.categoryChange(c, body.categoryCode) : null) ?? { patch: {}, data: null };
      }
      case 'recategorize': {
        const change = await this.categoryChange(c, body.categoryCode!);
        if (!change) throw invalid({ categoryCode: '新类别与当前类别相同' });
        return change;
      }
      case 'refuse': {
        if (body.reason === 'duplicate') {
          const original = await tx.findOneBy(Case, { id: body.duplicateOf! });
          if (!original || original.id === c.id) throw invalid({ duplicateOf: '重复的问题不存在' });
        }
        return {
          patch: { duplicateOf: body.reason === 'duplicate' ? body.duplicateOf! : null },
          data: { reason: body.reason, duplicateOf: body.duplicateOf ?? null },
        };
      }
      case 'check':
        return { patch: {}, data: { passed: !!body.passed } };
      case 'rate':
        return { patch: { rating: body.rating!, ratingComment: body.comment?.trim() || null }, data: { rating: body.rating } };
      default:
        return { patch: {}, data: null };
    }
  }

  /** 挂账 paused the clock: the deadline that gives the unit back the time it had left (null: nothing to give back). */
  private async resumedDeadline(tx: EntityManager, c: Case, now: Date): Promise<Date | null> {
    const pended = await tx.findOne(CaseHistory, { where: { caseId: c.id, action: 'pend' }, order: { seq: 'DESC' } });
    if (!c.deadline || !pended) return null;
    const category = c.categoryCode ? (await this.categories.all.get()).get(c.categoryCode) : undefined;
    return resumedDeadline(
      { deadline: c.deadline, pendedAt: pended.at, resumedAt: now, unit: category?.timeLimitUnit ?? 'workhour' },
      await this.calendar.calendar(),
    );
  }

  /** The category set or corrected, and its history data (from → to); null when it is the one the case has. */
  private async categoryChange(c: Case, code: string): Promise<{ patch: Partial<Case>; data: Record<string, unknown> } | null> {
    const category = await this.categories.requireLeaf(code);
    if (category.code === c.categoryCode) return null;
    return {
      patch: { categoryCode: category.code, theme: category.theme ?? c.theme },
      data: { category: { from: c.categoryCode, to: category.code } },
    };
  }

  /** Whom 派发核实/派发核查 would send to now, with no one named (the form shows it before sending). */
  async defaultInspector(caseId: string): Promise<DefaultInspectorDto> {
    const c = await this.db.getRepository(Case).findOneBy({ id: caseId });
    if (!c) throw notFound('问题不存在');
    const choice = await this.resolveInspector(this.db.manager, c);
    if (!choice) return { inspector: null, message: noInspectorText(c, c.status === 'handled' ? '核查' : '核实') };
    const user = await this.users.get(choice.userId);
    return { inspector: { id: user.id, name: user.name, scope: choice.scope }, message: null };
  }

  /** The inspectors of the case's district with their grids, and their open 核实/核查 tasks. */
  private async resolveInspector(tx: EntityManager, c: Case): Promise<InspectorChoice | null> {
    if (!c.districtCode) return null;
    const grids = new Map((await this.grids.placesIn({ districtCode: c.districtCode })).map((g) => [g.code, g]));
    const assignments: InspectorAssignment[] = (await this.users.inspectorsOfGrids([...grids.keys()])).map((l) => ({
      userId: l.userId,
      gridCode: l.gridCode,
      streetCode: grids.get(l.gridCode)!.streetCode,
      districtCode: grids.get(l.gridCode)!.districtCode,
    }));
    if (!assignments.length) return null;
    const ids = [...new Set(assignments.map((a) => a.userId))];
    const load = await tx
      .createQueryBuilder(Case, 'c')
      .select('c.inspector_id', 'userId')
      .addSelect('COUNT(*)', 'n')
      .where(statusIn('c.status', todoStatuses('inspector')))
      .andWhere('c.inspector_id IN (:...ids)', { ids })
      .groupBy('c.inspector_id')
      .getRawMany<{ userId: string; n: number | string }>();
    return chooseInspector(c, assignments, new Map(load.map((l) => [l.userId, Number(l.n)])));
  }

  private async requireInspector(tx: EntityManager, id: string): Promise<void> {
    const user = await this.users.findById(id);
    if (!user || !user.roles.includes('inspector')) throw invalid({ inspectorId: '该人员不是网格巡查人员' });
  }
}

/** The role under which an actor takes an action (the first of their roles the table allows). */
function roleFor(action: CaseAction, actor: Actor): Role {
  const allowed = CASE_TRANSITIONS[action].roles;
  return actor.roles.find((r) => allowed.includes(r)) ?? actor.roles[0];
}

function actionLabel(action: CaseAction): string {
  const labels: Partial<Record<CaseAction, string>> = {
    close: '结案',
    dispatch: '派遣',
    register: '立案',
    recategorize: '修改类别',
    finish: '处置',
    check: '核查',
    rate: '评价',
  };
  return labels[action] ?? '进行此操作';
}

/** Why no one can be chosen: a report with only an address has no grid to resolve from. */
function noInspectorText(c: Case, what: '核实' | '核查'): string {
  return c.gridCode ? noInspectorMessage(what) : `该问题只有地址、尚未定位，请选择到现场${what}的网格员`;
}

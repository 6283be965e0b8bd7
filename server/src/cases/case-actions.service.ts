import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CASE_TRANSITIONS, decide, type CaseAction, type CaseDto, type CaseStatus, type Role } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { CategoriesService } from '../categories/categories.service.js';
import { AppError, forbidden, invalid, notFound } from '../common/app-error.js';
import { validateBody } from '../common/validation.js';
import { MediaService } from '../media/media.service.js';
import { Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from '../users/user.entity.js';
import { Case, CaseHistory } from './case.entity.js';
import { CaseViewService, factsOf } from './case-view.service.js';
import { CaseActionDto } from './dto/case-action.dto.js';

const REQUIRED_MESSAGES: Record<string, string> = {
  unitId: '请选择处置单位',
  reason: '请选择不予立案的原因',
  passed: '请选择是否通过',
  rating: '请选择 1–5 星评分',
  deadline: '请填写申请的新期限',
  mediaIds: '请上传处置后照片',
  note: '请填写说明',
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
  ) {}

  async act(actor: Actor, caseId: string, raw: Record<string, unknown>): Promise<CaseDto> {
    // Precedence (api.md, Errors): 404, then 403 for an action this caller can never take, then 400, then 409.
    const current = await this.db.getRepository(Case).findOneBy({ id: caseId });
    if (!current) throw notFound('问题不存在');
    const action = raw?.action;
    // Own properties only: `__proto__` or `constructor` is not an action.
    if (typeof action === 'string' && Object.hasOwn(CASE_TRANSITIONS, action)) {
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
      this.requireFields(body);
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
      return tx.findOneByOrFail(Case, { id: c.id });
    });
    return this.view.detail(updated, actor);
  }

  private requireFields(body: CaseActionDto): void {
    const missing: Record<string, string> = {};
    for (const field of CASE_TRANSITIONS[body.action].requires ?? []) {
      const v = body[field as keyof CaseActionDto];
      const empty = v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && v.length === 0);
      if (empty) missing[field] = REQUIRED_MESSAGES[field] ?? `请填写 ${field}`;
    }
    if (body.action === 'refuse' && body.reason === 'duplicate' && !body.duplicateOf) missing.duplicateOf = '请指明重复的问题';
    if (Object.keys(missing).length) throw invalid(missing);
  }

  /** What each action changes besides status and version. All checks that can fail come first. */
  private async effects(
    tx: EntityManager,
    actor: Actor,
    c: Case,
    body: CaseActionDto,
    to: CaseStatus,
    now: Date,
  ): Promise<{ patch: Partial<Case>; mediaIds: string[]; data: Record<string, any> | null }> {
    const mediaIds = body.mediaIds?.length ? (await this.media.requireOwned(actor, body.mediaIds, 'mediaIds')).map((m) => m.id) : [];
    const none = { patch: {}, mediaIds, data: null };
    switch (body.action) {
      case 'request-verify':
      case 'request-check': {
        const inspectorId = body.inspectorId ?? (await this.defaultInspector(tx, c.gridCode));
        if (body.inspectorId) await this.requireInspector(tx, body.inspectorId);
        return { patch: { inspectorId }, mediaIds, data: inspectorId ? { inspectorId } : null };
      }
      case 'verify':
        return { patch: { inspectorId: null }, mediaIds, data: { passed: body.passed } };
      case 'register': {
        const patch: Partial<Case> = { registeredAt: now };
        if (body.categoryCode) Object.assign(patch, await this.categoryPatch(body.categoryCode));
        return { patch, mediaIds, data: body.categoryCode ? { categoryCode: body.categoryCode } : null };
      }
      case 'refuse': {
        if (body.reason === 'duplicate') {
          const original = await tx.findOneBy(Case, { id: body.duplicateOf! });
          if (!original || original.id === c.id) throw invalid({ duplicateOf: '重复的问题不存在' });
        }
        return {
          patch: { duplicateOf: body.reason === 'duplicate' ? body.duplicateOf! : null },
          mediaIds,
          data: { reason: body.reason, duplicateOf: body.duplicateOf ?? null },
        };
      }
      case 'dispatch': {
        const unit = await tx.findOneBy(Unit, { id: body.unitId! });
        if (!unit || !unit.active) throw invalid({ unitId: '处置单位不存在或已停用' });
        const categoryCode = body.categoryCode ?? c.categoryCode;
        if (!categoryCode) throw invalid({ categoryCode: '派遣前须确定问题类别' });
        const category = await this.categories.requireLeaf(categoryCode);
        if (category.timeLimitValue === null || !category.timeLimitUnit)
          throw invalid({ categoryCode: '该类别没有处置时限，请先在类别中设置' });
        const deadline = await this.calendar.deadline(now, category.timeLimitValue, category.timeLimitUnit);
        return {
          patch: {
            unitId: unit.id,
            dispatchedAt: now,
            deadline,
            openRequest: null,
            requestedDeadline: null,
            categoryCode: category.code,
            theme: category.theme ?? c.theme,
          },
          mediaIds,
          data: {
            unitId: unit.id,
            unitName: unit.name,
            deadline: deadline.toISOString(),
            timeLimit: { value: category.timeLimitValue, unit: category.timeLimitUnit },
          },
        };
      }
      case 'finish':
        return { patch: { lastFinishedAt: now, afterMediaIds: mediaIds }, mediaIds, data: null };
      case 'request-extension': {
        // Whole seconds: MariaDB's DATETIME drops milliseconds that SQLite would keep.
        const requested = new Date(Math.floor(Date.parse(body.deadline!) / 1000) * 1000);
        if (c.deadline && requested <= c.deadline) throw invalid({ deadline: '申请的新期限须晚于当前期限' });
        if (requested <= now) throw invalid({ deadline: '申请的新期限须晚于现在' });
        return { patch: { openRequest: 'extension', requestedDeadline: requested }, mediaIds, data: { deadline: requested.toISOString() } };
      }
      case 'approve-extension':
        return {
          patch: { openRequest: null, requestedDeadline: null, deadline: c.requestedDeadline },
          mediaIds,
          data: { from: c.deadline?.toISOString() ?? null, deadline: c.requestedDeadline?.toISOString() ?? null },
        };
      case 'reject-extension':
      case 'reject-return':
        return { patch: { openRequest: null, requestedDeadline: null }, mediaIds, data: null };
      case 'request-return':
        return { patch: { openRequest: 'return' }, mediaIds, data: null };
      case 'approve-return':
        // Back to the dispatcher: the unit is released and the clock stops until the next dispatch.
        return { patch: { openRequest: null, unitId: null, deadline: null, dispatchedAt: null }, mediaIds, data: { fromUnitId: c.unitId } };
      case 'check':
        return to === 'dispatched'
          ? { patch: { inspectorId: null, reworked: true }, mediaIds, data: { passed: false } }
          : { patch: { inspectorId: null }, mediaIds, data: { passed: true } };
      case 'close':
        return { patch: { closedAt: now }, mediaIds, data: null };
      case 'void':
        return { patch: { openRequest: null, requestedDeadline: null }, mediaIds, data: null };
      case 'rate':
        return {
          patch: { rating: body.rating!, ratingComment: body.comment?.trim() || null, ratedAt: now },
          mediaIds,
          data: { rating: body.rating },
        };
      case 'pend':
      case 'resume':
        return none;
    }
  }

  private async categoryPatch(code: string): Promise<Partial<Case>> {
    const category = await this.categories.requireLeaf(code);
    return { categoryCode: category.code, theme: category.theme };
  }

  /** The inspector of the case's grid, if one is assigned (else any inspector may take it). */
  private async defaultInspector(tx: EntityManager, gridCode: string | null): Promise<string | null> {
    if (!gridCode) return null;
    const assigned = await tx.findOne(InspectorGrid, { where: { gridCode }, order: { userId: 'ASC' } });
    return assigned?.userId ?? null;
  }

  private async requireInspector(tx: EntityManager, id: string): Promise<void> {
    const user = await tx.findOneBy(User, { id });
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
    finish: '处置',
    check: '核查',
    rate: '评价',
  };
  return labels[action] ?? '进行此操作';
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CASE_READER_ROLES,
  isOverdue,
  nextActions,
  type CaseAction,
  type CaseDto,
  type CaseHistoryDto,
  type CaseSummaryDto,
  type LocateDto,
  type MediaDto,
  type Role,
} from '@xc/shared';
import { type Actor, hasRole } from '../auth/actor.js';
import { Category } from '../categories/category.entity.js';
import { CategoriesService } from '../categories/categories.service.js';
import { GridsService } from '../grids/grids.service.js';
import type { Media } from '../media/media.entity.js';
import { MediaService } from '../media/media.service.js';
import type { Unit } from '../org/org.entities.js';
import { Open311SubmissionsService } from '../open311/open311-submissions.service.js';
import { OrgService } from '../org/org.service.js';
import { UsersService } from '../users/users.service.js';
import { Case, CaseHistory } from './case.entity.js';
import { reporterView } from '../privacy/reporter-view.js';

/** Who sees what: the reporter and staff see everything; everyone else the public view. */
export type Visibility = 'full' | 'public';

export function visibilityOf(c: Pick<Case, 'reporterId' | 'unitId'>, viewer: Actor | null): Visibility {
  if (!viewer) return 'public';
  if (c.reporterId === viewer.id || hasRole(viewer, ...CASE_READER_ROLES)) return 'full';
  if (hasRole(viewer, 'handler') && viewer.unitId && viewer.unitId === c.unitId) return 'full';
  return 'public';
}

/** Facts the transition engine decides on. */
export function factsOf(c: Case) {
  return {
    status: c.status,
    reporterId: c.reporterId,
    assignedUnitId: c.unitId,
    assignedInspectorId: c.inspectorId,
    openRequest: c.openRequest,
    rated: c.rating !== null,
    categoryCode: c.categoryCode,
  };
}

/** The buttons of a case for this caller; a case without a location cannot be registered until 核实 locates it. */
function actionsFor(c: Case, viewer: Actor): CaseAction[] {
  const actions = nextActions(factsOf(c), { id: viewer.id, roles: viewer.roles, unitId: viewer.unitId });
  return c.lat === null ? actions.filter((a) => a !== 'register') : actions;
}

/** The category a history row set or corrected (its `data.category`), with names for people. */
function categoryChangeOf(data: Record<string, any> | null, categories: Map<string, Category>): CaseHistoryDto['categoryChange'] {
  const change = data?.category as { from: string | null; to: string } | undefined;
  if (!change?.to) return undefined;
  const named = (code: string) => ({ code, name: categories.get(code)?.name ?? code });
  return { from: change.from ? named(change.from) : null, to: named(change.to) };
}

/**
 * Maps cases to the wire (style.md, 7: mappers, not entities). Loads names and media for a whole
 * page in a few queries; never shows a reporter or a staff name in the public view.
 */
@Injectable()
export class CaseViewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly media: MediaService,
    private readonly categories: CategoriesService,
    private readonly grids: GridsService,
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly open311: Open311SubmissionsService,
  ) {}

  /**
   * Summaries for `viewer`: each case in its own view (the reporter and staff see the stored
   * photos, everyone else the public copies without hidden ones). No viewer: the public view.
   */
  async summaries(
    cases: Case[],
    now = new Date(),
    distances?: Map<string, number>,
    viewer: Actor | null = null,
  ): Promise<CaseSummaryDto[]> {
    if (!cases.length) return [];
    const [categories, units, media] = await Promise.all([
      this.categories.all.get(),
      this.org.units.get(),
      this.media.rows([...new Set(cases.flatMap((c) => [...c.mediaIds, ...c.afterMediaIds]))]),
    ]);
    const places = await Promise.all(cases.map((c) => (c.gridCode ? this.grids.placeOf(c.gridCode) : null)));
    return cases.map((c, i) =>
      this.summary(
        c,
        now,
        {
          category: c.categoryCode ? (categories.get(c.categoryCode) ?? null) : null,
          unit: c.unitId ? (units.get(c.unitId) ?? null) : null,
          place: places[i],
          media: this.photos(media, visibilityOf(c, viewer)),
        },
        distances?.get(c.id),
      ),
    );
  }

  /** Photo lookup for one view: null for an unknown id, and for the public a photo without a public copy. */
  private photos(rows: Map<string, Media>, view: Visibility): (id: string) => MediaDto | null {
    return (id) => {
      const m = rows.get(id);
      return m ? this.media.toDto(m, view) : null;
    };
  }

  private summary(
    c: Case,
    now: Date,
    k: {
      category: Category | null;
      unit: Pick<Unit, 'id' | 'name'> | null;
      place: LocateDto | null;
      media: (id: string) => MediaDto | null;
    },
    distance?: number,
  ): CaseSummaryDto {
    const pick = (ids: string[]) => ids.flatMap((id) => k.media(id) ?? []);
    const dto: CaseSummaryDto = {
      id: c.id,
      caseNo: c.caseNo,
      status: c.status,
      version: c.version,
      channel: c.channel,
      categoryCode: c.categoryCode,
      categoryName: k.category?.name ?? null,
      theme: c.theme,
      description: c.description,
      location: c.lat === null || c.lng === null ? null : { lat: c.lat, lng: c.lng },
      address: c.address,
      gridCode: c.gridCode,
      grid: k.place ? k.place.grid : null,
      street: k.place ? k.place.street : null,
      district: k.place ? k.place.district : null,
      unit: k.unit ? { id: k.unit.id, name: k.unit.name } : null,
      deadline: c.deadline?.toISOString() ?? null,
      overdue: isOverdue(c, now),
      reportedAt: c.reportedAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      media: pick(c.mediaIds),
      afterMedia: pick(c.afterMediaIds),
      rating: c.rating !== null ? { rating: c.rating, comment: c.ratingComment } : null,
    };
    if (distance !== undefined) dto.distanceM = Math.round(distance);
    return dto;
  }

  /** The reply to a report, built from what the creating request holds (no reading back). */
  fresh(
    c: Case,
    history: CaseHistory[],
    k: {
      actorName: string | null;
      category: Category | null;
      place: LocateDto | null;
      media: Media[];
      possibleDuplicates: CaseSummaryDto[];
    },
    viewer: Actor,
  ): CaseDto {
    const media = this.photos(new Map(k.media.map((m) => [m.id, m])), 'full');
    const summary = this.summary(c, new Date(), { category: k.category, unit: null, place: k.place, media });
    return {
      ...summary,
      reporter: { id: viewer.id, name: k.actorName ?? viewer.username },
      openRequest: c.openRequest,
      requestedDeadline: null,
      inspector: null,
      duplicateOf: c.duplicateOf,
      history: history.map((h) => ({
        action: h.action,
        from: h.fromStatus,
        to: h.toStatus,
        at: h.at.toISOString(),
        actor: { role: h.actorRole as Role },
        note: h.note,
        media: h.mediaIds.flatMap((id) => media(id) ?? []),
      })),
      nextActions: actionsFor(c, viewer),
      possibleDuplicates: k.possibleDuplicates,
    };
  }

  async detail(c: Case, viewer: Actor | null, extra: Partial<CaseDto> = {}): Promise<CaseDto> {
    const visibility = visibilityOf(c, viewer);
    const [summary] = await this.summaries([c], new Date(), undefined, viewer);
    const rows = await this.db.getRepository(CaseHistory).find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    const [mediaRows, categories] = await Promise.all([this.media.rows(rows.flatMap((h) => h.mediaIds)), this.categories.all.get()]);
    const media = this.photos(mediaRows, visibility);
    const userIds = [...new Set([...rows.map((h) => h.actorId), c.reporterId, ...(c.inspectorId ? [c.inspectorId] : [])])];
    const users = visibility === 'full' ? await this.users.findByIds(userIds) : [];
    const unitNames = new Map(
      (await this.org.findUnits(users.map((u) => u.unitId).filter((x): x is string => !!x))).map((u) => [u.id, u.name]),
    );
    const history: CaseHistoryDto[] = rows.map((h) => {
      const user = users.find((u) => u.id === h.actorId);
      const categoryChange = categoryChangeOf(h.data, categories);
      return {
        action: h.action as CaseHistoryDto['action'],
        from: h.fromStatus,
        to: h.toStatus,
        at: h.at.toISOString(),
        actor:
          visibility === 'full' && user
            ? { role: h.actorRole as Role, name: user.name, ...(user.unitId ? { unit: unitNames.get(user.unitId) } : {}) }
            : { role: h.actorRole as Role },
        note: h.note,
        media: h.mediaIds.flatMap((id) => media(id) ?? []),
        ...(categoryChange ? { categoryChange } : {}),
      };
    });
    const reporter = users.find((u) => u.id === c.reporterId);
    const intake = visibility === 'full' ? await this.open311.intakeOf(c.id) : null;
    return {
      ...summary,
      ...(visibility === 'full' ? { reporter: reporter ? reporterView(reporter, !!c.contactErasedAt) : null } : {}),
      openRequest: c.openRequest,
      requestedDeadline: c.requestedDeadline?.toISOString() ?? null,
      inspector:
        visibility === 'full' && c.inspectorId ? { id: c.inspectorId, name: users.find((u) => u.id === c.inspectorId)?.name ?? '' } : null,
      duplicateOf: c.duplicateOf,
      history,
      nextActions: viewer ? actionsFor(c, viewer) : [],
      ...(intake ? { open311: intake } : {}),
      ...extra,
    };
  }
}

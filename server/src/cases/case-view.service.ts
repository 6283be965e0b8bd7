import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import { nextActions, type CaseDto, type CaseHistoryDto, type CaseSummaryDto, type MediaDto, type Role } from '@xc/shared';
import { type Actor, hasRole } from '../auth/actor.js';
import { Category } from '../categories/category.entity.js';
import { MediaService } from '../media/media.service.js';
import { District, Street, Unit } from '../org/org.entities.js';
import { User } from '../users/user.entity.js';
import { Case, CaseHistory } from './case.entity.js';
import { isOverdue } from './overdue.js';

/** Who sees what: the reporter and staff see everything; everyone else the public view. */
export type Visibility = 'full' | 'public';

const STAFF_FULL_VIEW: Role[] = ['operator', 'dispatcher', 'inspector', 'evaluator', 'admin'];

export function visibilityOf(c: Pick<Case, 'reporterId' | 'unitId'>, viewer: Actor | null): Visibility {
  if (!viewer) return 'public';
  if (c.reporterId === viewer.id || hasRole(viewer, ...STAFF_FULL_VIEW)) return 'full';
  if (hasRole(viewer, 'handler') && viewer.unitId && viewer.unitId === c.unitId) return 'full';
  return 'public';
}

/** Facts the transition engine decides on. */
export function factsOf(c: Case) {
  return { status: c.status, reporterId: c.reporterId, assignedUnitId: c.unitId, assignedInspectorId: c.inspectorId, openRequest: c.openRequest, rated: c.rating !== null };
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
  ) {}

  async summaries(cases: Case[], now = new Date(), distances?: Map<string, number>): Promise<CaseSummaryDto[]> {
    if (!cases.length) return [];
    const uniq = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))];
    const [categories, units, streets, districts, media] = await Promise.all([
      this.db.getRepository(Category).findBy({ code: In(uniq(cases.map((c) => c.categoryCode))) }),
      this.db.getRepository(Unit).findBy({ id: In(uniq(cases.map((c) => c.unitId))) }),
      this.db.getRepository(Street).findBy({ code: In(uniq(cases.map((c) => c.streetCode))) }),
      this.db.getRepository(District).findBy({ code: In(uniq(cases.map((c) => c.districtCode))) }),
      this.media.toDtos(uniq(cases.flatMap((c) => [...c.mediaIds, ...c.afterMediaIds]))),
    ]);
    const byId = new Map<string, MediaDto>(media.map((m) => [m.id, m]));
    const pick = (ids: string[]) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    return cases.map((c) => {
      const street = streets.find((s) => s.code === c.streetCode);
      const district = districts.find((d) => d.code === c.districtCode);
      const unit = units.find((u) => u.id === c.unitId);
      const dto: CaseSummaryDto = {
        id: c.id,
        caseNo: c.caseNo,
        status: c.status,
        version: c.version,
        channel: c.channel,
        categoryCode: c.categoryCode,
        categoryName: categories.find((k) => k.code === c.categoryCode)?.name ?? null,
        theme: c.theme,
        description: c.description,
        location: { lat: c.lat, lng: c.lng },
        address: c.address,
        gridCode: c.gridCode,
        street: street ? { id: street.code, name: street.name } : null,
        district: district ? { id: district.code, name: district.name } : null,
        unit: unit ? { id: unit.id, name: unit.name } : null,
        deadline: c.deadline?.toISOString() ?? null,
        overdue: isOverdue(c, now),
        reportedAt: c.reportedAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
        media: pick(c.mediaIds),
        afterMedia: pick(c.afterMediaIds),
        rating: c.rating !== null ? { rating: c.rating, comment: c.ratingComment } : null,
      };
      const d = distances?.get(c.id);
      if (d !== undefined) dto.distanceM = Math.round(d);
      return dto;
    });
  }

  async detail(c: Case, viewer: Actor | null, extra: Partial<CaseDto> = {}): Promise<CaseDto> {
    const visibility = visibilityOf(c, viewer);
    const [summary] = await this.summaries([c]);
    const rows = await this.db.getRepository(CaseHistory).find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    const media = await this.media.toDtos([...new Set(rows.flatMap((h) => h.mediaIds))]);
    const userIds = [...new Set([...rows.map((h) => h.actorId), c.reporterId])];
    const users = visibility === 'full' ? await this.db.getRepository(User).findBy({ id: In(userIds) }) : [];
    const unitNames = new Map((await this.db.getRepository(Unit).findBy({ id: In([...new Set(users.map((u) => u.unitId).filter((x): x is string => !!x))]) })).map((u) => [u.id, u.name]));
    const history: CaseHistoryDto[] = rows.map((h) => {
      const user = users.find((u) => u.id === h.actorId);
      return {
        action: h.action as CaseHistoryDto['action'],
        from: h.fromStatus,
        to: h.toStatus,
        at: h.at.toISOString(),
        actor: visibility === 'full' && user ? { role: h.actorRole as Role, name: user.name, ...(user.unitId ? { unit: unitNames.get(user.unitId) } : {}) } : { role: h.actorRole as Role },
        note: h.note,
        media: h.mediaIds.flatMap((id) => media.filter((m) => m.id === id)),
      };
    });
    const reporter = users.find((u) => u.id === c.reporterId);
    return {
      ...summary,
      ...(visibility === 'full' ? { reporter: reporter ? { id: reporter.id, name: reporter.name } : null } : {}),
      openRequest: c.openRequest,
      duplicateOf: c.duplicateOf,
      history,
      nextActions: viewer ? nextActions(factsOf(c), { id: viewer.id, roles: viewer.roles, unitId: viewer.unitId }) : [],
      ...extra,
    };
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import {
  CASE_READER_ROLES,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  OPEN_STATUSES,
  applyChanges,
  changesOf,
  decide,
  maySee,
  type CaseChannel,
  type CaseCountsDto,
  type CaseDto,
  type CaseStatus,
  type CaseSummaryDto,
  type Page,
  type Theme,
} from '@xc/shared';
import { type Actor, hasRole } from '../auth/actor.js';
import { AppError, forbidden, invalid, notFound, unauthenticated } from '../common/app-error.js';
import { insertRows, isUniqueViolation, sqlDate } from '../common/db-utils.js';
import { CategoriesService } from '../categories/categories.service.js';
import { distanceMeters } from '../geo/coords.js';
import { GridsService } from '../grids/grids.service.js';
import { MediaService } from '../media/media.service.js';
import { recordCaseEvent } from '../notifications/outbox.js';
import { UsersService } from '../users/users.service.js';
import { Case, CaseHistory, IdempotencyKey } from './case.entity.js';
import { nextCaseNo } from './case-number.js';
import { CaseViewService, factsOf } from './case-view.service.js';
import type { CreateCaseDto, DuplicatesQueryDto, LocationDto } from './dto/create-case.dto.js';
import type { ListCasesQueryDto } from './dto/list-cases.dto.js';
import { NEAR_SLACK, nearestFirst } from './nearby.js';
import { caseOverdueSql, publicSql, todoNeedsGrids, todoSql } from './lifecycle-sql.js';

/** The duplicate radius of a theme-only search: the default of the categories (50 m). */
const THEME_DUPLICATE_RADIUS_M = 50;
/** At most this many open look-alikes are read per duplicate lookup; the 10 nearest of them are offered. */
const DUPLICATE_CANDIDATES = 20;

/**
 * A report as other services hand it over: the platform's own DTO (validated by the controller),
 * or one from Open311 that may have only an address, to be located during 核实.
 */
export type NewCase = Omit<CreateCaseDto, 'location'> & { location?: LocationDto };

/** Where a report comes from when it is not the platform's own client. */
export interface ReportSource {
  /** Overrides the channel the reporter's role gives (Open311 integrators). */
  channel?: CaseChannel;
  /** Writes the source's own rows in the case's transaction: all or nothing. */
  within?: (tx: EntityManager, c: Case) => Promise<void>;
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly grids: GridsService,
    private readonly categories: CategoriesService,
    private readonly media: MediaService,
    private readonly view: CaseViewService,
    private readonly users: UsersService,
  ) {}

  /**
   * 上报. The same Idempotency-Key from the same user always yields the same case: the key row is
   * written in the case's own transaction, so of two racing requests with one key the second
   * waits on the key (MariaDB's row lock, SQLite's write lock), fails on it, and returns the first
   * one's case.
   */
  async create(actor: Actor, dto: NewCase, idempotencyKey: string | undefined, source: ReportSource = {}): Promise<CaseDto> {
    if (idempotencyKey !== undefined && !/^[\w.:-]{8,128}$/.test(idempotencyKey)) {
      throw invalid({ 'Idempotency-Key': 'Idempotency-Key 应为 8–128 位字母、数字或 -_.:' });
    }
    const key = idempotencyKey ? { value: idempotencyKey, hash: createHash('sha256').update(JSON.stringify(dto)).digest('hex') } : null;
    if (key) {
      const earlier = await this.caseForKey(actor, key);
      if (earlier) return earlier;
    }
    const prepared = await this.prepare(actor, dto);
    try {
      return await this.insertCase(actor, prepared, key, source);
    } catch (e) {
      if (key && isUniqueViolation(e)) {
        const earlier = await this.caseForKey(actor, key);
        if (earlier) return earlier;
      }
      throw e;
    }
  }

  /** The case an earlier request with this key created; 409 when the key came with another body. */
  private async caseForKey(actor: Actor, key: { value: string; hash: string }): Promise<CaseDto | null> {
    const row = await this.db.getRepository(IdempotencyKey).findOneBy({ userId: actor.id, key: key.value });
    if (!row?.caseId) return null;
    if (row.requestHash !== key.hash) throw new AppError('CONFLICT', '同一个 Idempotency-Key 不能用于不同的上报内容');
    return this.get(actor, row.caseId);
  }

  /** Validates everything before anything is written. */
  private async prepare(actor: Actor, dto: NewCase) {
    if (!dto.categoryCode && !dto.theme) throw invalid({ categoryCode: '请选择问题类别或主题' });
    const category = dto.categoryCode ? await this.categories.requireLeaf(dto.categoryCode) : null;
    // Without a location (an address only) the case waits unlocated, without a grid, for 核实.
    const located = dto.location ? await this.locate(dto.location) : null;
    if (!located && !dto.address?.trim()) throw invalid({ location: '请选择问题位置或填写地址' });
    const p = located?.point ?? null;
    const place = located?.place ?? null;
    const selfHandled = dto.selfHandled === true;
    if (selfHandled) {
      if (!CASE_TRANSITIONS['self-handle'].roles.some((r) => hasRole(actor, r))) throw forbidden('只有网格员可以自处理');
      if (!p) throw invalid({ location: '自处理须定位' });
      if (!category) throw invalid({ categoryCode: '自处理须选择问题类别' });
      if (!dto.afterMediaIds?.length) throw invalid({ afterMediaIds: '自处理须上传处置后照片' });
    } else if (dto.afterMediaIds?.length) {
      throw invalid({ afterMediaIds: '只有自处理的上报可以附处置后照片' });
    }
    const media = await this.media.requireOwned(
      actor,
      [...dto.mediaIds, ...(selfHandled ? dto.afterMediaIds! : [])],
      selfHandled ? 'afterMediaIds' : 'mediaIds',
    );
    return { dto, category, location: p, place, selfHandled, media };
  }

  /** A point (WGS84 or GCJ-02) and its grid, street and district; 400 outside the city's grids. */
  async locate(l: LocationDto) {
    const point = this.grids.toWgs84(l.lat, l.lng, l.coord);
    const gridCode = await this.grids.locateCode(point.lat, point.lng);
    const place = gridCode ? await this.grids.placeOf(gridCode) : null;
    if (!place) throw invalid({ location: '该位置不在许昌市城市管理网格范围内' });
    return { point: { lat: round7(point.lat), lng: round7(point.lng) }, place };
  }

  private async insertCase(
    actor: Actor,
    p: Awaited<ReturnType<CasesService['prepare']>>,
    key: { value: string; hash: string } | null,
    source: ReportSource,
  ): Promise<CaseDto> {
    const now = new Date();
    const caseNo = await nextCaseNo(this.db, now);
    const role = hasRole(actor, 'inspector') ? 'inspector' : hasRole(actor, 'citizen') ? 'citizen' : actor.roles[0];
    const c: Case = Object.assign(new Case(), {
      id: randomUUID(),
      caseNo,
      status: 'reported' as CaseStatus,
      version: 1,
      channel: source.channel ?? (role === 'inspector' ? 'patrol' : 'citizen'),
      categoryCode: p.category?.code ?? null,
      theme: p.category?.theme ?? p.dto.theme ?? null,
      description: p.dto.description.trim(),
      lat: p.location?.lat ?? null,
      lng: p.location?.lng ?? null,
      address: p.dto.address?.trim() || null,
      gridCode: p.place?.grid.code ?? null,
      streetCode: p.place?.street.id ?? null,
      districtCode: p.place?.district.id ?? null,
      reporterId: actor.id,
      unitId: null,
      inspectorId: null,
      openRequest: null,
      requestedDeadline: null,
      deadline: null,
      reportedAt: now,
      registeredAt: null,
      dispatchedAt: null,
      lastFinishedAt: null,
      closedAt: null,
      reworked: false,
      selfHandled: p.selfHandled,
      duplicateOf: null,
      mediaIds: p.dto.mediaIds,
      afterMediaIds: [],
      rating: null,
      ratingComment: null,
      ratedAt: null,
      updatedAt: now,
    });
    const history: CaseHistory[] = [
      Object.assign(new CaseHistory(), {
        caseId: c.id,
        seq: 1,
        action: 'report',
        fromStatus: null,
        toStatus: 'reported',
        actorId: actor.id,
        actorRole: role,
        note: null,
        mediaIds: p.dto.mediaIds,
        data: null,
        at: now,
      }),
    ];
    if (p.selfHandled) {
      // 自处理: found and fixed on the spot, by the table's rule (registered, finished and closed at once).
      const verdict = decide('self-handle', factsOf(c), { id: actor.id, roles: actor.roles, unitId: actor.unitId });
      if (!verdict.ok) throw forbidden('只有网格员可以自处理');
      const from = c.status;
      Object.assign(c, applyChanges(changesOf('self-handle', verdict.to), c, { mediaIds: p.dto.afterMediaIds ?? [] }, now), {
        status: verdict.to,
        version: 2,
      });
      history.push(
        Object.assign(new CaseHistory(), {
          caseId: c.id,
          seq: 2,
          action: 'self-handle',
          fromStatus: from,
          toStatus: verdict.to,
          actorId: actor.id,
          actorRole: CASE_TRANSITIONS['self-handle'].roles.find((r) => hasRole(actor, r)),
          note: '网格员自处理',
          mediaIds: c.afterMediaIds,
          data: null,
          at: now,
        }),
      );
    }
    await this.db.transaction(async (tx) => {
      // The key first: a racing retry with the same key stops here until this one is done.
      if (key)
        await insertRows(tx, IdempotencyKey, [{ userId: actor.id, key: key.value, requestHash: key.hash, caseId: c.id, createdAt: now }]);
      await insertRows(tx, Case, [c]);
      await insertRows(tx, CaseHistory, history);
      await this.media.attach(tx, [...c.mediaIds, ...c.afterMediaIds], now);
      await source.within?.(tx, c);
      if (!c.selfHandled) await recordCaseEvent(tx, 'report', c, actor.id);
    });
    // By category when known, else by theme (a theme-only report has duplicates too); none without a place.
    const possibleDuplicates = p.location
      ? await this.duplicatesOf(
          p.category ? { categoryCode: p.category.code, theme: p.category.theme } : { theme: c.theme! },
          p.category?.duplicateRadiusM ?? THEME_DUPLICATE_RADIUS_M,
          p.location,
          c.id,
        )
      : [];
    // The reply is built from what this request already holds: no reading back.
    return this.view.fresh(
      c,
      history,
      { actorName: null, category: p.category, place: p.place, media: p.media, possibleDuplicates },
      actor,
    );
  }

  /**
   * Open cases that may be the same problem (附近已有相同问题): of the category within its duplicate
   * radius, or of the theme when the category is not known (`theme` in place of `categoryCode`).
   */
  async duplicates(q: DuplicatesQueryDto): Promise<CaseSummaryDto[]> {
    const p = this.grids.toWgs84(q.lat, q.lng, q.coord);
    if (q.categoryCode) {
      const category = await this.categories.requireLeaf(q.categoryCode);
      return this.duplicatesOf({ categoryCode: category.code, theme: category.theme }, category.duplicateRadiusM, p, null);
    }
    if (!q.theme) throw invalid({ categoryCode: '请提供问题类别 categoryCode 或主题 theme' });
    return this.duplicatesOf({ theme: q.theme }, THEME_DUPLICATE_RADIUS_M, p, null);
  }

  /**
   * By category: that category, and theme-only reports of its theme (their category is not known
   * yet). By theme: every open case of the theme.
   */
  private async duplicatesOf(
    match: { categoryCode?: string; theme: Theme | null },
    radiusM: number,
    p: { lat: number; lng: number },
    exceptId: string | null,
  ): Promise<CaseSummaryDto[]> {
    const box = boxAround(p, radiusM);
    // One range read of idx_cases_category_status (category or none, open status, lat; lng checked
    // in the index) or of idx_cases_theme_status, stopped after DUPLICATE_CANDIDATES rows. No ORDER
    // BY: sorting would read every open look-alike at the spot first. The nearest are chosen below;
    // a spot with more open look-alikes than that offers some of them, enough to refuse 重复上报.
    const qb = this.db.getRepository(Case).createQueryBuilder('c');
    if (match.categoryCode && match.theme)
      // Theme-only reports of the category's theme count too: their category is not known yet.
      qb.where('(c.category_code = :categoryCode OR (c.category_code IS NULL AND c.theme = :theme))', match);
    else if (match.categoryCode) qb.where('c.category_code = :categoryCode', match);
    else qb.where('c.theme = :theme', match);
    const rows = await qb
      .andWhere('c.status IN (:...open)', { open: OPEN_STATUSES.filter((s) => s !== 'pending') })
      .andWhere('c.lat BETWEEN :minLat AND :maxLat AND c.lng BETWEEN :minLng AND :maxLng', box)
      .limit(DUPLICATE_CANDIDATES)
      .getMany();
    // Rows inside the box have a location (BETWEEN never matches NULL).
    const distances = new Map(rows.map((c) => [c.id, distanceMeters([p.lng, p.lat], [c.lng!, c.lat!])]));
    const near = rows
      .filter((c) => c.id !== exceptId && distances.get(c.id)! <= radiusM)
      .sort((a, b) => distances.get(a.id)! - distances.get(b.id)! || b.reportedAt.getTime() - a.reportedAt.getTime());
    return this.view.summaries(near.slice(0, 10), new Date(), distances);
  }

  async get(viewer: Actor | null, id: string): Promise<CaseDto> {
    const c = await this.db.getRepository(Case).findOneBy({ id });
    // A case this viewer may not see (refused, voided: not public) does not exist for them.
    if (!c || !maySee(c, viewer)) throw notFound('问题不存在');
    return this.view.detail(c, viewer);
  }

  /** The query of a list (scope and filters), shared by the page and its counts. */
  private async filtered(viewer: Actor | null, q: ListCasesQueryDto, now: Date): Promise<SelectQueryBuilder<Case>> {
    const scope = q.scope ?? 'public';
    const qb = this.db.getRepository(Case).createQueryBuilder('c');
    if (scope !== 'public' && !viewer) throw unauthenticated();
    if (scope === 'mine') qb.where('c.reporter_id = :me', { me: viewer!.id });
    else if (scope === 'public') qb.where(publicSql('c'));
    else if (scope === 'todo') await this.todoFilter(qb, viewer!);
    else {
      if (!hasRole(viewer!, 'operator', 'dispatcher', 'inspector', 'handler', 'evaluator', 'admin'))
        throw forbidden('只有工作人员可以查看全部问题');
      qb.where('1 = 1');
      if (!hasRole(viewer!, ...CASE_READER_ROLES)) qb.andWhere('c.unit_id = :myUnit', { myUnit: viewer!.unitId ?? '-' });
    }

    if (q.status) {
      const statuses = q.status.split(',');
      const bad = statuses.filter((s) => !(CASE_STATUSES as readonly string[]).includes(s));
      if (bad.length) throw invalid({ status: `未知的状态 ${bad.join('、')}` });
      qb.andWhere('c.status IN (:...statuses)', { statuses });
    }
    if (q.unitId) qb.andWhere('c.unit_id = :unitId', { unitId: q.unitId });
    if (q.gridCode) qb.andWhere('c.grid_code = :gridCode', { gridCode: q.gridCode });
    if (q.categoryCode)
      qb.andWhere(q.categoryCode.length === 4 ? 'c.category_code LIKE :cat' : 'c.category_code = :cat', {
        cat: q.categoryCode.length === 4 ? `${q.categoryCode}%` : q.categoryCode,
      });
    if (q.overdue) qb.andWhere(q.overdue === 'true' ? caseOverdueSql('c') : `NOT ${caseOverdueSql('c')}`, { now: sqlDate(now) });
    if (q.bbox) {
      const [minLng, minLat, maxLng, maxLat] = q.bbox.split(',').map(Number);
      if (minLng >= maxLng || minLat >= maxLat) throw invalid({ bbox: 'bbox 的最小值须小于最大值' });
      qb.andWhere('c.lat BETWEEN :bMinLat AND :bMaxLat AND c.lng BETWEEN :bMinLng AND :bMaxLng', {
        bMinLat: minLat,
        bMaxLat: maxLat,
        bMinLng: minLng,
        bMaxLng: maxLng,
      });
    }
    return qb;
  }

  /** Counts of a list by status, and how many are overdue (the 工作台 strip), by one aggregate. */
  async counts(viewer: Actor | null, q: ListCasesQueryDto): Promise<CaseCountsDto> {
    const now = new Date();
    const qb = await this.filtered(viewer, q, now);
    const rows = await qb
      .select('c.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect(`SUM(CASE WHEN ${caseOverdueSql('c', ':nowCount')} THEN 1 ELSE 0 END)`, 'overdue')
      .setParameter('nowCount', sqlDate(now))
      .groupBy('c.status')
      .getRawMany<{ status: CaseStatus; n: number; overdue: number }>();
    return {
      total: rows.reduce((s, r) => s + Number(r.n), 0),
      overdue: rows.reduce((s, r) => s + Number(r.overdue ?? 0), 0),
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    };
  }

  /** Lists with cursor pagination. Handlers see only their unit's cases; citizens only their own in `mine`. */
  async list(viewer: Actor | null, q: ListCasesQueryDto): Promise<Page<CaseSummaryDto>> {
    const scope = q.scope ?? 'public';
    const limit = q.limit ?? 20;
    const now = new Date();
    const qb = await this.filtered(viewer, q, now);

    if (q.near) {
      // Nearest first within a radius: one page, no cursor (a radius bounds the set).
      // The database orders by a flat-earth distance (exact enough at a few kilometres), the
      // newest first among equals; the page is then ordered by the real distance to the metre.
      const [lat, lng] = q.near.split(',').map(Number);
      const radius = q.radius ?? 2000;
      const box = boxAround({ lat, lng }, radius);
      const d2 = '((c.lat - :nLat) * (c.lat - :nLat) + (c.lng - :nLng) * (c.lng - :nLng) * :nCos2)';
      const rows = await qb
        .andWhere('c.lat BETWEEN :minLat AND :maxLat AND c.lng BETWEEN :minLng AND :maxLng', box)
        .addSelect(d2, 'near_d2')
        .setParameters({ nLat: lat, nLng: lng, nCos2: Math.cos((lat * Math.PI) / 180) ** 2 })
        .orderBy('near_d2', 'ASC')
        .addOrderBy('c.reported_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .limit(limit + NEAR_SLACK)
        .getMany();
      const distances = new Map(rows.map((c) => [c.id, distanceMeters([lng, lat], [c.lng!, c.lat!])]));
      const near = nearestFirst(
        rows.filter((c) => distances.get(c.id)! <= radius),
        distances,
      ).slice(0, limit);
      return { items: await this.view.summaries(near, now, distances, viewer), nextCursor: null };
    }

    // Handlers' to-do list runs by deadline (overdue first); everything else newest first.
    const byDeadline = scope === 'todo' && hasRole(viewer!, 'handler');
    const cursor = decodeCursor(q.cursor);
    if (byDeadline) {
      qb.addSelect("COALESCE(c.deadline, '9999-12-31 00:00:00')", 'sort_key');
      if (cursor)
        qb.andWhere(
          new Brackets((b) =>
            b
              .where("COALESCE(c.deadline, '9999-12-31 00:00:00') > :ck", { ck: cursor.k })
              .orWhere("(COALESCE(c.deadline, '9999-12-31 00:00:00') = :ck AND c.id > :cid)", { ck: cursor.k, cid: cursor.id }),
          ),
        );
      qb.orderBy('sort_key', 'ASC').addOrderBy('c.id', 'ASC');
    } else {
      if (cursor)
        qb.andWhere(
          new Brackets((b) =>
            b
              .where('c.reported_at < :ck', { ck: cursor.k })
              .orWhere('(c.reported_at = :ck AND c.id < :cid)', { ck: cursor.k, cid: cursor.id }),
          ),
        );
      qb.orderBy('c.reported_at', 'DESC').addOrderBy('c.id', 'DESC');
    }
    const rows = await qb.take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(byDeadline ? (last.deadline ? sqlDate(last.deadline) : '9999-12-31 00:00:00') : sqlDate(last.reportedAt), last.id)
        : null;
    return { items: await this.view.summaries(page, now, undefined, viewer), nextCursor };
  }

  /** The caller's to-do (工作台), as the lifecycle table assigns it by role. */
  private async todoFilter(qb: SelectQueryBuilder<Case>, actor: Actor): Promise<void> {
    const grids = todoNeedsGrids(actor.roles) ? (await this.users.gridLinks([actor.id])).map((g) => g.gridCode) : [];
    const todo = todoSql(actor, grids, 'c');
    if (todo) return void qb.where(todo.sql, todo.params);
    if (!hasRole(actor, 'evaluator', 'admin')) throw forbidden('只有工作人员有待办');
    qb.where('1 = 0');
  }

  /** The street a case's grid belongs to, for suggesting the unit to dispatch to. */
  streetOf(code: string | null) {
    return code ? this.grids.findStreet(code) : null;
  }

  findMany(ids: string[]) {
    return this.db.getRepository(Case).findBy({ id: In(ids) });
  }
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

/** A lat/lng box that contains the circle of `radiusM` around `p` (prefilter before exact distance). */
function boxAround(p: { lat: number; lng: number }, radiusM: number) {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

function encodeCursor(k: string, id: string): string {
  return Buffer.from(JSON.stringify({ k, id })).toString('base64url');
}

function decodeCursor(raw: string | undefined): { k: string; id: string } | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof v.k === 'string' && typeof v.id === 'string' && /^[\d :.-]+$/.test(v.k)) return v;
  } catch {
    /* fall through */
  }
  throw invalid({ cursor: '分页游标无效' });
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull, LessThanOrEqual, type Repository } from 'typeorm';
import type { EvaluationGroupDto } from '@xc/shared';
import { AppError, invalid, notFound } from '../common/app-error.js';
import { Cached } from '../common/cached.js';
import { cityMonthOf } from '../common/month.js';
import type { CreateUnitDto, MoveUnitDto, UpdateUnitDto } from './dto/org.dto.js';
import { CacheBus } from '../redis/cache-bus.js';
import { GridsService } from '../grids/grids.service.js';
import { EvaluationGroup, GroupMembership, Unit } from './org.entities.js';

@Injectable()
export class OrgService {
  /** Every unit by id (a small table every case card names). */
  readonly units = new Cached(async () => new Map((await this.unitRepo().find()).map((u) => [u.id, u])));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(EvaluationGroup) private readonly groups: Repository<EvaluationGroup>,
    @InjectRepository(GroupMembership) private readonly memberships: Repository<GroupMembership>,
    private readonly caches: CacheBus,
    private readonly geography: GridsService,
  ) {
    caches.on('units', () => this.units.invalidate());
  }

  /** Groups in bulletin order with the units that belong to each in `month` (default: this month). */
  private unitRepo() {
    return this.db.getRepository(Unit);
  }

  async listGroups(month = cityMonthOf()): Promise<EvaluationGroupDto[]> {
    const groups = await this.groups.find({ order: { order: 'ASC' } });
    const rows = await this.memberships
      .createQueryBuilder('m')
      .innerJoin(Unit, 'u', 'u.id = m.unit_id')
      .select(['m.group_code AS groupCode', 'm.sort_order AS sortOrder', 'u.id AS id', 'u.name AS name'])
      .where('m.from_month <= :month', { month })
      .andWhere('(m.to_month IS NULL OR m.to_month > :month)', { month })
      .orderBy('m.group_code')
      .addOrderBy('m.sort_order')
      .getRawMany<{ groupCode: string; sortOrder: number; id: string; name: string }>();
    return groups.map((g) => ({
      code: g.code,
      name: g.name,
      order: g.order,
      units: rows.filter((r) => r.groupCode === g.code).map((r) => ({ id: r.id, name: r.name })),
    }));
  }

  async getUnit(id: string): Promise<Unit> {
    const unit = await this.unitRepo().findOneBy({ id });
    if (!unit) throw notFound('单位不存在');
    return unit;
  }

  async createUnit(dto: CreateUnitDto): Promise<Unit> {
    const fromMonth = dto.fromMonth ?? cityMonthOf();
    return this.db
      .transaction(async (tx) => {
        if (!(await tx.findOneBy(EvaluationGroup, { code: dto.groupCode }))) throw invalid({ groupCode: '考评组不存在' });
        if (dto.districtCode && !(await this.geography.districtExists(dto.districtCode))) throw invalid({ districtCode: '区不存在' });
        if (dto.streetCode && !(await this.geography.streetExists(dto.streetCode))) throw invalid({ streetCode: '街道不存在' });
        if (await tx.findOneBy(Unit, { name: dto.name }))
          throw new AppError('CONFLICT', '已有同名单位', { fields: { name: '已有同名单位' } });
        const unit = tx.create(Unit, {
          id: `U${randomUUID().replace(/-/g, '').slice(0, 12)}`,
          name: dto.name,
          kind: dto.kind,
          districtCode: dto.districtCode ?? null,
          streetCode: dto.streetCode ?? null,
          status: 'source',
          active: true,
        });
        await tx.save(unit);
        const last = await tx
          .createQueryBuilder(GroupMembership, 'm')
          .select('MAX(m.sort_order)', 'max')
          .where('m.group_code = :g', { g: dto.groupCode })
          .getRawOne<{ max: number | null }>();
        await tx.insert(GroupMembership, {
          groupCode: dto.groupCode,
          unitId: unit.id,
          order: Number(last?.max ?? 0) + 1,
          fromMonth,
          toMonth: null,
        });
        return unit;
      })
      .finally(() => this.caches.invalidate('units'));
  }

  async updateUnit(id: string, dto: UpdateUnitDto): Promise<Unit> {
    const unit = await this.getUnit(id);
    if (dto.name && dto.name !== unit.name && (await this.unitRepo().findOneBy({ name: dto.name }))) {
      throw new AppError('CONFLICT', '已有同名单位', { fields: { name: '已有同名单位' } });
    }
    Object.assign(unit, dto);
    const saved = await this.unitRepo().save(unit);
    this.caches.invalidate('units');
    return saved;
  }

  /**
   * Moves a unit to another group from a month on. The open membership ends where the new one
   * begins, so rankings of earlier months keep the membership they were computed with.
   */
  async moveUnit(id: string, dto: MoveUnitDto): Promise<{ unitId: string; groupCode: string; fromMonth: string }> {
    await this.getUnit(id);
    return this.db.transaction(async (tx) => {
      if (!(await tx.findOneBy(EvaluationGroup, { code: dto.groupCode }))) throw invalid({ groupCode: '考评组不存在' });
      const open = await tx.findOneBy(GroupMembership, { unitId: id, toMonth: IsNull() });
      if (open && open.fromMonth >= dto.fromMonth) throw invalid({ fromMonth: `须晚于当前分组的起始月份 ${open.fromMonth}` });
      if (open) await tx.update(GroupMembership, { id: open.id }, { toMonth: dto.fromMonth });
      const last = await tx
        .createQueryBuilder(GroupMembership, 'm')
        .select('MAX(m.sort_order)', 'max')
        .where('m.group_code = :g', { g: dto.groupCode })
        .getRawOne<{ max: number | null }>();
      await tx.insert(GroupMembership, {
        groupCode: dto.groupCode,
        unitId: id,
        order: dto.order ?? Number(last?.max ?? 0) + 1,
        fromMonth: dto.fromMonth,
        toMonth: null,
      });
      return { unitId: id, groupCode: dto.groupCode, fromMonth: dto.fromMonth };
    });
  }

  /** A unit by id, or null (read from the database, not the cache). */
  findUnit(id: string): Promise<Unit | null> {
    return this.unitRepo().findOneBy({ id });
  }

  /** Units by id (unknown ids are absent). */
  findUnits(ids: readonly string[]): Promise<Unit[]> {
    return ids.length ? this.unitRepo().findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** Every unit, active or not. */
  allUnits(): Promise<Unit[]> {
    return this.unitRepo().find();
  }

  groupExists(code: string): Promise<boolean> {
    return this.groups.existsBy({ code });
  }

  /** Evaluation groups in bulletin order. */
  groupsInOrder(): Promise<EvaluationGroup[]> {
    return this.groups.find({ order: { order: 'ASC' } });
  }

  findGroup(code: string): Promise<EvaluationGroup | null> {
    return this.groups.findOneBy({ code });
  }

  /**
   * Every unit's membership in `month` with its name: the membership a ranking keeps. `tx`: read
   * inside the caller's transaction (an evaluation computed and stored at once).
   */
  async membersIn(
    month: string,
    tx: EntityManager = this.db.manager,
  ): Promise<{ unitId: string; unitName: string; groupCode: string; sortOrder: number }[]> {
    return tx
      .createQueryBuilder(GroupMembership, 'm')
      .innerJoin(Unit, 'u', 'u.id = m.unit_id')
      .select(['m.unit_id AS unitId', 'u.name AS unitName', 'm.group_code AS groupCode', 'm.sort_order AS sortOrder'])
      .where('m.from_month <= :month AND (m.to_month IS NULL OR m.to_month > :month)', { month })
      .getRawMany<{ unitId: string; unitName: string; groupCode: string; sortOrder: number }>();
  }

  /** The ids of the units in a group in `month`. */
  async unitIdsOfGroup(groupCode: string, month: string): Promise<string[]> {
    const rows = await this.memberships
      .createQueryBuilder('m')
      .select('m.unit_id', 'unitId')
      .where('m.group_code = :groupCode AND m.from_month <= :month AND (m.to_month IS NULL OR m.to_month > :month)', { groupCode, month })
      .getRawMany<{ unitId: string }>();
    return rows.map((r) => r.unitId);
  }

  /** The group a unit belonged to in `month`, or null. */
  async groupOf(unitId: string, month: string): Promise<string | null> {
    const rows = await this.memberships.find({ where: { unitId, fromMonth: LessThanOrEqual(month) }, order: { fromMonth: 'DESC' } });
    const m = rows.find((r) => r.toMonth === null || r.toMonth > month);
    return m?.groupCode ?? null;
  }
}

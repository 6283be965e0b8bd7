import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import type { Role, StaffDto, UserDto } from '@xc/shared';
import { notFound } from '../common/app-error.js';
import { TtlCache } from '../common/ttl-cache.js';
import { CacheBus } from '../redis/cache-bus.js';
import { GridsService } from '../grids/grids.service.js';
import { OrgService } from '../org/org.service.js';
import { InspectorGrid, User } from './user.entity.js';

type Recipient = Pick<User, 'id' | 'openid' | 'roles'>;

/**
 * How long a unit's or a role's recipients are kept when no change reaches this process (the cache
 * bus empties them on every process within milliseconds of a change; this bounds a lost message).
 */
const RECIPIENTS_TTL_MS = 30_000;

@Injectable()
export class UsersService {
  /**
   * The active accounts of a unit or a role: every report notifies the operators, so without this
   * each one would read through all accounts (roles are a list in one column, not indexable).
   */
  private readonly groupRecipients = new TtlCache<Recipient[]>(RECIPIENTS_TTL_MS, 500);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(InspectorGrid) private readonly inspectorGrids: Repository<InspectorGrid>,
    private readonly org: OrgService,
    private readonly grids: GridsService,
    private readonly caches: CacheBus,
  ) {
    caches.on('recipients', () => this.groupRecipients.clear());
  }

  /** Call after an account's roles, unit, activity or WeChat binding changed (and its transaction committed). */
  forgetRecipients(): void {
    this.caches.invalidate('recipients');
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Users by id (unknown ids are absent). */
  findByIds(ids: readonly string[]): Promise<User[]> {
    return ids.length ? this.users.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /**
   * People with a patrol role (网格巡查), by username; with `gridCodes`, only those assigned to at
   * least one of those grids.
   */
  async withPatrolRole(gridCodes?: readonly string[]): Promise<User[]> {
    if (gridCodes && !gridCodes.length) return [];
    const qb = this.users.createQueryBuilder('u').where('u.patrol_role IS NOT NULL');
    if (gridCodes)
      qb.andWhere((sub) => {
        const q = sub
          .subQuery()
          .select('ig.user_id')
          .from(InspectorGrid, 'ig')
          .where('ig.grid_code IN (:...gridCodes)', { gridCodes: [...new Set(gridCodes)] });
        return `u.id IN ${q.getQuery()}`;
      });
    return qb.orderBy('u.username', 'ASC').getMany();
  }

  /** Who is assigned to these grids and is an inspector now (the 派发核实/核查 candidates). */
  async inspectorsOfGrids(gridCodes: readonly string[]): Promise<InspectorGrid[]> {
    if (!gridCodes.length) return [];
    const rows = await this.inspectorGrids
      .createQueryBuilder('ig')
      .innerJoin(User, 'u', 'u.id = ig.user_id')
      .select('ig.user_id', 'userId')
      .addSelect('ig.grid_code', 'gridCode')
      .addSelect('u.roles', 'roles')
      .where('ig.grid_code IN (:...gridCodes)', { gridCodes: [...new Set(gridCodes)] })
      .getRawMany<{ userId: string; gridCode: string; roles: string }>();
    return rows.filter((r) => r.roles.split(',').includes('inspector')).map((r) => ({ userId: r.userId, gridCode: r.gridCode }));
  }

  /**
   * Active accounts a notification goes to: one user, the handlers of a unit, or everyone with a
   * role (only what a delivery needs: id, openid, roles).
   */
  activeRecipients(a: { user: string } | { unit: string } | { role: Role }): Promise<Recipient[]> {
    const select = { id: true, openid: true, roles: true } as const;
    if ('user' in a) return this.users.find({ select, where: { id: a.user, active: true } });
    if ('unit' in a)
      return this.groupRecipients.get(`unit:${a.unit}`, async () =>
        (await this.users.find({ select, where: { unitId: a.unit, active: true } })).filter((u) => u.roles.includes('handler')),
      );
    return this.groupRecipients.get(`role:${a.role}`, async () =>
      (
        await this.users
          .createQueryBuilder('u')
          .select(['u.id', 'u.openid', 'u.roles'])
          .where('u.active = 1 AND u.roles LIKE :r', { r: `%${a.role}%` })
          .getMany()
      ).filter((u) => u.roles.includes(a.role)),
    );
  }

  /** The grid assignments of these inspectors. */
  gridLinks(userIds: readonly string[]): Promise<InspectorGrid[]> {
    return userIds.length ? this.inspectorGrids.findBy({ userId: In([...new Set(userIds)]) }) : Promise.resolve([]);
  }

  /** What every request's token check needs of a user. */
  tokenState(id: string): Promise<Pick<User, 'id' | 'tokenVersion' | 'active' | 'deletedAt'> | null> {
    return this.users.findOne({ where: { id }, select: { id: true, tokenVersion: true, active: true, deletedAt: true } });
  }

  async setPhone(id: string, phone: string | null): Promise<void> {
    await this.users.update({ id }, { phone });
  }

  /**
   * 注销账号, inside the caller's transaction: the row stays (cases point at it) but holds nothing
   * of the person any more.
   */
  async anonymize(id: string, deletedName: string, tx: EntityManager): Promise<void> {
    await tx.update(
      User,
      { id },
      { name: deletedName, username: `deleted-${id}`, openid: null, phone: null, active: false, deletedAt: new Date() },
    );
  }

  /** Moves the user's token version on inside the caller's transaction: older access tokens stop working. */
  async bumpTokenVersion(id: string, tx: EntityManager): Promise<void> {
    await tx.increment(User, { id }, 'tokenVersion', 1);
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('用户不存在');
    return user;
  }

  /** The citizen account behind a WeChat openid, created on first login. */
  async findOrCreateByOpenid(openid: string): Promise<User> {
    const existing = await this.users.findOneBy({ openid });
    if (existing) return existing;
    const user = this.users.create({
      id: randomUUID(),
      username: `wx-${openid.slice(-12)}-${randomUUID().slice(0, 4)}`,
      name: '微信用户',
      openid,
      roles: ['citizen'],
      patrolRole: null,
      unitId: null,
      active: true,
      tokenVersion: 0,
    });
    try {
      const saved = await this.users.save(user);
      this.forgetRecipients();
      return saved;
    } catch (e) {
      // Two first logins racing: the other one created it.
      const again = await this.users.findOneBy({ openid });
      if (again) return again;
      throw e;
    }
  }

  /**
   * Staff as other staff see them: for the inspector picker of 派发核实/核查 and the like. Those
   * assigned to `gridCode` come first.
   */
  async staff(q: { role?: Role; unitId?: string; gridCode?: string }): Promise<StaffDto[]> {
    const qb = this.users.createQueryBuilder('u').where("u.roles <> 'citizen'");
    if (q.role)
      qb.andWhere('(u.roles = :r OR u.roles LIKE :r1 OR u.roles LIKE :r2 OR u.roles LIKE :r3)', {
        r: q.role,
        r1: `${q.role},%`,
        r2: `%,${q.role}`,
        r3: `%,${q.role},%`,
      });
    if (q.unitId) qb.andWhere('u.unit_id = :unitId', { unitId: q.unitId });
    const users = await qb.orderBy('u.username', 'ASC').take(500).getMany();
    const links = users.length ? await this.inspectorGrids.findBy({ userId: In(users.map((u) => u.id)) }) : [];
    const grids = await this.grids.findByCodes(links.map((l) => l.gridCode));
    const units = await this.org.findUnits(users.map((u) => u.unitId).filter((x): x is string => !!x));
    const out = users.map((u) => ({
      id: u.id,
      name: u.name,
      roles: u.roles,
      patrolRole: u.patrolRole,
      unit: u.unitId ? { id: u.unitId, name: units.find((x) => x.id === u.unitId)?.name ?? '' } : null,
      grids: links
        .filter((l) => l.userId === u.id)
        .map((l) => ({ code: l.gridCode, name: grids.find((g) => g.code === l.gridCode)?.name ?? '' })),
    }));
    if (q.gridCode)
      out.sort((a, b) => Number(b.grids.some((g) => g.code === q.gridCode)) - Number(a.grids.some((g) => g.code === q.gridCode)));
    return out;
  }

  /** What `GET /api/v1/me` shows: roles, unit, and for an inspector the grids and patrol role. */
  async toDto(user: User): Promise<UserDto> {
    const unit = user.unitId ? await this.org.findUnit(user.unitId) : null;
    const assigned = await this.inspectorGrids.findBy({ userId: user.id });
    const grids = await this.grids.findByCodes(assigned.map((g) => g.gridCode));
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      roles: user.roles,
      unit: unit ? { id: unit.id, name: unit.name } : null,
      patrolRole: user.patrolRole,
      grids: grids.map((g) => ({ code: g.code, name: g.name })),
      active: user.active,
    };
  }
}

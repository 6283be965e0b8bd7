import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { Role, StaffDto, UserDto } from '@xc/shared';
import { notFound } from '../common/app-error.js';
import { Grid, Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(InspectorGrid) private readonly inspectorGrids: Repository<InspectorGrid>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
  ) {}

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
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
      return await this.users.save(user);
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
    const grids = links.length
      ? await this.grids.find({ where: { code: In([...new Set(links.map((l) => l.gridCode))]) }, select: { code: true, name: true } })
      : [];
    const units = await this.units.findBy({ id: In([...new Set(users.map((u) => u.unitId).filter((x): x is string => !!x))]) });
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
    const unit = user.unitId ? await this.units.findOneBy({ id: user.unitId }) : null;
    const assigned = await this.inspectorGrids.findBy({ userId: user.id });
    const grids = assigned.length
      ? await this.grids.find({ where: { code: In(assigned.map((g) => g.gridCode)) }, order: { code: 'ASC' } })
      : [];
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

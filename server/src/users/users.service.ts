import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { UserDto } from '@xc/shared';
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

  /** What `GET /api/v1/me` shows: roles, unit, and for an inspector the grids and patrol role. */
  async toDto(user: User): Promise<UserDto> {
    const unit = user.unitId ? await this.units.findOneBy({ id: user.unitId }) : null;
    const assigned = await this.inspectorGrids.findBy({ userId: user.id });
    const grids = assigned.length ? await this.grids.find({ where: { code: In(assigned.map((g) => g.gridCode)) }, order: { code: 'ASC' } }) : [];
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      roles: user.roles,
      unit: unit ? { id: unit.id, name: unit.name } : null,
      patrolRole: user.patrolRole,
      grids: grids.map((g) => ({ code: g.code, name: g.name })),
    };
  }
}

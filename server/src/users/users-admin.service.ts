import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { UserDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { AuthStateService } from '../auth/auth-state.service.js';
import { AuthService } from '../auth/auth.service.js';
import { AppError, invalid, notFound } from '../common/app-error.js';
import { GridsService } from '../grids/grids.service.js';
import { OrgService } from '../org/org.service.js';
import type { CreateUserDto, UpdateUserDto } from './dto/users.dto.js';
import { InspectorGrid, User } from './user.entity.js';
import { UsersService } from './users.service.js';
import { AuditService } from '../privacy/audit.service.js';

/** Staff accounts: roles, the unit a handler belongs to, an inspector's grids and patrol role. */
@Injectable()
export class UsersAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly states: AuthStateService,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly grids: GridsService,
  ) {}

  async create(dto: CreateUserDto, actor?: Actor): Promise<UserDto> {
    const user = await this.db.transaction(async (tx) => {
      if (await tx.findOneBy(User, { username: dto.username }))
        throw new AppError('CONFLICT', '用户名已存在', { fields: { username: '用户名已存在' } });
      const u = tx.create(User, {
        id: randomUUID(),
        username: dto.username,
        name: dto.name,
        openid: null,
        roles: dto.roles,
        patrolRole: dto.patrolRole ?? null,
        unitId: dto.unitId ?? null,
        active: true,
        tokenVersion: 0,
      });
      await this.checkBindings(tx, u, dto.gridCodes ?? []);
      await tx.save(u);
      await this.setGrids(tx, u.id, dto.gridCodes ?? []);
      if (actor) await this.audit.write(actor, 'user.roles', u.id, { from: [], to: u.roles }, tx);
      return u;
    });
    this.users.forgetRecipients();
    return this.users.toDto(user);
  }

  /**
   * Changes an account. A change to what its tokens say (roles, unit) or disabling it ends its
   * access tokens at once; disabling also revokes every sign-in, so refreshing fails too.
   */
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    if (dto.active === false && id === actor.id) throw invalid({ active: '不能停用自己的账号' });
    let revoked = false;
    const user = await this.db.transaction(async (tx) => {
      const u = await tx.findOneBy(User, { id });
      if (!u) throw notFound('用户不存在');
      const before = { roles: u.roles.join(','), unitId: u.unitId, active: u.active };
      if (dto.name !== undefined) u.name = dto.name;
      if (dto.roles !== undefined) u.roles = dto.roles;
      if (dto.unitId !== undefined) u.unitId = dto.unitId;
      if (dto.patrolRole !== undefined) u.patrolRole = dto.patrolRole;
      if (dto.active !== undefined) u.active = dto.active;
      const grids = dto.gridCodes ?? (await tx.findBy(InspectorGrid, { userId: id })).map((g) => g.gridCode);
      await this.checkBindings(tx, u, grids);
      await tx.save(u); // only the changed columns: the token version is moved by `revoke` alone
      if (dto.gridCodes) await this.setGrids(tx, id, dto.gridCodes);
      if (before.roles !== u.roles.join(','))
        await this.audit.write(actor, 'user.roles', id, { from: before.roles.split(','), to: u.roles }, tx);
      revoked = before.roles !== u.roles.join(',') || before.unitId !== u.unitId || before.active !== u.active;
      if (revoked) {
        await this.auth.revoke(id, u.active ? null : 'all', tx);
        u.tokenVersion += 1;
      }
      return u;
    });
    this.users.forgetRecipients();
    if (revoked) await this.states.changed(id);
    return this.users.toDto(user);
  }

  private async checkBindings(tx: EntityManager, u: User, gridCodes: string[]): Promise<void> {
    if (u.roles.includes('handler') && !u.unitId) throw invalid({ unitId: '处置单位人员必须绑定单位' });
    if (u.unitId && !(await this.org.findUnit(u.unitId))) throw invalid({ unitId: '单位不存在' });
    if (gridCodes.length && !u.roles.includes('inspector')) throw invalid({ gridCodes: '只有网格巡查人员可以分配网格' });
    if (u.patrolRole && !u.roles.includes('inspector')) throw invalid({ patrolRole: '只有网格巡查人员可以设置巡查角色' });
    if (gridCodes.length) {
      const found = await this.grids.findByCodes(gridCodes);
      const missing = gridCodes.filter((c) => !found.some((g) => g.code === c));
      if (missing.length) throw invalid({ gridCodes: `网格不存在：${missing.join('、')}` });
    }
  }

  private async setGrids(tx: EntityManager, userId: string, gridCodes: string[]): Promise<void> {
    await tx.delete(InspectorGrid, { userId });
    if (gridCodes.length)
      await tx.insert(
        InspectorGrid,
        [...new Set(gridCodes)].map((gridCode) => ({ userId, gridCode })),
      );
  }
}

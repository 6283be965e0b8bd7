import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { type DataSource, type EntityManager, type EntityTarget, In, type ObjectLiteral } from 'typeorm';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { Category } from '../categories/category.entity.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { bbox } from '../grids/grids.service.js';
import { Community, District, EvaluationGroup, Grid, GroupMembership, Street, Unit } from '../org/org.entities.js';
import { InspectorGrid, User } from '../users/user.entity.js';
import { APP_LOGGER } from '../common/logger.module.js';
import { DEMO_USERS } from './demo-users.js';
import { CATEGORIES, COMMUNITIES, DISTRICTS, GRIDS, GROUPS, HOLIDAYS, STREETS, UNITS } from './reference/index.js';

/** The month from which the seeded group memberships hold (the source bulletin is 2023-02). */
export const SEED_MEMBERSHIP_FROM = '2023-01';

/**
 * Seeds reference data always and demo accounts in demo mode. Idempotent: rows are inserted only
 * when their key is missing, so starting twice changes nothing and admin edits are kept.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inserted = await this.seedReference();
    if (this.config.demo) inserted.users = await this.seedDemoUsers();
    this.logger.info({ inserted, demo: this.config.demo }, 'seed done');
  }

  async seedReference(): Promise<Record<string, number>> {
    return this.db.transaction(async (tx) => {
      const n: Record<string, number> = {};
      n.districts = await insertMissing(tx, District, 'code', DISTRICTS.map(({ code, name, status }) => ({ code, name, status })));
      n.streets = await insertMissing(tx, Street, 'code', STREETS.map(({ code, name, districtCode, type, status }) => ({ code, name, districtCode, type, status })));
      n.communities = await insertMissing(tx, Community, 'code', COMMUNITIES.map(({ code, name, streetCode, status }) => ({ code, name, streetCode, status })));
      n.grids = await insertMissing(
        tx,
        Grid,
        'code',
        GRIDS.map((g) => ({ code: g.code, name: g.name, communityCode: g.communityCode, streetCode: g.streetCode, districtCode: g.districtCode, polygon: g.polygon, ...bbox(g.polygon) })),
      );
      n.groups = await insertMissing(tx, EvaluationGroup, 'code', GROUPS.map(({ code, name, order, listMode, noun }) => ({ code, name, order, listMode, noun })));
      n.units = await insertMissing(
        tx,
        Unit,
        'id',
        UNITS.map((u) => ({ id: u.code, name: u.name, kind: u.kind, districtCode: u.districtCode, streetCode: u.streetCode, status: u.status, active: true })),
      );
      const withMembership = new Set((await tx.find(GroupMembership, { select: { unitId: true } })).map((m) => m.unitId));
      const memberships = UNITS.filter((u) => !withMembership.has(u.code)).map((u) => ({ groupCode: u.groupCode, unitId: u.code, order: u.order, fromMonth: SEED_MEMBERSHIP_FROM, toMonth: null }));
      for (let i = 0; i < memberships.length; i += 100) await tx.insert(GroupMembership, memberships.slice(i, i + 100));
      n.memberships = memberships.length;
      n.categories = await insertMissing(
        tx,
        Category,
        'code',
        CATEGORIES.map((c) => ({
          code: c.code,
          kind: c.kind,
          major: c.major,
          name: c.name,
          parentCode: c.parentCode,
          theme: c.theme,
          timeLimitValue: c.timeLimit?.value ?? null,
          timeLimitUnit: c.timeLimit?.unit ?? null,
          duplicateRadiusM: 50,
          status: c.status,
          active: true,
        })),
      );
      n.calendarDays = await insertMissing(tx, CalendarDay, 'date', HOLIDAYS.map(({ date, kind, name, status }) => ({ date, kind, name, status })));
      return n;
    });
  }

  async seedDemoUsers(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const existing = new Set((await tx.find(User, { where: { username: In(DEMO_USERS.map((u) => u.username)) }, select: { username: true } })).map((u) => u.username));
      const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
      for (const u of missing) {
        await tx.insert(User, { id: u.id, username: u.username, name: u.name, openid: null, roles: u.roles, patrolRole: u.patrolRole ?? null, unitId: u.unitId ?? null });
        for (const gridCode of u.gridCodes ?? []) await tx.insert(InspectorGrid, { userId: u.id, gridCode });
      }
      return missing.length;
    });
  }
}

async function insertMissing<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, key: keyof T & string, rows: T[]): Promise<number> {
  if (!rows.length) return 0;
  const have = new Set((await tx.find(entity, { select: { [key]: true } as never })).map((r) => String(r[key])));
  const missing = rows.filter((r) => !have.has(String(r[key])));
  for (let i = 0; i < missing.length; i += 50) await tx.insert(entity, missing.slice(i, i + 50) as never);
  return missing.length;
}

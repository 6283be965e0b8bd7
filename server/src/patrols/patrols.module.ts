import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { GridsModule } from '../grids/grids.module.js';
import { OrgModule } from '../org/org.module.js';
import { UsersModule } from '../users/users.module.js';
import { PatrolComplianceService } from './patrol-compliance.service.js';
import { Patrol, PatrolPoint, PatrolWeekFigures } from './patrol.entity.js';
import { PatrolsController } from './patrols.controller.js';
import { PatrolsSeed } from './patrols.seed.js';
import { PatrolsService } from './patrols.service.js';

/** Grid patrols (网格巡查): sessions, points, half-days, coverage and weekly compliance. */
@Module({
  imports: [TypeOrmModule.forFeature([Patrol, PatrolPoint, PatrolWeekFigures]), CalendarModule, GridsModule, OrgModule, UsersModule],
  controllers: [PatrolsController],
  providers: [PatrolsService, PatrolComplianceService, PatrolsSeed],
  exports: [PatrolComplianceService, PatrolsSeed],
})
export class PatrolsModule {}

import { Module } from '@nestjs/common';
import { PatrolComplianceService } from './patrol-compliance.service.js';
import { PatrolsController } from './patrols.controller.js';
import { PatrolsSeed } from './patrols.seed.js';
import { PatrolsService } from './patrols.service.js';

/** Grid patrols (网格巡查): sessions, points, half-days, coverage and weekly compliance. */
@Module({
  controllers: [PatrolsController],
  providers: [PatrolsService, PatrolComplianceService, PatrolsSeed],
  exports: [PatrolsService, PatrolComplianceService, PatrolsSeed],
})
export class PatrolsModule {}

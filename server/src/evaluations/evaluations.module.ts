import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgModule } from '../org/org.module.js';
import { PatrolComplianceService } from '../patrols/patrol-compliance.service.js';
import { PatrolsModule } from '../patrols/patrols.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { Evaluation, EvaluationAdjustment, EvaluationScheme, EvaluationScore } from './evaluation.entities.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationsService, PATROL_COMPLIANCE } from './evaluations.service.js';

/** The monthly evaluation: schemes, drafts and published revisions, adjustments, rankings and the bulletin. */
@Module({
  imports: [
    TypeOrmModule.forFeature([EvaluationScheme, Evaluation, EvaluationScore, EvaluationAdjustment]),
    OrgModule,
    PatrolsModule,
    PrivacyModule,
    StatsModule,
  ],
  controllers: [EvaluationsController],
  providers: [
    EvaluationsService,
    // Patrol compliance feeds the evaluation's 网格巡查履职 item.
    { provide: PATROL_COMPLIANCE, useExisting: PatrolComplianceService },
  ],
  exports: [EvaluationsService],
})
export class EvaluationsModule {}

import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { GridsModule } from '../grids/grids.module.js';
import { MediaModule } from '../media/media.module.js';
import { Open311Module } from '../open311/open311.module.js';
import { OrgModule } from '../org/org.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseActionsService } from './case-actions.service.js';
import { CaseRecordsService } from './case-records.service.js';
import { CaseViewService } from './case-view.service.js';
import { Case, CaseCounter, CaseHistory, IdempotencyKey } from './case.entity.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { IdempotencyKeysJob } from './idempotency-keys.job.js';

/** Cases and their history: intake, the lifecycle actions, lists and the case view. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Case, CaseHistory, IdempotencyKey, CaseCounter]),
    CalendarModule,
    CategoriesModule,
    GridsModule,
    MediaModule,
    OrgModule,
    UsersModule,
    forwardRef(() => Open311Module),
  ],
  controllers: [CasesController],
  providers: [CasesService, CaseActionsService, CaseViewService, CaseRecordsService, IdempotencyKeysJob],
  exports: [CasesService, CaseViewService, CaseRecordsService],
})
export class CasesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Open311KeysModule } from '../open311/open311-keys.module.js';
import { OrgModule } from '../org/org.module.js';
import { MonthFigures } from './month-figures.entity.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** Monthly figures per unit (live, and the snapshot kept once a month has closed). */
@Module({
  imports: [TypeOrmModule.forFeature([MonthFigures]), OrgModule, Open311KeysModule],
  controllers: [StatsController],
  providers: [StatsService],
  exports: [StatsService],
})
export class StatsModule {}

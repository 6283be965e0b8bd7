import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GridsModule } from '../grids/grids.module.js';
import { OrgController } from './org.controller.js';
import { EvaluationGroup, GroupMembership, Unit } from './org.entities.js';
import { OrgService } from './org.service.js';

/** Units, evaluation groups and the memberships between them over months. */
@Module({
  imports: [TypeOrmModule.forFeature([EvaluationGroup, Unit, GroupMembership]), GridsModule],
  controllers: [OrgController],
  providers: [OrgService],
  exports: [OrgService],
})
export class OrgModule {}

import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { MediaModule } from '../media/media.module.js';
import { Open311KeysModule } from './open311-keys.module.js';
import { Open311SubmissionsService } from './open311-submissions.service.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Submission } from './open311.entities.js';
import { Open311Service } from './open311.service.js';

/** The Open311 GeoReport v2 endpoints over the cases, and the submissions they record. */
@Module({
  imports: [TypeOrmModule.forFeature([Open311Submission]), Open311KeysModule, forwardRef(() => CasesModule), CategoriesModule, MediaModule],
  controllers: [Open311Controller],
  providers: [Open311Service, Open311SubmissionsService],
  exports: [Open311SubmissionsService],
})
export class Open311Module {}

import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { MediaModule } from '../media/media.module.js';
import { PatrolsModule } from '../patrols/patrols.module.js';
import { SeedService } from './seed.service.js';

/**
 * Reference and demo data at start-up. The one documented exception to "no feature writes another's
 * tables": it loads every table in bulk, in one transaction per step (see seed.service.ts).
 */
@Module({
  imports: [MediaModule, PatrolsModule, EvaluationsModule],
  providers: [SeedService],
})
export class SeedModule {}

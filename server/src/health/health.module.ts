import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module.js';
import { HealthController } from './health.controller.js';
import { HealthState } from './health.state.js';

/** Liveness and readiness: the database, Redis and the photo store. */
@Module({
  imports: [MediaModule],
  controllers: [HealthController],
  providers: [HealthState],
})
export class HealthModule {}

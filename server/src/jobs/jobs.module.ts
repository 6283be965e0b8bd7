import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../common/logger.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MediaModule } from '../media/media.module.js';
import { BullQueue, InProcessQueue, JOB_QUEUE } from './job-queue.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/** The job queue (global: any module may enqueue, see job-queue.ts) and the scheduled clean-ups on it. */
@Global()
@Module({
  imports: [MediaModule],
  controllers: [JobsController],
  providers: [
    {
      provide: JOB_QUEUE,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        config.redis.url ? new BullQueue(config.redis.url, config.redis.keyPrefix, logger) : new InProcessQueue(logger),
    },
    JobsService,
  ],
  exports: [JOB_QUEUE, JobsService],
})
export class JobsModule {}

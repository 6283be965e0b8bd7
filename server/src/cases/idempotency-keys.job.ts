import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobsService } from '../jobs/jobs.service.js';
import { IdempotencyKey } from './case.entity.js';

/** `Idempotency-Key`s of created cases older than IDEMPOTENCY_KEY_TTL_HOURS are deleted hourly. */
@Injectable()
export class IdempotencyKeysJob {
  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'purge-idempotency-keys', everyMs: 3_600_000, run: async (now) => ({ deleted: await this.purge(now) }) });
  }

  async purge(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.jobs.idempotencyKeyTtlHours * 3_600_000);
    return (await this.keys.delete({ createdAt: LessThan(sqlDate(before) as unknown as Date) })).affected ?? 0;
  }
}

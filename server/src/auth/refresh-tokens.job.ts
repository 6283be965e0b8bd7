import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { sqlDate } from '../common/db-utils.js';
import { JobsService } from '../jobs/jobs.service.js';
import { RefreshToken } from './refresh-token.entity.js';

/** Expired refresh tokens are deleted hourly (a scheduled job: one process per period). */
@Injectable()
export class RefreshTokensJob {
  constructor(
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'purge-refresh-tokens', everyMs: 3_600_000, run: async (now) => ({ deleted: await this.purge(now) }) });
  }

  async purge(now: Date): Promise<number> {
    return (await this.tokens.delete({ expiresAt: LessThan(sqlDate(now) as unknown as Date) })).affected ?? 0;
  }
}

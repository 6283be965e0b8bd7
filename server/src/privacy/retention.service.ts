import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull, LessThan } from 'typeorm';
import { Case } from '../cases/case.entity.js';
import { sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Open311Submission } from '../open311/open311.entities.js';
import { monthsBefore } from './retention.js';
import { JobsService } from '../jobs/jobs.service.js';

/** Cases handled per transaction, so a first run over years of cases never holds one long lock. */
const BATCH = 500;

/**
 * The scheduled retention of personal information: on cases closed more than `RETENTION_MONTHS`
 * ago the reporter's contact is erased (the Open311 contact fields, and staff no longer see the
 * reporter's phone or can reveal it). The cases themselves and every figure built on them stay.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'privacy-retention', everyMs: 24 * 3_600_000, run: (now) => this.run(now) });
  }

  async run(now: Date): Promise<Record<string, number>> {
    return { contactsErased: await this.eraseContacts(now) };
  }

  private async eraseContacts(now: Date): Promise<number> {
    const cutoff = monthsBefore(now, this.config.retention.contactMonths);
    let erased = 0;
    for (;;) {
      const ids = (
        await this.db.getRepository(Case).find({
          where: { closedAt: LessThan(sqlDate(cutoff) as unknown as Date), contactErasedAt: IsNull() },
          select: { id: true },
          take: BATCH,
        })
      ).map((c) => c.id);
      if (!ids.length) return erased;
      await this.db.transaction(async (tx) => {
        await tx.update(Open311Submission, { caseId: In(ids) }, { firstName: null, lastName: null, email: null, phone: null });
        await tx.update(Case, { id: In(ids) }, { contactErasedAt: now });
      });
      erased += ids.length;
    }
  }
}

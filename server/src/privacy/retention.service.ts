import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CaseRecordsService } from '../cases/case-records.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Open311SubmissionsService } from '../open311/open311-submissions.service.js';
import { PatrolComplianceService } from '../patrols/patrol-compliance.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { monthsBefore } from './retention.js';

/** Cases handled per transaction, so a first run over years of cases never holds one long lock. */
const BATCH = 500;

/**
 * The scheduled retention of personal information: on cases closed more than `RETENTION_MONTHS`
 * ago the reporter's contact is erased (the Open311 contact fields, and staff no longer see the
 * reporter's phone or can reveal it). The cases themselves and every figure built on them stay.
 * Patrol tracks older than `PATROL_TRACK_RETENTION_MONTHS` are reduced to their weekly figures.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly compliance: PatrolComplianceService,
    private readonly cases: CaseRecordsService,
    private readonly open311: Open311SubmissionsService,
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'privacy-retention', everyMs: 24 * 3_600_000, run: (now) => this.run(now) });
  }

  async run(now: Date): Promise<Record<string, number>> {
    return { contactsErased: await this.eraseContacts(now), patrolTracksDropped: await this.dropPatrolTracks(now) };
  }

  /**
   * Patrols that started more than `PATROL_TRACK_RETENTION_MONTHS` ago lose their points; their
   * weekly figures are kept first (PatrolComplianceService.dropTracksBefore).
   */
  private dropPatrolTracks(now: Date): Promise<number> {
    return this.compliance.dropTracksBefore(monthsBefore(now, this.config.retention.patrolTrackMonths), now, BATCH);
  }

  private async eraseContacts(now: Date): Promise<number> {
    const cutoff = monthsBefore(now, this.config.retention.contactMonths);
    let erased = 0;
    for (;;) {
      const ids = await this.cases.closedWithContactBefore(cutoff, BATCH);
      if (!ids.length) return erased;
      await this.db.transaction(async (tx) => {
        await this.open311.eraseContacts(ids, tx);
        await this.cases.markContactErased(ids, now, tx);
      });
      erased += ids.length;
    }
  }
}

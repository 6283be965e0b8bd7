import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull, LessThan } from 'typeorm';
import { addDays, cityDate, isoWeekOfDate } from '@xc/shared';
import { Case } from '../cases/case.entity.js';
import { sqlDate } from '../common/db-utils.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Open311Submission } from '../open311/open311.entities.js';
import { PatrolComplianceService } from '../patrols/patrol-compliance.service.js';
import { Patrol, PatrolPoint } from '../patrols/patrol.entity.js';
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
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'privacy-retention', everyMs: 24 * 3_600_000, run: (now) => this.run(now) });
  }

  async run(now: Date): Promise<Record<string, number>> {
    return { contactsErased: await this.eraseContacts(now), patrolTracksDropped: await this.dropPatrolTracks(now) };
  }

  /**
   * Patrols that started more than `PATROL_TRACK_RETENTION_MONTHS` ago lose their points: first the
   * half-days and daily coverage of every week they touch are kept (per person), so compliance and
   * the evaluation read the same figures afterwards; the patrol row (distance, counts) stays.
   */
  private async dropPatrolTracks(now: Date): Promise<number> {
    const cutoff = sqlDate(monthsBefore(now, this.config.retention.patrolTrackMonths)) as unknown as Date;
    let dropped = 0;
    for (;;) {
      const patrols = await this.db.getRepository(Patrol).find({
        where: { startedAt: LessThan(cutoff), trackDroppedAt: IsNull() },
        select: { id: true, userId: true, startedAt: true, finishedAt: true, lastT: true },
        take: BATCH,
      });
      if (!patrols.length) return dropped;
      const weeks = new Map<string, Set<string>>();
      for (const p of patrols) {
        const end = p.lastT ?? p.finishedAt ?? p.startedAt;
        for (let d = cityDate(p.startedAt); d <= cityDate(end); d = addDays(d, 1)) {
          const users = weeks.get(isoWeekOfDate(d)) ?? new Set<string>();
          users.add(p.userId);
          weeks.set(isoWeekOfDate(d), users);
        }
      }
      for (const [week, users] of weeks) await this.compliance.keepWeek([...users], week);
      const ids = patrols.map((p) => p.id);
      await this.db.transaction(async (tx) => {
        await tx.delete(PatrolPoint, { patrolId: In(ids) });
        await tx.update(Patrol, { id: In(ids) }, { trackDroppedAt: now });
      });
      dropped += ids.length;
    }
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

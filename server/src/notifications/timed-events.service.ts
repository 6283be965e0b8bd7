import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { CaseRecordsService } from '../cases/case-records.service.js';
import type { Case } from '../cases/case.entity.js';
import { isUniqueViolation, sqlDate } from '../common/db-utils.js';
import { JobsService } from '../jobs/jobs.service.js';
import { OutboxEvent } from './notify.entities.js';
import { recordCaseEvent } from './outbox.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** A closed case not rated after this long gets one reminder to its reporter. */
const RATE_REMINDER_AFTER_MS = 3 * DAY;
/** Older occasions are not announced late (a first run on old data would flood everyone). */
const LOOK_BACK_MS = 7 * DAY;

/**
 * The timed events, found by a scheduled job it registers (JobsService: one process per period): a deadline
 * within 2 working hours (to the unit), a deadline passed (to the unit and the dispatchers), a
 * closed case unrated after 3 days (to the reporter). Each occasion once: its outbox row has a
 * unique key of the case and the deadline (or the case, for the reminder).
 */
@Injectable()
export class TimedEventsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly cases: CaseRecordsService,
    jobs: JobsService,
  ) {
    jobs.schedule({ name: 'notify-timed-events', everyMs: 5 * MINUTE, run: (now) => this.run(now) });
  }

  async run(now: Date): Promise<Record<string, number>> {
    const soonLimit = await this.calendar.deadline(now, 2, 'workhour');
    const dispatched = (where: string, params: Record<string, unknown>) => this.cases.withRunningDeadline(where, params);
    const soon = await dispatched('c.deadline > :now AND c.deadline <= :limit', { now: sqlDate(now), limit: sqlDate(soonLimit) });
    const overdue = await dispatched('c.deadline <= :now AND c.deadline > :since', {
      now: sqlDate(now),
      since: sqlDate(new Date(now.getTime() - LOOK_BACK_MS)),
    });
    const unrated = await this.cases.closedUnrated(
      new Date(now.getTime() - RATE_REMINDER_AFTER_MS),
      new Date(now.getTime() - RATE_REMINDER_AFTER_MS - LOOK_BACK_MS),
    );
    const at = (c: Case) => c.deadline!.toISOString();
    return {
      deadlineSoon: await this.emit('deadline-soon', soon, (c) => `deadline-soon:${c.id}:${at(c)}`),
      overdue: await this.emit('overdue', overdue, (c) => `overdue:${c.id}:${at(c)}`),
      rateReminders: await this.emit('rate-reminder', unrated, (c) => `rate-reminder:${c.id}`),
    };
  }

  /** Writes the events not written before; returns how many are new. */
  private async emit(kind: string, cases: Case[], key: (c: Case) => string): Promise<number> {
    if (!cases.length) return 0;
    const keys = cases.map(key);
    const seen = new Set(
      (await this.db.getRepository(OutboxEvent).find({ select: { dedupKey: true }, where: { dedupKey: In(keys) } })).map((e) => e.dedupKey),
    );
    let made = 0;
    for (const c of cases) {
      if (seen.has(key(c))) continue;
      try {
        await recordCaseEvent(this.db.manager, kind, c, null, null, key(c));
        made++;
      } catch (err) {
        // Another process wrote it first.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    return made;
  }
}

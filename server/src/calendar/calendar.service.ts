import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Between, type DataSource, type Repository } from 'typeorm';
import type { TimeLimitUnit } from '@xc/shared';
import { invalid } from '../common/app-error.js';
import { CacheBus } from '../redis/cache-bus.js';
import { CalendarDay } from './calendar-day.entity.js';
import type { CalendarDayDto } from './dto/calendar.dto.js';
import { addWorkingTime, buildCalendar, type WorkCalendar } from './working-time.js';

/** The holiday calendar (kept per year) and deadline arithmetic on it. */
@Injectable()
export class CalendarService {
  private cached: Promise<WorkCalendar> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(CalendarDay) private readonly days: Repository<CalendarDay>,
    private readonly caches: CacheBus,
  ) {
    caches.on('calendar', () => (this.cached = null));
  }

  year(year: number): Promise<CalendarDay[]> {
    return this.days.find({ where: { date: Between(`${year}-01-01`, `${year}-12-31`) }, order: { date: 'ASC' } });
  }

  /** Replaces one year's exceptions in one transaction: all or nothing. */
  async replaceYear(year: number, days: CalendarDayDto[]): Promise<CalendarDay[]> {
    const seen = new Set<string>();
    days.forEach((d, i) => {
      if (
        !d.date.startsWith(`${year}-`) ||
        Number.isNaN(Date.parse(`${d.date}T00:00:00Z`)) ||
        new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10) !== d.date
      ) {
        throw invalid({ [`days.${i}.date`]: `${d.date} 不是 ${year} 年的有效日期` });
      }
      if (seen.has(d.date)) throw invalid({ [`days.${i}.date`]: `${d.date} 重复` });
      seen.add(d.date);
    });
    await this.db.transaction(async (tx) => {
      await tx.delete(CalendarDay, { date: Between(`${year}-01-01`, `${year}-12-31`) });
      if (days.length)
        await tx.insert(
          CalendarDay,
          days.map((d) => ({ ...d, status: 'source' as const })),
        );
    });
    this.caches.invalidate('calendar');
    return this.year(year);
  }

  calendar(): Promise<WorkCalendar> {
    this.cached ??= this.days.find().then((rows) => buildCalendar(rows));
    this.cached.catch(() => (this.cached = null));
    return this.cached;
  }

  async deadline(start: Date, value: number, unit: TimeLimitUnit): Promise<Date> {
    return addWorkingTime(start, value, unit, await this.calendar());
  }
}

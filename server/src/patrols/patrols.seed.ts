import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/working-time.js';
import { cityDate, cityTime } from '@xc/shared';
import { GridsService } from '../grids/grids.service.js';
import { UsersService } from '../users/users.service.js';
import { Patrol } from './patrol.entity.js';
import { PatrolsService } from './patrols.service.js';
import { simulatePatrol } from './simulator.js';

/** The demo week's plan by ISO weekday (1 = Monday): start time and minutes. 45 minutes is too short to count. */
const PLAN: Record<number, { at: string; minutes: number; jump?: boolean }[]> = {
  1: [{ at: '08:40', minutes: 85 }],
  2: [{ at: '14:30', minutes: 75, jump: true }],
  3: [{ at: '09:10', minutes: 45 }],
  4: [{ at: '15:00', minutes: 95 }],
  5: [{ at: '08:30', minutes: 70 }],
};

const DAY_MS = 86_400_000;
/** As far back as the demo cases go, so the evaluated demo months have patrol figures too. */
const DEMO_PATROL_DAYS = 92;

/**
 * Demo patrols (demo mode with demo cases): the last three months of the demo inspector's
 * patrols, walked by the simulator through their grids and stored through the real ingestion,
 * so that 我的本周 and the compliance page show real figures. Skipped when the user already has
 * patrols, so restarting changes nothing.
 */
@Injectable()
export class PatrolsSeed {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patrols: PatrolsService,
    private readonly users: UsersService,
    private readonly grids: GridsService,
    private readonly calendar: CalendarService,
  ) {}

  async seed(username = 'demo-inspector', now = new Date()): Promise<number> {
    const user = await this.users.findByUsername(username);
    if (!user || (await this.db.getRepository(Patrol).existsBy({ userId: user.id }))) return 0;
    const grids = await this.grids.findByCodes((await this.users.gridLinks([user.id])).map((l) => l.gridCode));
    if (!grids.length) return 0;
    grids.sort((a, b) => a.code.localeCompare(b.code));
    const cal = await this.calendar.calendar();
    let n = 0;
    for (let back = DEMO_PATROL_DAYS; back >= 0; back--) {
      const date = cityDate(new Date(now.getTime() - back * DAY_MS));
      if (!isWorkingDay(date, cal)) continue;
      const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      for (const [k, p] of (PLAN[weekday] ?? []).entries()) {
        const start = cityTime(date, p.at);
        if (start.getTime() + p.minutes * 60_000 > now.getTime()) continue;
        const grid = grids[(back + k) % grids.length];
        const seed = Number.parseInt(createHash('sha1').update(`${username}:${date}:${k}`).digest('hex').slice(0, 8), 16);
        const points = simulatePatrol({
          polygon: grid.polygon,
          start,
          minutes: p.minutes,
          seed,
          startAt: (seed % 100) / 100,
          jump: p.jump ? { afterMinutes: 20, distanceM: 1500 } : undefined,
        });
        const id = uuidFrom(seed, date, k);
        await this.db.getRepository(Patrol).insert({
          id,
          userId: user.id,
          startedAt: start,
          finishedAt: null,
          points: 0,
          flagged: 0,
          distanceM: 0,
          lastT: null,
          anchorT: null,
          anchorLat: null,
          anchorLng: null,
          createdAt: start,
        });
        const receivedAt = start.getTime() + p.minutes * 60_000 + 30_000;
        for (let i = 0; i < points.length; i += 100) await this.patrols.store(user.id, id, points.slice(i, i + 100), receivedAt);
        await this.patrols.finishAs(user.id, id, points.at(-1)!.t);
        n++;
      }
    }
    return n;
  }
}

function uuidFrom(seed: number, date: string, k: number): string {
  const h = createHash('sha1').update(`patrol:${seed}:${date}:${k}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

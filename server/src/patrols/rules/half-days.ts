/**
 * Half-days (半天) in the assigned area. A half-day counts when the person's tracks spend at least
 * `halfDayMinMinutes` inside the area within its window (city time). Time inside = the time
 * between two consecutive plausible fixes of one track that are both inside and at most
 * `maxGapSeconds` apart; such a stretch is clipped to the windows, so a patrol across noon gives
 * its morning part to the morning and the rest to the afternoon. Overlapping tracks (two patrols
 * at once, an upload repeated as a new patrol) are merged, never counted twice. Pure.
 */
import { cityDate, cityTime } from '@xc/shared';
import type { Fix, PatrolRules } from './config.js';

export type Period = 'am' | 'pm';

export interface HalfDayFigure {
  date: string;
  period: Period;
  minutes: number;
  counted: boolean;
}

type Inside = (lng: number, lat: number) => boolean;

/** Minutes inside the area per half-day window that has any; sorted by date then period. */
export function halfDaysInside(
  tracks: readonly (readonly Fix[])[],
  inside: Inside,
  rules: Pick<PatrolRules, 'halfDays' | 'maxGapSeconds' | 'halfDayMinMinutes'>,
): HalfDayFigure[] {
  const byKey = new Map<string, [number, number][]>();
  const windowCache = new Map<string, [Period, number, number][]>();
  const windowsOf = (date: string) => {
    let w = windowCache.get(date);
    if (!w) {
      w = (['am', 'pm'] as const).map((p) => [
        p,
        cityTime(date, rules.halfDays[p].start).getTime(),
        cityTime(date, rules.halfDays[p].end).getTime(),
      ]);
      windowCache.set(date, w);
    }
    return w;
  };
  const maxGap = rules.maxGapSeconds * 1000;
  for (const track of tracks) {
    let prevInside = track.length ? inside(track[0].lng, track[0].lat) : false;
    for (let i = 1; i < track.length; i++) {
      const a = track[i - 1];
      const b = track[i];
      const bInside = inside(b.lng, b.lat);
      const ok = prevInside && bInside && b.t - a.t <= maxGap && b.t > a.t;
      prevInside = bInside;
      if (!ok) continue;
      const dates =
        cityDate(new Date(a.t)) === cityDate(new Date(b.t))
          ? [cityDate(new Date(a.t))]
          : [cityDate(new Date(a.t)), cityDate(new Date(b.t))];
      for (const date of dates) {
        for (const [period, ws, we] of windowsOf(date)) {
          const s = Math.max(a.t, ws);
          const e = Math.min(b.t, we);
          if (e <= s) continue;
          const key = `${date}|${period}`;
          let list = byKey.get(key);
          if (!list) byKey.set(key, (list = []));
          list.push([s, e]);
        }
      }
    }
  }
  const out: HalfDayFigure[] = [];
  for (const [key, intervals] of byKey) {
    const [date, period] = key.split('|') as [string, Period];
    const minutes = mergedLength(intervals) / 60_000;
    out.push({ date, period, minutes, counted: minutes >= rules.halfDayMinMinutes - 1e-9 });
  }
  return out.sort((x, y) => (x.date === y.date ? x.period.localeCompare(y.period) : x.date.localeCompare(y.date)));
}

/** Total length of the union of [start, end) intervals. */
function mergedLength(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [cs, ce] = intervals[0];
  for (let i = 1; i < intervals.length; i++) {
    const [s, e] = intervals[i];
    if (s > ce) {
      total += ce - cs;
      [cs, ce] = [s, e];
    } else if (e > ce) ce = e;
  }
  return total + (ce - cs);
}

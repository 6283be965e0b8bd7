import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PATROL_RULES as R } from './config.js';
import { halfDaysInside } from './half-days.js';
import { at, insideSquare, track } from './test-tracks.js';

const D = '2026-11-23'; // a Monday
const run = (...tracks: ReturnType<typeof track>[]) => halfDaysInside(tracks, insideSquare, R);

describe('half-days in the assigned area', () => {
  it('counts a morning with exactly 60 minutes inside, not one with 59', () => {
    expect(run(track(D, '08:00', 60))).toEqual([{ date: D, period: 'am', minutes: 60, counted: true }]);
    expect(run(track(D, '08:00', 59))).toEqual([{ date: D, period: 'am', minutes: 59, counted: false }]);
    // 59 minutes 59 seconds is still short
    expect(run(track(D, '08:00', 59.99, 1))[0].counted).toBe(false);
  });

  it('splits a patrol across noon at 12:00', () => {
    expect(run(track(D, '11:30', 75))).toEqual([
      { date: D, period: 'am', minutes: 30, counted: false },
      { date: D, period: 'pm', minutes: 45, counted: false },
    ]);
    expect(run(track(D, '11:00', 120)).map((h) => [h.period, h.minutes, h.counted])).toEqual([
      ['am', 60, true],
      ['pm', 60, true],
    ]);
  });

  it('stops counting while the track is outside the area and resumes when it comes back', () => {
    // minutes 30–50 walked 300 m south of the square
    const t = track(D, '08:00', 90, 60, (i) => (i >= 30 && i <= 50 ? at(250, -300) : at(250, 250)));
    const [h] = run(t);
    expect(h.minutes).toBe(29 + 39);
    expect(h.counted).toBe(true);
    const short = track(D, '08:00', 75, 60, (i) => (i >= 30 && i <= 50 ? at(250, -300) : at(250, 250)));
    expect(run(short)[0]).toMatchObject({ minutes: 29 + 24, counted: false });
  });

  it('does not count silences longer than the gap limit as presence', () => {
    const t = [...track(D, '08:00', 30), ...track(D, '08:40', 30)]; // 10-minute silence between
    expect(run(t)[0].minutes).toBe(60);
    const t2 = [...track(D, '08:00', 30, 60), ...track(D, '08:34', 30, 60)]; // 4-minute gap: counted
    expect(run(t2)[0].minutes).toBe(64);
  });

  it('counts time once when two tracks overlap (a patrol uploaded twice)', () => {
    expect(run(track(D, '08:00', 60), track(D, '08:00', 60))[0]).toMatchObject({ minutes: 60, counted: true });
    expect(run(track(D, '08:00', 40), track(D, '08:20', 40))[0]).toMatchObject({ minutes: 60, counted: true });
  });

  it('ignores time outside the windows (before 06:00, after 20:00)', () => {
    expect(run(track(D, '05:00', 90))[0]).toEqual({ date: D, period: 'am', minutes: 30, counted: false });
    expect(run(track(D, '19:30', 90))).toEqual([{ date: D, period: 'pm', minutes: 30, counted: false }]);
  });

  it('gives nothing for a track entirely outside the area', () => {
    expect(run(track(D, '08:00', 120, 60, () => at(-500, -500)))).toEqual([]);
  });

  it('follows configured windows and threshold', () => {
    const rules = { ...R, halfDayMinMinutes: 30, halfDays: { am: { start: '08:00', end: '11:30' }, pm: { start: '11:30', end: '18:00' } } };
    const out = halfDaysInside([track(D, '11:00', 60)], insideSquare, rules);
    expect(out.map((h) => [h.period, h.minutes, h.counted])).toEqual([
      ['am', 30, true],
      ['pm', 30, true],
    ]);
  });
});

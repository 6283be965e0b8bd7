/** Hand-built tracks for the rule specs (not a spec itself). */
import { cityTime } from '@xc/shared';
import type { Fix } from './config.js';

/** A 500 m × 500 m square near 许昌 (origin at its south-west corner). */
export const ORIGIN = { lng: 113.8, lat: 34.0 };
export const M_LAT = 111_195;
export const M_LNG = M_LAT * Math.cos((34.00225 * Math.PI) / 180);
export const at = (xM: number, yM: number) => ({ lng: ORIGIN.lng + xM / M_LNG, lat: ORIGIN.lat + yM / M_LAT });
export const SQUARE: [number, number][] = [
  [0, 0],
  [500, 0],
  [500, 500],
  [0, 500],
  [0, 0],
].map(([x, y]) => {
  const p = at(x, y);
  return [p.lng, p.lat];
});
export const insideSquare = (lng: number, lat: number) =>
  lng >= SQUARE[0][0] && lng <= SQUARE[1][0] && lat >= SQUARE[0][1] && lat <= SQUARE[2][1];

/** A fix every `everySeconds` from `date` `from` (city time) for `minutes`, inside the square unless `where` says otherwise. */
export function track(
  date: string,
  from: string,
  minutes: number,
  everySeconds = 60,
  where: (i: number, tMs: number) => { lng: number; lat: number } = (i) => at(100 + ((i * 10) % 300), 250),
): Fix[] {
  const start = cityTime(date, from).getTime();
  const out: Fix[] = [];
  for (let s = 0, i = 0; s <= minutes * 60; s += everySeconds, i++) out.push({ t: start + s * 1000, ...where(i, start + s * 1000) });
  return out;
}

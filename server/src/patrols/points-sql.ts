/**
 * patrol_points rows as SQL text, for the ingestion's hot path (patrols.service.ts): formatting 700
 * parameters per batch through the driver's escaper cost more CPU than anything else a batch did.
 * No I/O; the only state is a one-entry cache of the current minute's text.
 */
import { sqlDate } from '../common/db-utils.js';
import type { InputPoint } from './points-input.js';

/** 9999-12-31T23:59:59.999Z + 1 ms: four-digit years. */
const MAX_MS = Date.UTC(10000, 0, 1);

/**
 * `sqlDate` of epoch ms, for the hot path: a batch's times are one a second, so the date, hour and
 * minute are formatted once a minute and the seconds by integer arithmetic. Other times (before 1970,
 * after 9999, fractions of a millisecond) go through `sqlDate`.
 */
let minuteKey = NaN;
let minutePrefix = '';
export function sqlMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= MAX_MS) return sqlDate(new Date(ms));
  const minute = Math.floor(ms / 60_000);
  if (minute !== minuteKey) {
    const iso = new Date(minute * 60_000).toISOString();
    minutePrefix = `${iso.slice(0, 10)} ${iso.slice(11, 17)}`;
    minuteKey = minute;
  }
  const inMinute = ms - minute * 60_000; // 0–59999
  const sec = Math.floor(inMinute / 1000);
  const milli = inMinute - sec * 1000;
  return `${minutePrefix}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}

/**
 * A finite number as SQL text. Values with at most `places` decimals (the API rounds coordinates to
 * 7, accuracy to 2) are spelt in fixed point from an integer, which is several times cheaper than
 * the shortest round-trip text of a double; anything else falls back to String(), which both
 * engines read back exactly too.
 */
export function num(n: number, places: 2 | 7): string {
  const scale = places === 7 ? 1e7 : 1e2;
  const k = Math.round(n * scale);
  if (k / scale !== n || !Number.isSafeInteger(k)) {
    if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
    return String(n);
  }
  const abs = k < 0 ? -k : k;
  const whole = Math.floor(abs / scale);
  const frac = String(abs - whole * scale);
  return `${k < 0 ? '-' : ''}${whole}.${'0000000'.slice(0, places - frac.length)}${frac}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The VALUES tuples of patrol_points rows (patrol_id, t, lat, lng, accuracy, flags, received_at) as
 * SQL text. Only values that cannot carry a quote go in: a UUID (checked), finite numbers (checked),
 * and datetimes formatted here.
 */
export function pointValues(id: string, pts: readonly (InputPoint & { flags: number })[], receivedAt: number): string {
  if (!UUID_RE.test(id)) throw new Error(`not a patrol id: ${id}`);
  const tail = `,'${sqlMs(receivedAt)}')`;
  let out = '';
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    out += `${i ? ',' : ''}('${id}','${sqlMs(p.t)}',${num(p.lat, 7)},${num(p.lng, 7)},${p.accuracy === null ? 'NULL' : num(p.accuracy, 2)},${p.flags | 0}${tail}`;
  }
  return out;
}

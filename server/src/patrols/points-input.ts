/**
 * Reads a batch of points from the request body, by hand rather than through class-validator:
 * this is the hot path (tens of thousands of points a second). Every bad item is named by its
 * index and field (`points.3.lat`), in Chinese. Pure.
 *
 * Each point: `{t, lat, lng, accuracy?}`; `t` is device time, ISO 8601 with an offset (or Z) or
 * epoch milliseconds; lat/lng WGS84 degrees (GCJ-02 when the caller says so: converted by the
 * service). Points outside China are not refused here: they are stored and flagged.
 */
import { invalid } from '../common/app-error.js';

export interface InputPoint {
  t: number;
  lat: number;
  lng: number;
  accuracy: number | null;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MIN_T = Date.UTC(2000, 0, 1);
const MAX_T = Date.UTC(2100, 0, 1);
const ALLOWED = new Set(['t', 'lat', 'lng', 'accuracy']);
const MAX_ERRORS = 20;

const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/**
 * `Date.parse` of a string ISO_RE accepted, without its cost for the plain cases (it was the largest
 * part of reading a batch): years 1000–9999, days 1–28, hours 0–23, minutes and seconds 0–59, offsets
 * to ±23:59. Anything else (the 29th–31st, 24:00, a leap second…) is left to `Date.parse`, whose
 * handling of those this need not copy. points-input.spec.ts compares the two on many strings.
 */
export function isoMs(s: string): number {
  const year = d2(s, 0) * 100 + d2(s, 2);
  const month = d2(s, 5);
  const day = d2(s, 8);
  const hour = d2(s, 11);
  const minute = d2(s, 14);
  let i = 16;
  let second = 0;
  let milli = 0;
  if (s.charCodeAt(i) === 58 /* : */) {
    second = d2(s, 17);
    i = 19;
    if (s.charCodeAt(i) === 46 /* . */) {
      i++;
      let k = 0;
      for (; k < 3 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; k++, i++) milli = milli * 10 + s.charCodeAt(i) - 48;
      for (; k < 3; k++) milli *= 10;
      while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    }
  }
  let offset = 0;
  const sign = s.charCodeAt(i);
  if (sign !== 90 /* Z */) {
    const oh = d2(s, i + 1);
    const om = d2(s, s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3);
    if (oh > 23 || om > 59) return Date.parse(s);
    offset = (sign === 45 /* - */ ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(s);
  return Date.UTC(year, month - 1, day, hour, minute, second, milli) - offset;
}

export function parsePoints(body: unknown, maxBatch: number): InputPoint[] {
  if (!Array.isArray(body)) throw invalid({ points: '请提交点位数组 [{t, lat, lng, accuracy?}]' });
  if (body.length === 0) throw invalid({ points: '至少需要 1 个点位' });
  if (body.length > maxBatch) throw invalid({ points: `每批最多 ${maxBatch} 个点位，本批 ${body.length} 个` });
  const errors: Record<string, string> = {};
  let n = 0;
  // The field's name (`points.3.lat`) is only spelt out for a bad one: this runs for every point.
  const bad = (i: number, field: string | null, msg: (at: string) => string) => {
    if (n < MAX_ERRORS) {
      const at = `points.${i}`;
      errors[field === null ? at : `${at}.${field}`] = msg(at);
    }
    n++;
  };
  const out: InputPoint[] = new Array(body.length);
  for (let i = 0; i < body.length; i++) {
    const p = body[i] as Record<string, unknown>;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      bad(i, null, () => '点位必须是对象 {t, lat, lng, accuracy?}');
      continue;
    }
    for (const k in p) if (!ALLOWED.has(k)) bad(i, k, (at) => `不允许的字段 ${at}.${k}`);
    let t = NaN;
    if (typeof p.t === 'string' && ISO_RE.test(p.t)) t = isoMs(p.t);
    else if (typeof p.t === 'number' && Number.isInteger(p.t)) t = p.t;
    if (!Number.isFinite(t))
      bad(i, 't', () => (p.t === undefined ? '缺少定位时间 t' : '定位时间 t 应为带时区的 ISO 8601 时间或毫秒时间戳'));
    else if (t < MIN_T || t >= MAX_T) bad(i, 't', () => '定位时间 t 超出范围');
    const { lat, lng, accuracy } = p;
    if (typeof lat !== 'number' || !Number.isFinite(lat)) bad(i, 'lat', () => '纬度 lat 必须是数字');
    else if (lat < -90 || lat > 90) bad(i, 'lat', () => '纬度 lat 超出范围');
    if (typeof lng !== 'number' || !Number.isFinite(lng)) bad(i, 'lng', () => '经度 lng 必须是数字');
    else if (lng < -180 || lng > 180) bad(i, 'lng', () => '经度 lng 超出范围');
    if (
      accuracy !== undefined &&
      accuracy !== null &&
      (typeof accuracy !== 'number' || !Number.isFinite(accuracy) || accuracy < 0 || accuracy > 100_000)
    ) {
      bad(i, 'accuracy', () => '精度 accuracy 必须是 0–100000 之间的数字（米）');
    }
    out[i] = {
      t: Math.floor(t),
      lat: lat as number,
      lng: lng as number,
      accuracy: typeof accuracy === 'number' ? Math.round(accuracy * 100) / 100 : null,
    };
  }
  if (n)
    throw invalid(
      errors,
      `有 ${n} 处点位数据不正确：${Object.entries(errors)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v}`)
        .join('；')}`,
    );
  return out;
}

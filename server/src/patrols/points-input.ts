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
    if (typeof p.t === 'string' && ISO_RE.test(p.t)) t = Date.parse(p.t);
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

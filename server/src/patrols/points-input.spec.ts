import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/app-error.js';
import { isoMs, parsePoints } from './points-input.js';

const fields = (body: unknown) => {
  try {
    parsePoints(body, 500);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).details!.fields as Record<string, string>;
  }
  throw new Error('expected a 400');
};

describe('reading a batch of points', () => {
  it('reads ISO times with an offset and epoch milliseconds', () => {
    const pts = parsePoints(
      [
        { t: '2026-11-23T08:00:00+08:00', lat: 34.03, lng: 113.81, accuracy: 8.456 },
        { t: 1_795_000_000_000, lat: 34.03, lng: 113.81 },
      ],
      500,
    );
    expect(pts[0]).toEqual({ t: Date.UTC(2026, 10, 23, 0), lat: 34.03, lng: 113.81, accuracy: 8.46 });
    expect(pts[1].accuracy).toBeNull();
  });

  it('names each bad item by index and field', () => {
    expect(
      fields([
        { t: '2026-11-23T08:00:00+08:00', lat: 34, lng: 113 },
        { t: 'yesterday', lat: 'x', lng: 200, accuracy: -1, speed: 3 },
      ]),
    ).toEqual({
      'points.1.speed': expect.any(String),
      'points.1.t': expect.stringContaining('ISO 8601'),
      'points.1.lat': expect.any(String),
      'points.1.lng': expect.stringContaining('超出范围'),
      'points.1.accuracy': expect.any(String),
    });
    expect(Object.keys(fields([null]))).toEqual(['points.0']);
    expect(Object.keys(fields([{ lat: 34, lng: 113 }]))).toEqual(['points.0.t']);
    expect(Object.keys(fields([{ t: '2026-11-23T08:00:00', lat: 34, lng: 113 }]))).toEqual(['points.0.t']); // no offset
  });

  it('refuses a body that is not a non-empty array within the batch limit', () => {
    expect(Object.keys(fields({}))).toEqual(['points']);
    expect(Object.keys(fields([]))).toEqual(['points']);
    expect(fields(Array.from({ length: 501 }, () => ({ t: 1_795_000_000_000, lat: 34, lng: 113 }))).points).toContain('500');
  });

  it('keeps points outside China for flagging rather than refusing them', () => {
    expect(parsePoints([{ t: 1_795_000_000_000, lat: 0, lng: 0 }], 500)).toHaveLength(1);
  });

  it('answers every rule with its exact Chinese message and a summary of the first three', () => {
    let err: AppError | undefined;
    try {
      parsePoints(
        [
          { t: '2026-11-23T08:00:00+08:00', lat: 34, lng: 113, '': 1 },
          'x',
          { t: 1.5, lat: Number.NaN, lng: -181, accuracy: 100_001 },
          { lat: 91, lng: '113', accuracy: '8' },
          { t: '1999-12-31T23:59:59Z', lat: 34, lng: 113, accuracy: null },
        ],
        500,
      );
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err!.details!.fields).toEqual({
      'points.0.': '不允许的字段 points.0.',
      'points.1': '点位必须是对象 {t, lat, lng, accuracy?}',
      'points.2.t': '定位时间 t 应为带时区的 ISO 8601 时间或毫秒时间戳',
      'points.2.lat': '纬度 lat 必须是数字',
      'points.2.lng': '经度 lng 超出范围',
      'points.2.accuracy': '精度 accuracy 必须是 0–100000 之间的数字（米）',
      'points.3.t': '缺少定位时间 t',
      'points.3.lat': '纬度 lat 超出范围',
      'points.3.lng': '经度 lng 必须是数字',
      'points.3.accuracy': '精度 accuracy 必须是 0–100000 之间的数字（米）',
      'points.4.t': '定位时间 t 超出范围',
    });
    expect(err!.message).toBe(
      '有 11 处点位数据不正确：points.0. 不允许的字段 points.0.；points.1 点位必须是对象 {t, lat, lng, accuracy?}；points.2.t 定位时间 t 应为带时区的 ISO 8601 时间或毫秒时间戳',
    );
  });

  it('lists at most 20 faults but counts them all', () => {
    let err: AppError | undefined;
    try {
      parsePoints(
        Array.from({ length: 30 }, () => null),
        500,
      );
    } catch (e) {
      err = e as AppError;
    }
    expect(Object.keys(err!.details!.fields as object)).toHaveLength(20);
    expect(err!.message).toMatch(/^有 30 处点位数据不正确：/);
  });
});

describe('isoMs', () => {
  const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

  it('reads every time the parser accepts as Date.parse does, plain or odd', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * n;
    const pad = (n: number, w: number) => String(Math.floor(n)).padStart(w, '0');
    const odd = [
      '2026-02-30T00:00:00Z',
      '2024-02-29T24:00:00Z',
      '2026-01-01T23:59:60Z',
      '0099-01-01T00:00Z',
      '2026-13-01T00:00Z',
      '2026-00-10T00:00Z',
      '2026-01-00T00:00Z',
      '2026-01-01T00:00:00+25:00',
      '2026-01-01T00:00:00-00:60',
      '2026-01-31T10:00+0800',
      '2026-11-24T13:10:06.000Z',
      '2026-11-24T13:10:06.1Z',
      '2026-11-24T13:10:06.123456789-05:30',
      '2026-11-24T13:10+08:00',
    ];
    const cases = [...odd];
    for (let i = 0; i < 20_000; i++) {
      const frac = ['', '.', '.1', '.12', '.123', '.1234', '.999999999'][Math.floor(rnd(7))];
      const sec = rnd(4) < 1 ? '' : `:${pad(rnd(62), 2)}${frac === '.' ? '' : frac}`;
      const zone = ['Z', `+${pad(rnd(26), 2)}:${pad(rnd(62), 2)}`, `-${pad(rnd(26), 2)}${pad(rnd(62), 2)}`][Math.floor(rnd(3))];
      cases.push(`${pad(rnd(10_000), 4)}-${pad(rnd(14), 2)}-${pad(rnd(33), 2)}T${pad(rnd(26), 2)}:${pad(rnd(62), 2)}${sec}${zone}`);
    }
    let plain = 0;
    const wrong: string[] = [];
    for (const s of cases) {
      const want = Date.parse(s);
      if (!ISO_RE.test(s) || !Object.is(isoMs(s), want)) wrong.push(`${s}: ${isoMs(s)} ≠ ${want}`);
      if (Number.isFinite(want)) plain++;
    }
    expect(wrong).toEqual([]);
    expect(plain).toBeGreaterThan(5000);
  });
});

import { describe, expect, it } from '@jest/globals';
import { sqlDate } from '../common/db-utils.js';
import { num, pointValues, sqlMs } from './points-sql.js';

/** A small deterministic generator (the same cases every run). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('sqlMs', () => {
  it('spells every millisecond as sqlDate does, across minutes, hours, days and years', () => {
    const rnd = lcg(1);
    const base = Date.UTC(2026, 11, 31, 23, 58, 0);
    for (let ms = base; ms < base + 240_000; ms += 997) expect(sqlMs(ms)).toBe(sqlDate(new Date(ms)));
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor(rnd() * Date.UTC(2100, 0, 1));
      expect(sqlMs(ms)).toBe(sqlDate(new Date(ms)));
    }
    for (const ms of [0, 999, 1000, 59_999, 60_000, Date.UTC(2000, 0, 1), Date.UTC(2024, 1, 29, 12, 0, 0, 5)])
      expect(sqlMs(ms)).toBe(sqlDate(new Date(ms)));
  });

  it('falls back to sqlDate outside four-digit years and for fractions of a millisecond', () => {
    for (const ms of [-1, -86_400_001, Date.UTC(10000, 0, 1), 1.5, Date.UTC(2026, 0, 1) + 0.25])
      expect(sqlMs(ms)).toBe(sqlDate(new Date(ms)));
  });
});

describe('num', () => {
  it('spells coordinates rounded to 7 places and accuracies to 2 as decimals that read back as the same double', () => {
    const rnd = lcg(2);
    for (let i = 0; i < 20_000; i++) {
      const lat = Math.round((rnd() * 180 - 90) * 1e7) / 1e7;
      const s = num(lat, 7);
      expect(s).toMatch(/^-?\d+\.\d{7}$/);
      expect(Number(s)).toBe(lat);
      const acc = Math.round(rnd() * 100_000 * 100) / 100;
      expect(num(acc, 2)).toMatch(/^\d+\.\d{2}$/);
      expect(Number(num(acc, 2))).toBe(acc);
    }
    expect(num(0, 7)).toBe('0.0000000');
    expect(num(-0, 7)).toBe('0.0000000');
    expect(num(-0.0000001, 7)).toBe('-0.0000001');
    expect(num(113.8, 7)).toBe('113.8000000');
    expect(num(-180, 7)).toBe('-180.0000000');
    expect(num(8, 2)).toBe('8.00');
  });

  it('falls back to String() for more places than given, and refuses what is not a finite number', () => {
    expect(num(34.123456789, 7)).toBe('34.123456789');
    expect(Number(num(1 / 3, 2))).toBe(1 / 3);
    expect(num(1e300, 7)).toBe('1e+300');
    expect(() => num(NaN, 7)).toThrow();
    expect(() => num(Infinity, 2)).toThrow();
  });
});

describe('pointValues', () => {
  const id = '0b0c9d7e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';
  const recv = Date.UTC(2026, 10, 30, 8, 0, 0, 123);

  it('writes one tuple per point in column order, NULL for a missing accuracy', () => {
    const t = Date.UTC(2026, 10, 30, 7, 59, 1, 0);
    expect(
      pointValues(
        id,
        [
          { t, lat: 34.0312345, lng: 113.8123456, accuracy: 8.5, flags: 0 },
          { t: t + 1000, lat: -0.5, lng: 113.8, accuracy: null, flags: 18 },
        ],
        recv,
      ),
    ).toBe(
      `('${id}','2026-11-30 07:59:01.000',34.0312345,113.8123456,8.50,0,'2026-11-30 08:00:00.123'),` +
        `('${id}','2026-11-30 07:59:02.000',-0.5000000,113.8000000,NULL,18,'2026-11-30 08:00:00.123')`,
    );
  });

  it('refuses an id that is not a UUID (nothing but checked values goes into the text)', () => {
    expect(() => pointValues("x'); DROP TABLE patrols; --", [{ t: 0, lat: 0, lng: 0, accuracy: null, flags: 0 }], recv)).toThrow();
    expect(() => pointValues(id, [{ t: 0, lat: NaN, lng: 0, accuracy: null, flags: 0 }], recv)).toThrow();
  });
});

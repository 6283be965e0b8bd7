import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/app-error.js';
import { parsePoints } from './points-input.js';

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
});

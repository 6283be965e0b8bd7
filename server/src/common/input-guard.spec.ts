import { describe, expect, it } from '@jest/globals';
import { findInputProblem } from './input-guard.js';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('findInputProblem', () => {
  it('passes ordinary bodies, Chinese text, emoji (paired surrogates) and a GeoJSON polygon', () => {
    expect(findInputProblem({ description: '路边有垃圾 🚮', location: { lat: 34, lng: 113 }, mediaIds: ['a'] })).toBeNull();
    expect(
      findInputProblem({
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [113.8, 34],
              [113.9, 34],
              [113.9, 34.1],
              [113.8, 34],
            ],
          ],
        },
      }),
    ).toBeNull();
    expect(findInputProblem(null)).toBeNull();
    expect(findInputProblem('x')).toBeNull();
  });

  it('refuses nesting deeper than the limit, without recursing (3,000 levels)', () => {
    expect(findInputProblem(nested(32), 32)).toBeNull();
    expect(findInputProblem(nested(33), 32)?.reason).toBe('depth');
    expect(findInputProblem(JSON.parse('['.repeat(3000) + ']'.repeat(3000)))?.reason).toBe('depth');
  });

  it('refuses lone surrogates in values and keys, naming the path', () => {
    expect(findInputProblem({ code: 'ab\uD800' })).toEqual({ path: 'code', reason: 'surrogate' });
    expect(findInputProblem({ a: [{ b: '\uDC00x' }] })).toEqual({ path: 'a.0.b', reason: 'surrogate' });
    expect(findInputProblem({ ['k\uD83D']: 1 })?.reason).toBe('surrogate');
    expect(findInputProblem({ s: '\uD83D\uDE00' })).toBeNull();
  });

  it('refuses keys naming a prototype, as JSON.parse creates them', () => {
    expect(findInputProblem(JSON.parse('{"__proto__":{"x":1}}'))).toEqual({ path: '__proto__', reason: 'key' });
    expect(findInputProblem({ a: { constructor: 1 } })?.reason).toBe('key');
  });
});

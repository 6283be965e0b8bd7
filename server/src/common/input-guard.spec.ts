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

describe('findInputProblem, against the first (object-per-value) version', () => {
  /** The walk as first written: one object and one path string per value. */
  function reference(root: unknown, maxDepth: number) {
    const bad = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
    const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
    while (stack.length) {
      const { value, depth, path } = stack.pop()!;
      if (typeof value === 'string') {
        if (bad(value)) return { path, reason: 'surrogate' };
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth >= maxDepth) return { path, reason: 'depth' };
      for (const key of Object.keys(value)) {
        const child = path ? `${path}.${key}` : key;
        if (bad(key)) return { path: child, reason: 'surrogate' };
        if (['__proto__', 'constructor', 'prototype'].includes(key)) return { path: child, reason: 'key' };
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: child });
      }
    }
    return null;
  }

  it('reports the same first problem and path for bodies holding several, or none', () => {
    let s = 7;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const leaves = ['ok', '路边', '\uD800', 'a\uDC00', '\uD83D\uDE00', 1, null, true, ''];
    const keys = ['a', 'b', '', 'lat', '0', '__proto__', 'k\uD83D', 'constructor', '点位'];
    const gen = (depth: number): unknown => {
      const r = rnd();
      if (depth > 6 || r < 0.35) return leaves[Math.floor(rnd() * leaves.length)];
      const n = Math.floor(rnd() * 4);
      if (r < 0.6) return Array.from({ length: n }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = keys[Math.floor(rnd() * keys.length)];
        // JSON.parse makes `__proto__` an own key, as a request body has it.
        if (k === '__proto__') Object.defineProperty(o, k, { value: gen(depth + 1), enumerable: true, configurable: true, writable: true });
        else o[k] = gen(depth + 1);
      }
      return o;
    };
    let problems = 0;
    for (let i = 0; i < 3000; i++) {
      const body = gen(0);
      const maxDepth = 1 + Math.floor(rnd() * 6);
      const want = reference(body, maxDepth);
      if (want) problems++;
      expect(findInputProblem(body, maxDepth)).toEqual(want);
    }
    expect(problems).toBeGreaterThan(500);
    expect(problems).toBeLessThan(2900);
  });
});

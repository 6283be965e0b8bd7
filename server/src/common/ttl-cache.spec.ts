import { describe, expect, it } from '@jest/globals';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('loads once per key while fresh, and again after the TTL', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = new TtlCache<number>(5_000, 10, () => now);
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now += 4_999;
    expect(await cache.get('a', load)).toBe(1);
    now += 1;
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('b', load)).toBe(3);
  });

  it('shares one load between concurrent gets and never keeps a failure', async () => {
    const cache = new TtlCache<string>(60_000);
    let release!: (v: string) => void;
    let loads = 0;
    const slow = () => {
      loads++;
      return new Promise<string>((r) => (release = r));
    };
    const [a, b] = [cache.get('k', slow), cache.get('k', slow)];
    release('x');
    expect(await Promise.all([a, b])).toEqual(['x', 'x']);
    expect(loads).toBe(1);
    await expect(cache.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', async () => 'up')).toBe('up');
  });

  it('keeps at most maxEntries, dropping the oldest, and forgets everything on clear()', async () => {
    const cache = new TtlCache<string>(Infinity, 2);
    await cache.get('1', async () => 'one');
    await cache.get('2', async () => 'two');
    await cache.get('3', async () => 'three');
    expect(cache.size).toBe(2);
    expect(await cache.get('1', async () => 'one again')).toBe('one again');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(await cache.get('3', async () => 'reloaded')).toBe('reloaded');
  });

  it('takes a TTL per entry', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1_000, 10, () => now);
    let n = 0;
    await cache.get('long', async () => ++n, Infinity);
    now = 10 ** 12;
    expect(await cache.get('long', async () => ++n)).toBe(1);
  });
});

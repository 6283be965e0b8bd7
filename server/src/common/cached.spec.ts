import { describe, expect, it } from '@jest/globals';
import { Cached } from './cached.js';

describe('Cached', () => {
  it('loads once, reloads after invalidate or expiry, and forgets failures', async () => {
    let n = 0;
    const c = new Cached(async () => ++n, 50);
    expect(await c.get()).toBe(1);
    expect(await c.get()).toBe(1);
    c.invalidate();
    expect(await c.get()).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(await c.get()).toBe(3);
    let fail = true;
    const f = new Cached(async () => {
      if (fail) throw new Error('down');
      return 'up';
    });
    await expect(f.get()).rejects.toThrow('down');
    fail = false;
    expect(await f.get()).toBe('up');
  });
});

import { describe, expect, it } from '@jest/globals';
import { VerifiedTokens } from './verified-tokens.js';

type P = { sub: string; exp?: number; nbf?: number };

describe('VerifiedTokens', () => {
  it('answers a remembered token until the second jsonwebtoken would call it expired', () => {
    let now = 1_000_000_000_500; // ms
    const cache = new VerifiedTokens<P>(10, () => now);
    const exp = 1_000_000_010; // s
    cache.remember('a.b.c', { sub: 'u1', exp });
    expect(cache.get('a.b.c')).toEqual({ sub: 'u1', exp });
    now = exp * 1000 - 1; // floor(now / 1000) = exp - 1: still valid
    expect(cache.get('a.b.c')?.sub).toBe('u1');
    now = exp * 1000; // floor(now / 1000) = exp: expired, and forgotten
    expect(cache.get('a.b.c')).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('is keyed by the exact text of the token', () => {
    const cache = new VerifiedTokens<P>(10, () => 0);
    cache.remember('a.b.c', { sub: 'u1', exp: 100 });
    expect(cache.get('a.b.d')).toBeNull();
    expect(cache.get('a.b.c ')).toBeNull();
  });

  it('never remembers a token without an expiry or with a not-before', () => {
    const cache = new VerifiedTokens<P>(10, () => 0);
    cache.remember('t1', { sub: 'u1' });
    cache.remember('t2', { sub: 'u1', exp: 100, nbf: 50 });
    cache.remember('t3', { sub: 'u1', exp: Number.NaN });
    expect([cache.get('t1'), cache.get('t2'), cache.get('t3')]).toEqual([null, null, null]);
  });

  it('keeps at most `max` tokens, forgetting the oldest first', () => {
    const cache = new VerifiedTokens<P>(2, () => 0);
    cache.remember('t1', { sub: 'u1', exp: 100 });
    cache.remember('t2', { sub: 'u2', exp: 100 });
    cache.remember('t3', { sub: 'u3', exp: 100 });
    expect(cache.size).toBe(2);
    expect(cache.get('t1')).toBeNull();
    expect(cache.get('t3')?.sub).toBe('u3');
  });
});

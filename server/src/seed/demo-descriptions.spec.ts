import { describe, expect, it } from '@jest/globals';
import { prng } from '../common/prng.js';
import { describeCase, keysOf, PHRASES } from './demo-descriptions.js';
import { CATEGORIES } from './reference/index.js';

const leaves = CATEGORIES.filter((c) => c.parentCode);

describe('demo descriptions', () => {
  it('has three phrases for every subcategory, each naming what the category is about', () => {
    expect(Object.keys(PHRASES).sort()).toEqual(leaves.map((c) => c.code).sort());
    for (const c of leaves) {
      const phrases = PHRASES[c.code];
      expect({ code: c.code, n: new Set(phrases).size }).toEqual({ code: c.code, n: 3 });
      for (const p of phrases) {
        const keys = keysOf(c.code, c.name);
        expect({ code: c.code, phrase: p, named: keys.some((k) => p.includes(k)) }).toEqual({ code: c.code, phrase: p, named: true });
      }
    }
  });

  it('never borrows a phrase of another category', () => {
    const owner = new Map<string, string>();
    for (const [code, phrases] of Object.entries(PHRASES))
      for (const p of phrases) {
        expect(owner.get(p) ?? code).toBe(code);
        owner.set(p, code);
      }
  });

  it('sets a phrase of the category in the place, deterministically', () => {
    const place = { street: '西大街道', community: '七里店社区' };
    const a = describeCase('200402', place, false, prng(7));
    expect(a).toBe(describeCase('200402', place, false, prng(7)));
    expect(a).toContain('七里店社区');
    expect(PHRASES['200402'].some((p) => a.includes(p))).toBe(true);
    expect(describeCase('200102', place, true, prng(1))).toMatch(/^巡查发现：/);
    expect(() => describeCase('999999', place, false, prng(1))).toThrow();
  });
});

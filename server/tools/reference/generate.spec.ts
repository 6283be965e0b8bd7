import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generate, OUT_DIR } from './generate.js';

// The committed reference data is exactly what the generator produces from ./data: neither can
// change without the other (after editing a CSV or a layout constant, re-run the generator).
describe('reference data generator', () => {
  const files = generate();

  it('writes the nine tables the server loads', () => {
    expect(Object.keys(files).sort()).toEqual(
      [
        'categories.json',
        'communities.json',
        'districts.json',
        'grids.json',
        'groups.json',
        'holidays.json',
        'sample-points.json',
        'streets.json',
        'units.json',
      ].sort(),
    );
  });

  it.each(Object.keys(files))('reproduces the committed %s byte for byte', (name) => {
    expect(readFileSync(join(OUT_DIR, name), 'utf8')).toBe(files[name]);
  });
});

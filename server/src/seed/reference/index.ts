/**
 * Reference data: administrative divisions and grids of central Xuchang, evaluation groups and
 * units, CJ/T 214 categories with themes and time limits, the holiday calendar. Every row has a
 * `status`: source (a public document says so), inferred (plausible, unconfirmed) or demo.
 * Regenerate with `npx tsx src/seed/reference/generate.ts` (from server/).
 */
export * from './types.js';
export { DISTRICTS } from './districts.js';
export { STREETS } from './streets.js';
export { COMMUNITIES } from './communities.js';
export { GRIDS } from './grids.js';
export { SAMPLE_POINTS } from './sample-points.js';
export { GROUPS } from './groups.js';
export { UNITS } from './units.js';
export { CATEGORIES } from './categories.js';
export { HOLIDAYS } from './holidays.js';

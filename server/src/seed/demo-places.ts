import { bbox, GridIndex } from '../geo/grid-index.js';
import { prng } from '../common/prng.js';
import type { DemoPlace } from './demo-cases.plan.js';
import { DEMO_USERS } from './demo-users.js';
import { COMMUNITIES, GRIDS, STREETS } from './reference/index.js';

/** The inspector covering a street's grids other than the demo inspector's (seedStreetInspectors). */
export function streetInspectorId(streetCode: string): string {
  return `insp-${streetCode}`;
}

/**
 * Spots for demo cases: forty per grid, so that nearby cases lie at different distances, each a point that the grid index places in that grid,
 * with the street and community names and the grid's inspector. Deterministic.
 */
export function demoPlaces(perGrid = 40): DemoPlace[] {
  const rand = prng(20230214);
  const index = new GridIndex(GRIDS);
  const street = new Map(STREETS.map((st) => [st.code, st.name]));
  const community = new Map(COMMUNITIES.map((c) => [c.code, c.name]));
  const inspectorOf = new Map(DEMO_USERS.flatMap((u) => (u.gridCodes ?? []).map((g) => [g, u.id] as const)));
  const places: DemoPlace[] = [];
  for (const g of GRIDS) {
    const [minX, minY, maxX, maxY] = bbox(g.polygon);
    for (let found = 0, tries = 0; found < perGrid && tries < 20 * perGrid; tries++) {
      const lng = Math.round((minX + rand() * (maxX - minX)) * 1e6) / 1e6;
      const lat = Math.round((minY + rand() * (maxY - minY)) * 1e6) / 1e6;
      if (index.locate(lng, lat) !== g.code) continue;
      found++;
      places.push({
        gridCode: g.code,
        streetCode: g.streetCode,
        districtCode: g.districtCode,
        lat,
        lng,
        street: street.get(g.streetCode)!,
        community: community.get(g.communityCode)!,
        inspectorId: inspectorOf.get(g.code) ?? streetInspectorId(g.streetCode),
      });
    }
  }
  return places;
}

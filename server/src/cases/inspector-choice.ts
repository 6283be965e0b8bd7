import type { InspectorScope } from '@xc/shared';

/**
 * Whom a 核实 or 核查 goes to when the operator names no one: an inspector of the case's grid,
 * else one who patrols a grid of the same street, else one of the same district. Within a scope
 * the one with the fewest open 核实/核查 tasks, then by id (stable). Null when the district has
 * no inspector at all: the operator must pick one.
 */

export interface CasePlace {
  gridCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
}

/** One assignment: an inspector and one of their grids, with the grid's street and district. */
export interface InspectorAssignment {
  userId: string;
  gridCode: string;
  streetCode: string;
  districtCode: string;
}

export interface InspectorChoice {
  userId: string;
  scope: InspectorScope;
}

export function scopeOf(place: CasePlace, a: InspectorAssignment): InspectorScope | null {
  if (place.gridCode && a.gridCode === place.gridCode) return 'grid';
  if (place.streetCode && a.streetCode === place.streetCode) return 'street';
  if (place.districtCode && a.districtCode === place.districtCode) return 'district';
  return null;
}

const RANK: Record<InspectorScope, number> = { grid: 0, street: 1, district: 2 };

export function chooseInspector(
  place: CasePlace,
  assignments: readonly InspectorAssignment[],
  openTasks: ReadonlyMap<string, number> = new Map(),
): InspectorChoice | null {
  // Each inspector at the closest scope any of their grids reaches.
  const best = new Map<string, InspectorScope>();
  for (const a of assignments) {
    const s = scopeOf(place, a);
    if (!s) continue;
    const had = best.get(a.userId);
    if (!had || RANK[s] < RANK[had]) best.set(a.userId, s);
  }
  const ranked = [...best].sort(
    ([idA, sA], [idB, sB]) =>
      RANK[sA] - RANK[sB] || (openTasks.get(idA) ?? 0) - (openTasks.get(idB) ?? 0) || (idA < idB ? -1 : idA > idB ? 1 : 0),
  );
  return ranked.length ? { userId: ranked[0][0], scope: ranked[0][1] } : null;
}

const SCOPE_LABELS: Record<InspectorScope, string> = { grid: '本网格', street: '所在街道', district: '所在区' };

/** 所在街道的网格员: where the chosen inspector comes from, for the history and the form. */
export function scopeLabel(scope: InspectorScope): string {
  return `${SCOPE_LABELS[scope]}的网格员`;
}

/** The 400 when nobody is found: it says whom to pick. */
export function noInspectorMessage(what: '核实' | '核查'): string {
  return `请选择${what}人员：本网格及所在街道、区均无网格员`;
}

/** The order of 附近问题 (a pure rule: no database, no Nest). */

/** Extra rows fetched past a `near` page, so the exact order can correct the flat-earth one at its edge. */
export const NEAR_SLACK = 20;

/** By distance to the metre, then the newest first (cases at one spot: the latest report on top). */
export function nearestFirst<T extends { id: string; reportedAt: Date }>(rows: readonly T[], distances: Map<string, number>): T[] {
  return [...rows].sort(
    (a, b) =>
      Math.round(distances.get(a.id)!) - Math.round(distances.get(b.id)!) ||
      b.reportedAt.getTime() - a.reportedAt.getTime() ||
      (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

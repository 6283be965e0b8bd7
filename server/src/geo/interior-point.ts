/**
 * A point inside a division, to place a report by district → street → community without typing
 * coordinates. Pure; [lng, lat] degrees, planar (exact enough at city scale).
 */

export type LngLat = [number, number];

/** Area (signed, degrees²) and area-weighted centre of a closed ring. */
export function ringCentroid(ring: readonly LngLat[]): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (a === 0) {
    const n = Math.max(1, ring.length - 1);
    return { area: 0, x: ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, y: ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n };
  }
  return { area: a / 2, x: cx / (3 * a), y: cy / (3 * a) };
}

/** The inside runs of a horizontal line through a ring: [x from, x to] pairs. */
function runsAt(ring: readonly LngLat[], y: number): [number, number][] {
  const xs: number[] = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    // Half-open on y: a vertex on the line is counted once.
    if (y0 <= y !== y1 <= y) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
  }
  xs.sort((p, q) => p - q);
  const runs: [number, number][] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) runs.push([xs[i], xs[i + 1]]);
  return runs;
}

/**
 * A point strictly inside a simple ring: the middle of the widest inside run over a few
 * horizontal lines (never exactly through a vertex), the one nearest the ring's centre on a tie.
 */
export function interiorPoint(ring: readonly LngLat[]): LngLat {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of ring) {
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const c = ringCentroid(ring);
  const h = maxY - minY;
  let best: { p: LngLat; width: number; d: number } | null = null;
  for (let k = 1; k < 8; k++) {
    // An offset no grid vertex sits on: the lattice of the city's grids is in steps of 0.0005°.
    const y = minY + (h * k) / 8 + h * 1.234567e-4;
    for (const [x0, x1] of runsAt(ring, y)) {
      const p: LngLat = [(x0 + x1) / 2, y];
      const width = x1 - x0;
      const d = Math.hypot(p[0] - c.x, p[1] - c.y);
      if (!best || width > best.width * (1 + 1e-9) || (Math.abs(width - best.width) <= best.width * 1e-9 && d < best.d))
        best = { p, width, d };
    }
  }
  return best ? best.p : [c.x, c.y];
}

/**
 * A point for a division made of several grids: the inside point of the grid whose inside point
 * lies nearest the division's area-weighted centre (so it is inside the division, and central).
 */
export function divisionPoint(rings: readonly (readonly LngLat[])[]): LngLat | null {
  if (!rings.length) return null;
  let area = 0;
  let x = 0;
  let y = 0;
  for (const r of rings) {
    const c = ringCentroid(r);
    const a = Math.abs(c.area);
    area += a;
    x += c.x * a;
    y += c.y * a;
  }
  const centre: LngLat = area > 0 ? [x / area, y / area] : interiorPoint(rings[0]);
  let best: { p: LngLat; d: number } | null = null;
  for (const r of rings) {
    const p = interiorPoint(r);
    const d = Math.hypot(p[0] - centre[0], p[1] - centre[1]);
    if (!best || d < best.d) best = { p, d };
  }
  return best!.p;
}

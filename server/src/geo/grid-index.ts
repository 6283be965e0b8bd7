/**
 * Point → grid lookup and the geometry checks that keep grids valid (simple rings that do not
 * overlap). Pure: no Nest, no database. Coordinates are [lng, lat] WGS84 degrees; the checks
 * treat them as planar, which is exact enough at city scale.
 */
import Flatbush from 'flatbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';

export type Ring = [number, number][];
type Pt = readonly [number, number];

export interface GridShape {
  code: string;
  /** Closed ring [lng, lat]. */
  polygon: Ring;
}

/**
 * Bounding boxes in a Flatbush tree, then an exact point-in-polygon test on the few grids whose
 * box holds the point. A point on an edge shared by two grids belongs to the grid with the
 * smaller code, so every covered point answers exactly one grid.
 */
export class GridIndex {
  readonly size: number;
  /** Point-in-polygon tests done so far: lets tests check that the tree narrows the search. */
  polygonTests = 0;
  private readonly tree: Flatbush | null;
  private readonly shapes: { code: string; polygon: { type: 'Polygon'; coordinates: Ring[] } }[];

  constructor(grids: readonly GridShape[]) {
    this.size = grids.length;
    this.shapes = grids.map((g) => ({ code: g.code, polygon: { type: 'Polygon', coordinates: [g.polygon] } }));
    if (grids.length === 0) {
      this.tree = null; // Flatbush refuses zero items
      return;
    }
    const tree = new Flatbush(grids.length);
    for (const g of grids) {
      const [minX, minY, maxX, maxY] = bbox(g.polygon);
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
    this.tree = tree;
  }

  /** The code of the grid containing the point, or null outside every grid. */
  locate(lng: number, lat: number): string | null {
    return this.locateAll(lng, lat)[0] ?? null;
  }

  /** Codes of every grid containing the point (boundary included), smallest first. */
  locateAll(lng: number, lat: number): string[] {
    if (!this.tree || !Number.isFinite(lng) || !Number.isFinite(lat)) return [];
    const hits: string[] = [];
    for (const i of this.tree.search(lng, lat, lng, lat)) {
      this.polygonTests++;
      const shape = this.shapes[i];
      if (booleanPointInPolygon([lng, lat], shape.polygon)) hits.push(shape.code);
    }
    return hits.sort();
  }
}

export function bbox(ring: readonly Pt[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

// ---------------------------------------------------------------------------------------------
// Planar predicates. EPS is in degree² for cross products: ~1e-12° off a 0.01° segment.

const EPS = 1e-14;
/** Largest ring validateRing checks (its self-intersection test is quadratic). */
export const MAX_RING_POINTS = 5000;

const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const sign = (v: number) => (v > EPS ? 1 : v < -EPS ? -1 : 0);
const same = (a: Pt, b: Pt) => a[0] === b[0] && a[1] === b[1];

/** Is p on the closed segment ab (given collinear)? */
const withinBox = (p: Pt, a: Pt, b: Pt) =>
  Math.min(a[0], b[0]) - 1e-12 <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) + 1e-12 &&
  Math.min(a[1], b[1]) - 1e-12 <= p[1] &&
  p[1] <= Math.max(a[1], b[1]) + 1e-12;
const onSegment = (p: Pt, a: Pt, b: Pt) => sign(cross(a, b, p)) === 0 && withinBox(p, a, b);

/** Do closed segments ab and cd share at least one point? */
function segmentsTouch(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = sign(cross(c, d, a));
  const d2 = sign(cross(c, d, b));
  const d3 = sign(cross(a, b, c));
  const d4 = sign(cross(a, b, d));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinBox(a, c, d)) ||
    (d2 === 0 && withinBox(b, c, d)) ||
    (d3 === 0 && withinBox(c, a, b)) ||
    (d4 === 0 && withinBox(d, a, b))
  );
}

/** Twice the signed area (positive when counter-clockwise). */
function doubleArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

/**
 * Why a ring cannot be a grid boundary, in Chinese for the user, or null when it is a valid
 * simple closed ring: at least 4 points (3 corners + the closing point), finite numbers, first
 * point equal to the last, no repeated consecutive points, non-zero area, no edge touching or
 * crossing a non-adjacent edge, no edge doubling back on its neighbour.
 */
export function validateRing(ring: readonly (readonly number[])[]): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return '网格边界至少需要 4 个点（3 个顶点加 1 个与首点相同的闭合点）';
  if (ring.length > MAX_RING_POINTS) return `网格边界的点数不能超过 ${MAX_RING_POINTS} 个`;
  if (ring.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
    return '网格边界的每个点必须是 [经度, 纬度] 两个有限数字';
  }
  const pts = ring as readonly Pt[];
  const n = pts.length - 1; // edges
  if (!same(pts[0], pts[n])) return '网格边界未闭合：首点与末点必须相同';
  for (let i = 0; i < n; i++) if (same(pts[i], pts[i + 1])) return `网格边界第 ${i + 1} 个点与下一个点重复`;
  if (n < 3) return '网格边界至少需要 3 个不同的顶点';
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const [a, b, c, d] = [pts[i], pts[i + 1], pts[j], pts[j + 1]];
      if (adjacent) {
        // Neighbours share one vertex; they must not fold back over each other.
        const [shared, p, q] = j === i + 1 ? [b, a, d] : [a, b, c];
        if (sign(cross(shared, p, q)) === 0 && (onSegment(p, shared, q) || onSegment(q, shared, p))) {
          return `网格边界自相交：第 ${i + 1} 条边与第 ${j + 1} 条边折返重叠`;
        }
      } else if (segmentsTouch(a, b, c, d)) {
        return `网格边界自相交：第 ${i + 1} 条边与第 ${j + 1} 条边相交`;
      }
    }
  }
  // After the intersection test: a bow-tie also has zero signed area but is reported as crossing.
  if (sign(doubleArea(pts)) === 0) return '网格面积为零（所有点共线）';
  return null;
}

/** Is p strictly inside the ring (not on its boundary)? */
function strictlyInside(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (onSegment(p, a, b)) return false;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

/** A point strictly inside a simple ring: on a horizontal line through no vertex. */
function interiorPoint(ring: readonly Pt[]): Pt {
  const ys = [...new Set(ring.map((p) => p[1]))].sort((a, b) => a - b);
  const k = Math.max(0, Math.floor((ys.length - 2) / 2));
  const y = (ys[k] + ys[k + 1]) / 2;
  const xs: number[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
  }
  xs.sort((a, b) => a - b);
  return [(xs[0] + xs[1]) / 2, y];
}

/** Does some stretch of ring a's boundary run strictly inside ring b? */
function boundaryEnters(a: readonly Pt[], b: readonly Pt[]): boolean {
  for (let i = 0; i < a.length - 1; i++) {
    const p = a[i];
    const q = a[i + 1];
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    const len2 = dx * dx + dy * dy;
    // Parameters along pq where it meets b's boundary split pq into stretches that lie wholly
    // inside or wholly outside b; the midpoint of each stretch tells which.
    const ts = [0, 1];
    for (let j = 0; j < b.length - 1; j++) {
      const r = b[j];
      const s = b[j + 1];
      const ex = s[0] - r[0];
      const ey = s[1] - r[1];
      const denom = dx * ey - dy * ex;
      if (sign(denom) !== 0) {
        const t = ((r[0] - p[0]) * ey - (r[1] - p[1]) * ex) / denom;
        const u = ((r[0] - p[0]) * dy - (r[1] - p[1]) * dx) / denom;
        if (t > 0 && t < 1 && u >= -1e-12 && u <= 1 + 1e-12) ts.push(t);
      } else if (sign(cross(p, q, r)) === 0) {
        for (const e of [r, s]) {
          const t = ((e[0] - p[0]) * dx + (e[1] - p[1]) * dy) / len2;
          if (t > 0 && t < 1) ts.push(t);
        }
      }
    }
    ts.sort((x, y) => x - y);
    for (let k = 0; k < ts.length - 1; k++) {
      if (ts[k + 1] - ts[k] < 1e-12) continue;
      const m = (ts[k] + ts[k + 1]) / 2;
      if (strictlyInside([p[0] + m * dx, p[1] + m * dy], b)) return true;
    }
  }
  return false;
}

/**
 * Do the interiors of two valid rings overlap? Sharing an edge or a corner is not overlap.
 * Either one boundary passes through the other's interior somewhere, or the two rings enclose
 * the same region (then an interior point of one lies inside the other).
 */
export function ringsOverlap(a: readonly Pt[], b: readonly Pt[]): boolean {
  const [ax0, ay0, ax1, ay1] = bbox(a);
  const [bx0, by0, bx1, by1] = bbox(b);
  if (ax1 <= bx0 || bx1 <= ax0 || ay1 <= by0 || by1 <= ay0) return false;
  return boundaryEnters(a, b) || boundaryEnters(b, a) || strictlyInside(interiorPoint(a), b) || strictlyInside(interiorPoint(b), a);
}

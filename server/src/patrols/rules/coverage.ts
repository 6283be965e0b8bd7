/**
 * Daily coverage of a grid: square cells of `cellM` metres laid over the grid's bounding box,
 * keeping those whose centre lies inside the polygon; a cell is covered when the day's tracks
 * pass within `reachM` of its centre. Tracks are sampled every `sampleStepM` metres between two
 * consecutive plausible fixes at most `maxGapSeconds` apart (a longer silence is not a walk).
 * share = covered / total cells, per grid or over several grids together. Pure; planar
 * (equirectangular) metres around the grid, exact enough at grid scale.
 */
import type { Fix, PatrolRules } from './config.js';

const M_PER_DEG_LAT = 111_195; // 2πR/360 with R = 6 371 008.8 m

export interface CellGrid {
  code: string;
  cellM: number;
  originLng: number;
  originLat: number;
  mPerDegLng: number;
  nx: number;
  ny: number;
  /** Indices j * nx + i of the cells whose centre is inside the polygon. */
  cells: Set<number>;
}

/** The cells of one grid polygon (closed ring of [lng, lat]). */
export function gridCells(code: string, ring: readonly (readonly [number, number])[], cellM: number): CellGrid {
  let minLng = Infinity,
    minLat = Infinity,
    maxLng = -Infinity,
    maxLat = -Infinity;
  for (const [x, y] of ring) {
    minLng = Math.min(minLng, x);
    maxLng = Math.max(maxLng, x);
    minLat = Math.min(minLat, y);
    maxLat = Math.max(maxLat, y);
  }
  const mPerDegLng = M_PER_DEG_LAT * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const nx = Math.max(1, Math.ceil(((maxLng - minLng) * mPerDegLng) / cellM));
  const ny = Math.max(1, Math.ceil(((maxLat - minLat) * M_PER_DEG_LAT) / cellM));
  const cells = new Set<number>();
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const lng = minLng + ((i + 0.5) * cellM) / mPerDegLng;
      const lat = minLat + ((j + 0.5) * cellM) / M_PER_DEG_LAT;
      if (pointInRing(lng, lat, ring)) cells.add(j * nx + i);
    }
  }
  return { code, cellM, originLng: minLng, originLat: minLat, mPerDegLng, nx, ny, cells };
}

/** Even-odd ray casting. */
export function pointInRing(x: number, y: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

type CoverageRules = Pick<PatrolRules, 'maxGapSeconds'> & { coverage: Pick<PatrolRules['coverage'], 'reachM' | 'sampleStepM'> };

/** The cells of `grid` the tracks pass within reach of. */
export function coveredCells(grid: CellGrid, tracks: readonly (readonly Fix[])[], rules: CoverageRules): Set<number> {
  const covered = new Set<number>();
  const { reachM, sampleStepM } = rules.coverage;
  const r2 = reachM * reachM;
  const maxGap = rules.maxGapSeconds * 1000;
  const mark = (lng: number, lat: number) => {
    const x = (lng - grid.originLng) * grid.mPerDegLng;
    const y = (lat - grid.originLat) * M_PER_DEG_LAT;
    const i0 = Math.max(0, Math.floor((x - reachM) / grid.cellM));
    const i1 = Math.min(grid.nx - 1, Math.floor((x + reachM) / grid.cellM));
    const j0 = Math.max(0, Math.floor((y - reachM) / grid.cellM));
    const j1 = Math.min(grid.ny - 1, Math.floor((y + reachM) / grid.cellM));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const k = j * grid.nx + i;
        if (covered.has(k) || !grid.cells.has(k)) continue;
        const dx = (i + 0.5) * grid.cellM - x;
        const dy = (j + 0.5) * grid.cellM - y;
        if (dx * dx + dy * dy <= r2) covered.add(k);
      }
    }
  };
  for (const track of tracks) {
    for (let n = 0; n < track.length; n++) {
      const b = track[n];
      mark(b.lng, b.lat);
      if (n === 0) continue;
      const a = track[n - 1];
      if (b.t - a.t > maxGap) continue;
      const dx = (b.lng - a.lng) * grid.mPerDegLng;
      const dy = (b.lat - a.lat) * M_PER_DEG_LAT;
      const steps = Math.floor(Math.hypot(dx, dy) / sampleStepM);
      for (let s = 1; s <= steps; s++) {
        const f = s / (steps + 1);
        mark(a.lng + (b.lng - a.lng) * f, a.lat + (b.lat - a.lat) * f);
      }
    }
  }
  return covered;
}

export interface CoverageFigure {
  covered: number;
  total: number;
  /** null when there are no cells at all ("no data", never 0 %). */
  share: number | null;
}

/** Coverage of several grids taken together (a person's assigned area). */
export function coverage(grids: readonly CellGrid[], tracks: readonly (readonly Fix[])[], rules: CoverageRules): CoverageFigure {
  let covered = 0;
  let total = 0;
  for (const g of grids) {
    total += g.cells.size;
    if (tracks.length) covered += coveredCells(g, tracks, rules).size;
  }
  return { covered, total, share: total ? covered / total : null };
}

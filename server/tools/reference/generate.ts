/**
 * Generates the reference data the server loads at start (server/reference/*.json, read by
 * src/seed/reference/index.ts) from the CSVs in ./data and from the layout constants below.
 *
 *   cd server && npx tsx tools/reference/generate.ts
 *
 * generate.spec.ts checks that the committed JSON is exactly what this produces.
 * Output is deterministic: no clock, no Math.random (a seeded PRNG), fixed iteration orders.
 *
 * Grids: plausible, not surveyed. A lattice of 0.0025° × 0.002° cells (≈ 230 m × 222 m) covers
 * central Xuchang. Each street/township has a seed point and a size; a cell belongs to the street
 * whose power distance (d² − size²) is smallest, measured in a smoothly warped plane so that the
 * boundaries wander like real ones. Each street's cells are split into grids by a multi-source
 * flood fill from spread-out seeds (every grid is contiguous), then a clean-up loop removes what
 * would make a grid's outline non-simple (diagonal pinches, holes, detached pieces). Each grid's
 * outline is traced along cell edges and collinear vertices are merged, so neighbours share
 * exactly the same edges: no gaps, no overlaps.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { THEMES, type Theme, type TimeLimitUnit } from '@xc/shared';
import type {
  RefCategory,
  RefCommunity,
  RefDistrict,
  RefGrid,
  RefGroup,
  RefHoliday,
  RefSamplePoint,
  RefStatus,
  RefStreet,
  RefUnit,
} from '../../src/seed/reference/types.js';
import { prng } from '../../src/common/prng.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, 'data');
/** Where the server reads the generated data (src/seed/reference/index.ts). */
export const OUT_DIR = join(HERE, '..', '..', 'reference');

// ---------------------------------------------------------------------------------------------
// CSV

function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const csv = (name: string) => parseCsv(readFileSync(join(DATA, name), 'utf8'));
const asStatus = (s: string): RefStatus => {
  if (s !== 'source' && s !== 'inferred') throw new Error(`bad status ${s}`);
  return s;
};

// ---------------------------------------------------------------------------------------------
// Deterministic helpers

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------
// Districts and streets

/** Central districts in the order of the bulletin's 中心城区组. */
const DISTRICT_DEFS: { csvName: string; name: string; unitName: string; code: string; status: RefStatus; note?: string }[] = [
  {
    csvName: '许昌城乡一体化示范区',
    name: '许昌城乡一体化示范区',
    unitName: '市城乡一体化示范区',
    code: '411091',
    status: 'source',
    note: '伪代码：示范区无 GB/T 2260 或统计用区划代码，411091 为本系统自定',
  },
  {
    csvName: '东城区',
    name: '东城区',
    unitName: '东城区',
    code: '411090',
    status: 'source',
    note: '伪代码：东城区在国家统计局 2022 年区划中仅为魏都区下的统计单位 411002570，411090 为本系统自定',
  },
  { csvName: '魏都区', name: '魏都区', unitName: '魏都区', code: '411002', status: 'source' },
  { csvName: '建安区', name: '建安区', unitName: '建安区', code: '411003', status: 'source' },
  {
    csvName: '许昌经济技术开发区',
    name: '许昌经济技术开发区',
    unitName: '许昌经济技术开发区',
    code: '411071',
    status: 'source',
    note: '411071 为国家统计局统计用代码，不在 GB/T 2260 中',
  },
];

/**
 * Layout of each street: seed point (WGS84) and size in km (power-diagram weight), chosen to
 * resemble the real arrangement (魏都区 the old centre, 东城区 east, 示范区 south-east, 开发区
 * south-west, 建安区 north and around with rural townships farther out). `reach` is how far in
 * km the covered area extends from the seed. Not surveyed.
 */
const LAYOUT: Record<string, { lng: number; lat: number; size: number; reach: number }> = {
  // 魏都区
  西大街道: { lng: 113.817, lat: 34.031, size: 0.5, reach: 1.6 },
  东大街道: { lng: 113.833, lat: 34.031, size: 0.5, reach: 1.6 },
  西关街道: { lng: 113.803, lat: 34.026, size: 0.6, reach: 1.6 },
  南关街道: { lng: 113.823, lat: 34.019, size: 0.6, reach: 1.6 },
  北大街道: { lng: 113.826, lat: 34.042, size: 0.5, reach: 1.6 },
  五一路街道: { lng: 113.843, lat: 34.04, size: 0.6, reach: 1.6 },
  高桥营街道: { lng: 113.846, lat: 34.022, size: 0.7, reach: 1.6 },
  丁庄街道: { lng: 113.803, lat: 34.046, size: 0.7, reach: 1.8 },
  颍昌街道: { lng: 113.806, lat: 34.01, size: 0.7, reach: 1.8 },
  文峰街道: { lng: 113.838, lat: 34.006, size: 0.8, reach: 1.8 },
  新兴街道: { lng: 113.849, lat: 34.054, size: 0.7, reach: 1.8 },
  灞陵街道: { lng: 113.786, lat: 34.034, size: 0.8, reach: 1.8 },
  魏北街道: { lng: 113.826, lat: 34.057, size: 0.7, reach: 1.8 },
  产业集聚区街道: { lng: 113.823, lat: 33.993, size: 0.9, reach: 2.0 },
  // 东城区
  永昌街道: { lng: 113.867, lat: 34.033, size: 0.9, reach: 2.0 },
  祖师街道: { lng: 113.884, lat: 34.052, size: 1.0, reach: 2.2 },
  半截河街道: { lng: 113.873, lat: 34.013, size: 0.9, reach: 2.0 },
  天宝路街道: { lng: 113.895, lat: 34.03, size: 1.0, reach: 2.2 },
  // 示范区
  魏武街道: { lng: 113.856, lat: 33.984, size: 1.0, reach: 2.2 },
  永兴街道: { lng: 113.893, lat: 33.992, size: 1.1, reach: 2.4 },
  尚集镇: { lng: 113.918, lat: 33.958, size: 2.0, reach: 3.6 },
  // 建安区
  许由街道: { lng: 113.823, lat: 34.073, size: 0.9, reach: 2.0 },
  新元街道: { lng: 113.797, lat: 34.068, size: 0.9, reach: 2.0 },
  邓庄街道: { lng: 113.856, lat: 34.076, size: 1.0, reach: 2.0 },
  昌盛街道: { lng: 113.774, lat: 34.055, size: 1.0, reach: 2.2 },
  小召乡: { lng: 113.884, lat: 34.093, size: 1.6, reach: 3.0 },
  将官池镇: { lng: 113.733, lat: 34.066, size: 2.6, reach: 4.2 },
  五女店镇: { lng: 113.928, lat: 34.086, size: 2.4, reach: 4.0 },
  苏桥镇: { lng: 113.84, lat: 34.126, size: 2.4, reach: 4.0 },
  蒋李集镇: { lng: 113.887, lat: 34.16, size: 2.4, reach: 4.0 },
  张潘镇: { lng: 113.958, lat: 34.04, size: 2.4, reach: 4.0 },
  灵井镇: { lng: 113.69, lat: 34.028, size: 2.6, reach: 4.2 },
  陈曹乡: { lng: 113.792, lat: 34.158, size: 2.4, reach: 4.0 },
  河街乡: { lng: 113.722, lat: 34.122, size: 2.4, reach: 4.0 },
  桂村乡: { lng: 113.668, lat: 34.092, size: 2.4, reach: 4.0 },
  椹涧乡: { lng: 113.945, lat: 34.135, size: 2.4, reach: 4.0 },
  榆林乡: { lng: 113.72, lat: 33.985, size: 2.4, reach: 4.0 },
  艾庄回族乡: { lng: 113.768, lat: 34.105, size: 1.8, reach: 3.2 },
  // 开发区
  长村张街道: { lng: 113.782, lat: 34.003, size: 1.3, reach: 2.6 },
  龙湖街道: { lng: 113.795, lat: 33.975, size: 1.2, reach: 2.4 },
};

/** Pseudo 3-digit suffixes for streets without an NBS code. */
const PSEUDO_STREET_SUFFIX: Record<string, string> = {
  永昌街道: '001',
  祖师街道: '002',
  半截河街道: '003',
  天宝路街道: '004',
  魏武街道: '001',
  永兴街道: '002',
};

/**
 * Streets left out of the 36-unit 乡（镇、街道）组: the exact 36 evaluated in 2023 are unknown
 * (41 candidates in xuchang-divisions.csv). 建安区产业集聚区 is not a township at all and is not
 * a street here; the four below are the ones whose 2023 status is least certain.
 */
const NOT_IN_STREET_GROUP: Record<string, string> = {
  产业集聚区街道: '不在国家统计局 2023 年魏都区名单中',
  邓庄街道: '2023 年由建安区还是示范区管理未能确认',
  半截河街道: '国家统计局 2023 年名单列于魏都区，与东城区通报不一致',
  尚集镇: '示范区仅代管尚集镇部分区域',
};

// ---------------------------------------------------------------------------------------------
// Grid lattice

const LAT0 = 33.9;
const LNG0 = 113.6;
const DLNG = 0.0025;
const DLAT = 0.002;
const NX = 170;
const NY = 165;
const KM_PER_DEG_LAT = 111.0;
const KM_PER_DEG_LNG = 111.32 * Math.cos((34.05 * Math.PI) / 180);
/** Cells per grid: small in the built-up streets, large in rural townships. */
const GRID_TARGET_CELLS = { urban: 16, rural: 150 };
/** The point the brief asks for inside a 魏都区 street's first grid. */
const WEIDU_SAMPLE = { lng: 113.823, lat: 34.0235 };

interface StreetPlan {
  street: RefStreet;
  layout: { lng: number; lat: number; size: number; reach: number };
  rural: boolean;
}

/** Smooth deterministic displacement (km) so that boundaries wander; small enough not to fold. */
function warp(xKm: number, yKm: number): [number, number] {
  const dx = 0.45 * Math.sin(xKm / 2.1 + 1.3 * Math.cos(yKm / 3.3)) + 0.12 * Math.sin((xKm + 2 * yKm) / 0.9 + 0.7);
  const dy = 0.45 * Math.cos(yKm / 2.4 + 1.1 * Math.sin(xKm / 2.9)) + 0.12 * Math.cos((2 * xKm - yKm) / 0.8 + 2.1);
  return [xKm + dx, yKm + dy];
}

/** Smooth deterministic noise in about [-1, 1]; `phase` gives each use its own pattern. */
function noise(xKm: number, yKm: number, phase: number): number {
  return (
    (Math.sin(xKm / 1.7 + phase) * Math.cos(yKm / 2.3 - 0.5 * phase) +
      0.5 * Math.sin((xKm + yKm) / 0.9 + 2 * phase) +
      0.5 * Math.cos((xKm - yKm) / 1.3 + 3 * phase)) /
    2
  );
}

const toKm = (lng: number, lat: number): [number, number] => [(lng - LNG0) * KM_PER_DEG_LNG, (lat - LAT0) * KM_PER_DEG_LAT];
const cellCenter = (i: number, j: number): [number, number] => [LNG0 + (i + 0.5) * DLNG, LAT0 + (j + 0.5) * DLAT];
const idx = (i: number, j: number) => j * NX + i;
const N4: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

function buildGrids(plans: StreetPlan[]): { grids: RefGrid[]; communities: RefCommunity[]; samples: RefSamplePoint[] } {
  const rnd = prng(20230313);
  const seedsKm = plans.map((p) => warp(...toKm(p.layout.lng, p.layout.lat)));

  // 1. Streets: power diagram in the warped plane, limited to each street's reach.
  const street = new Int32Array(NX * NY).fill(-1);
  for (let j = 0; j < NY; j++) {
    for (let i = 0; i < NX; i++) {
      const [x, y] = warp(...toKm(...cellCenter(i, j)));
      let best = -1;
      let bestScore = Infinity;
      let covered = false;
      plans.forEach((p, s) => {
        const d2 = (x - seedsKm[s][0]) ** 2 + (y - seedsKm[s][1]) ** 2;
        if (d2 < (p.layout.reach * (1 + 0.3 * noise(x, y, 0.37))) ** 2) covered = true;
        const score = d2 - p.layout.size ** 2 * (1 + 0.7 * noise(x, y, 1.9 + s * 2.3));
        if (score < bestScore) {
          bestScore = score;
          best = s;
        }
      });
      if (covered) street[idx(i, j)] = best;
    }
  }
  fillEnclosedGaps(street, (c) => street[c]);

  // 2. Grids: split each street into contiguous pieces.
  const grid = new Int32Array(NX * NY).fill(-1);
  const gridStreet: number[] = [];
  plans.forEach((plan, s) => {
    const cells: number[] = [];
    for (let c = 0; c < NX * NY; c++) if (street[c] === s) cells.push(c);
    const main = largestComponent(cells);
    const target = plan.rural ? GRID_TARGET_CELLS.rural : GRID_TARGET_CELLS.urban;
    const k = Math.max(2, Math.round(main.length / target));
    const labels = splitRegion(main, k, rnd);
    const base = gridStreet.length;
    for (let g = 0; g < k; g++) gridStreet.push(s);
    main.forEach((c, n) => (grid[c] = base + labels[n]));
  });
  // Detached bits of a street (rare) join the neighbouring grid they touch most.
  for (let c = 0; c < NX * NY; c++) if (street[c] !== -1 && grid[c] === -1) grid[c] = -2;
  absorbOrphans(grid);

  // 3. Clean-up until every grid is one simple ring: contiguous, no holes, no diagonal pinches.
  for (let round = 0; ; round++) {
    if (round > 200) throw new Error('grid clean-up did not converge');
    const changed = fixPinches(grid) + fixHoles(grid) + fixDetached(grid);
    if (changed === 0) break;
  }

  // 4. Order, name, code, trace.
  const grids: RefGrid[] = [];
  const communities: RefCommunity[] = [];
  const samples: RefSamplePoint[] = [];
  const names = new NamePool();
  const anchorCell = idx(Math.floor((WEIDU_SAMPLE.lng - LNG0) / DLNG), Math.floor((WEIDU_SAMPLE.lat - LAT0) / DLAT));
  plans.forEach((plan, s) => {
    const gridIds = [...new Set(gridStreet.map((st, g) => (st === s ? g : -1)).filter((g) => g >= 0))];
    const cellsOf = new Map<number, number[]>(gridIds.map((g) => [g, []]));
    for (let c = 0; c < NX * NY; c++) if (cellsOf.has(grid[c])) cellsOf.get(grid[c])!.push(c);
    const live = gridIds.filter((g) => cellsOf.get(g)!.length > 0);
    if (live.length < 2) throw new Error(`${plan.street.name} has fewer than 2 grids`);
    // Anchor: the grid holding the 魏都区 sample point, else the one nearest the street's seed.
    const centroid = (g: number) => {
      const cs = cellsOf.get(g)!;
      const sum = cs.reduce((a, c) => [a[0] + (c % NX), a[1] + Math.floor(c / NX)], [0, 0]);
      return [sum[0] / cs.length, sum[1] / cs.length] as const;
    };
    const seedI = (plan.layout.lng - LNG0) / DLNG;
    const seedJ = (plan.layout.lat - LAT0) / DLAT;
    let anchor = live.find((g) => g === grid[anchorCell]);
    if (anchor === undefined) {
      anchor = live.reduce((b, g) => {
        const [ci, cj] = centroid(g);
        const [bi, bj] = centroid(b);
        return (ci - seedI) ** 2 + (cj - seedJ) ** 2 < (bi - seedI) ** 2 + (bj - seedJ) ** 2 ? g : b;
      });
    }
    // Sweep clockwise from the anchor around the street's centroid, so communities are sectors.
    const all = live.flatMap((g) => cellsOf.get(g)!);
    const ci = all.reduce((a, c) => a + (c % NX), 0) / all.length;
    const cj = all.reduce((a, c) => a + Math.floor(c / NX), 0) / all.length;
    const angle = (g: number) => Math.atan2(centroid(g)[1] - cj, centroid(g)[0] - ci);
    const a0 = angle(anchor);
    const ordered = [anchor, ...live.filter((g) => g !== anchor).sort((g, h) => norm(a0 - angle(g)) - norm(a0 - angle(h)) || g - h)];
    const communityCount = Math.min(3, Math.max(1, Math.floor(ordered.length / 2)));
    let gi = 0;
    for (let ci2 = 0; ci2 < communityCount; ci2++) {
      const take = Math.floor(ordered.length / communityCount) + (ci2 < ordered.length % communityCount ? 1 : 0);
      const community: RefCommunity = {
        code: plan.street.code + String(ci2 + 1).padStart(3, '0'),
        name: names.next(plan.street.type !== '街道'),
        streetCode: plan.street.code,
        status: 'demo',
      };
      communities.push(community);
      for (let n = 0; n < take; n++, gi++) {
        const g = ordered[gi];
        const ring = traceRing(new Set(cellsOf.get(g)!));
        const code = community.code + String(n + 1).padStart(3, '0');
        grids.push({
          code,
          name: `${plan.street.name}${community.name}第${n + 1}网格`,
          communityCode: community.code,
          streetCode: plan.street.code,
          districtCode: plan.street.districtCode,
          polygon: ring,
        });
        if (gi === 0) {
          const sample = g === grid[anchorCell] ? WEIDU_SAMPLE : innerPoint(cellsOf.get(g)!, grid);
          samples.push({ streetCode: plan.street.code, gridCode: code, lng: sample.lng, lat: sample.lat });
        }
      }
    }
  });
  return { grids, communities, samples };
}

const norm = (a: number) => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);

function neighbours(c: number): number[] {
  const i = c % NX;
  const j = Math.floor(c / NX);
  const out: number[] = [];
  for (const [di, dj] of N4) {
    const ni = i + di;
    const nj = j + dj;
    if (ni >= 0 && ni < NX && nj >= 0 && nj < NY) out.push(idx(ni, nj));
  }
  return out;
}

/** Components of a cell set under 4-connectivity, largest first. */
function components(cells: number[]): number[][] {
  const set = new Set(cells);
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of cells) {
    if (seen.has(start)) continue;
    const comp = [start];
    seen.add(start);
    for (let k = 0; k < comp.length; k++) {
      for (const n of neighbours(comp[k])) {
        if (set.has(n) && !seen.has(n)) {
          seen.add(n);
          comp.push(n);
        }
      }
    }
    out.push(comp);
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

const largestComponent = (cells: number[]) => components(cells)[0] ?? [];

/** Unlabelled cells (-1) that the outside cannot reach become part of a neighbouring region. */
function fillEnclosedGaps(label: Int32Array, get: (c: number) => number): void {
  const outside = new Uint8Array(NX * NY);
  const queue: number[] = [];
  for (let c = 0; c < NX * NY; c++) {
    const i = c % NX;
    const j = Math.floor(c / NX);
    if ((i === 0 || j === 0 || i === NX - 1 || j === NY - 1) && get(c) === -1) {
      outside[c] = 1;
      queue.push(c);
    }
  }
  for (let k = 0; k < queue.length; k++) {
    for (const n of neighbours(queue[k])) {
      if (!outside[n] && get(n) === -1) {
        outside[n] = 1;
        queue.push(n);
      }
    }
  }
  for (let c = 0; c < NX * NY; c++) if (label[c] === -1 && !outside[c]) label[c] = -2;
  absorbOrphans(label);
}

/** Cells marked -2 take the most common label among their labelled neighbours, repeatedly. */
function absorbOrphans(label: Int32Array): void {
  for (;;) {
    let pending = 0;
    let progressed = false;
    for (let c = 0; c < NX * NY; c++) {
      if (label[c] !== -2) continue;
      const counts = new Map<number, number>();
      for (const n of neighbours(c)) if (label[n] >= 0) counts.set(label[n], (counts.get(label[n]) ?? 0) + 1);
      if (counts.size === 0) {
        pending++;
        continue;
      }
      label[c] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      progressed = true;
    }
    if (pending === 0) return;
    if (!progressed) throw new Error('orphan cells with no labelled neighbour');
  }
}

/**
 * Splits a contiguous region into k contiguous parts: farthest-point seeds, two Lloyd rounds,
 * then a multi-source flood fill with jittered step costs (irregular, still contiguous).
 */
function splitRegion(cells: number[], k: number, rnd: () => number): number[] {
  const pos = (c: number) => [c % NX, Math.floor(c / NX)] as const;
  const d2 = (a: number, b: number) => {
    const [ai, aj] = pos(a);
    const [bi, bj] = pos(b);
    return (ai - bi) ** 2 + (aj - bj) ** 2;
  };
  const mean = cells.reduce((a, c) => [a[0] + pos(c)[0], a[1] + pos(c)[1]], [0, 0]).map((v) => v / cells.length);
  let seeds = [
    cells.reduce((b, c) =>
      (pos(c)[0] - mean[0]) ** 2 + (pos(c)[1] - mean[1]) ** 2 < (pos(b)[0] - mean[0]) ** 2 + (pos(b)[1] - mean[1]) ** 2 ? c : b,
    ),
  ];
  while (seeds.length < k) {
    seeds.push(cells.reduce((b, c) => (Math.min(...seeds.map((s) => d2(s, c))) > Math.min(...seeds.map((s) => d2(s, b))) ? c : b)));
  }
  const index = new Map(cells.map((c, n) => [c, n]));
  const cost = cells.map(() => 1 + 0.8 * rnd());
  const flood = (sds: number[]) => {
    const dist = new Float64Array(cells.length).fill(Infinity);
    const lab = new Int32Array(cells.length).fill(-1);
    // Small binary heap keyed by distance.
    const heap: [number, number][] = [];
    const push = (item: [number, number]) => {
      heap.push(item);
      let n = heap.length - 1;
      while (n > 0) {
        const p = (n - 1) >> 1;
        if (heap[p][0] <= heap[n][0]) break;
        [heap[p], heap[n]] = [heap[n], heap[p]];
        n = p;
      }
    };
    const pop = () => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let n = 0;
        for (;;) {
          const l = 2 * n + 1;
          const r = l + 1;
          let m = n;
          if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
          if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
          if (m === n) break;
          [heap[m], heap[n]] = [heap[n], heap[m]];
          n = m;
        }
      }
      return top;
    };
    sds.forEach((s, g) => {
      const n = index.get(s)!;
      dist[n] = 0;
      lab[n] = g;
      push([0, n]);
    });
    while (heap.length) {
      const [d, n] = pop();
      if (d > dist[n]) continue;
      for (const nb of neighbours(cells[n])) {
        const m = index.get(nb);
        if (m === undefined) continue;
        const nd = d + cost[m];
        if (nd < dist[m]) {
          dist[m] = nd;
          lab[m] = lab[n];
          push([nd, m]);
        }
      }
    }
    return lab;
  };
  let labels = flood(seeds);
  for (let round = 0; round < 2; round++) {
    seeds = seeds.map((_, g) => {
      const mine = cells.filter((_, n) => labels[n] === g);
      const m = mine.reduce((a, c) => [a[0] + pos(c)[0], a[1] + pos(c)[1]], [0, 0]).map((v) => v / mine.length);
      return mine.reduce((b, c) =>
        (pos(c)[0] - m[0]) ** 2 + (pos(c)[1] - m[1]) ** 2 < (pos(b)[0] - m[0]) ** 2 + (pos(b)[1] - m[1]) ** 2 ? c : b,
      );
    });
    labels = flood(seeds);
  }
  return Array.from(labels);
}

/** Is the grid's cell set still contiguous (and non-empty) without cell `without`? */
function staysContiguous(grid: Int32Array, g: number, without: number): boolean {
  const cells: number[] = [];
  for (let c = 0; c < NX * NY; c++) if (grid[c] === g && c !== without) cells.push(c);
  return cells.length > 0 && components(cells).length === 1;
}

/**
 * A 2×2 block where a grid holds two diagonal cells and neither of the other two makes its
 * outline touch itself at a vertex. Fixed by moving one cell, preferring moves inside a street
 * and moves that keep the donor contiguous.
 */
function fixPinches(grid: Int32Array): number {
  let changed = 0;
  for (let j = 0; j < NY - 1; j++) {
    for (let i = 0; i < NX - 1; i++) {
      const a = idx(i, j);
      const b = idx(i + 1, j);
      const c = idx(i, j + 1);
      const d = idx(i + 1, j + 1);
      for (const [p, q, r, s] of [
        [a, d, b, c],
        [b, c, a, d],
      ]) {
        const x = grid[p];
        if (x < 0 || grid[q] !== x || grid[r] === x || grid[s] === x) continue;
        // Try giving x one of the two other cells (fill the notch), else take one of x's away.
        const moves: [number, number][] = [
          [r, x],
          [s, x],
          [p, grid[r]],
          [q, grid[s]],
          [p, grid[s]],
          [q, grid[r]],
        ];
        for (const [cell, to] of moves) {
          const from = grid[cell];
          if (to < 0 && from >= 0) continue; // never uncover a cell
          if (from >= 0 && !staysContiguous(grid, from, cell)) continue;
          grid[cell] = to;
          changed++;
          break;
        }
      }
    }
  }
  return changed;
}

/** Cells of other labels (or uncovered) enclosed by a grid become part of it. */
function fixHoles(grid: Int32Array): number {
  let changed = 0;
  const ids = new Set<number>();
  for (let c = 0; c < NX * NY; c++) if (grid[c] >= 0) ids.add(grid[c]);
  for (const g of [...ids].sort((a, b) => a - b)) {
    let minI = NX;
    let maxI = -1;
    let minJ = NY;
    let maxJ = -1;
    for (let c = 0; c < NX * NY; c++) {
      if (grid[c] !== g) continue;
      const i = c % NX;
      const j = Math.floor(c / NX);
      minI = Math.min(minI, i);
      maxI = Math.max(maxI, i);
      minJ = Math.min(minJ, j);
      maxJ = Math.max(maxJ, j);
    }
    if (maxI < 0) continue;
    // Flood the non-g cells of the bounding box from its border; what stays dry is a hole.
    const inBox = (i: number, j: number) => i >= minI && i <= maxI && j >= minJ && j <= maxJ;
    const reached = new Set<number>();
    const queue: number[] = [];
    for (let j = minJ; j <= maxJ; j++) {
      for (let i = minI; i <= maxI; i++) {
        if ((i === minI || i === maxI || j === minJ || j === maxJ) && grid[idx(i, j)] !== g) {
          reached.add(idx(i, j));
          queue.push(idx(i, j));
        }
      }
    }
    for (let k = 0; k < queue.length; k++) {
      const c = queue[k];
      for (const [di, dj] of N4) {
        const ni = (c % NX) + di;
        const nj = Math.floor(c / NX) + dj;
        if (!inBox(ni, nj)) continue;
        const n = idx(ni, nj);
        if (grid[n] !== g && !reached.has(n)) {
          reached.add(n);
          queue.push(n);
        }
      }
    }
    for (let j = minJ; j <= maxJ; j++) {
      for (let i = minI; i <= maxI; i++) {
        const c = idx(i, j);
        if (grid[c] !== g && !reached.has(c)) {
          grid[c] = g;
          changed++;
        }
      }
    }
  }
  return changed;
}

/** Pieces of a grid cut off from its main body join a neighbouring grid. */
function fixDetached(grid: Int32Array): number {
  const byGrid = new Map<number, number[]>();
  for (let c = 0; c < NX * NY; c++) if (grid[c] >= 0) (byGrid.get(grid[c]) ?? byGrid.set(grid[c], []).get(grid[c])!).push(c);
  let changed = 0;
  for (const [, cells] of [...byGrid].sort((a, b) => a[0] - b[0])) {
    const [, ...rest] = components(cells);
    for (const piece of rest) {
      for (const c of piece) grid[c] = -2;
      changed += piece.length;
    }
  }
  if (changed) absorbOrphans(grid);
  return changed;
}

/** Outline of a contiguous, hole-free, pinch-free cell set: counter-clockwise, closed, [lng, lat]. */
function traceRing(cells: Set<number>): [number, number][] {
  const next = new Map<string, [number, number]>();
  const key = (i: number, j: number) => `${i},${j}`;
  const edge = (a: [number, number], b: [number, number]) => {
    const k = key(...a);
    if (next.has(k)) throw new Error('pinch in grid outline');
    next.set(k, b);
  };
  const has = (i: number, j: number) => i >= 0 && j >= 0 && i < NX && j < NY && cells.has(idx(i, j));
  for (const c of cells) {
    const i = c % NX;
    const j = Math.floor(c / NX);
    if (!has(i, j - 1)) edge([i, j], [i + 1, j]);
    if (!has(i + 1, j)) edge([i + 1, j], [i + 1, j + 1]);
    if (!has(i, j + 1)) edge([i + 1, j + 1], [i, j + 1]);
    if (!has(i - 1, j)) edge([i, j + 1], [i, j]);
  }
  // Start at the lowest-left vertex for a deterministic ring.
  const start = [...next.keys()].map((k) => k.split(',').map(Number) as [number, number]).sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
  const pts: [number, number][] = [start];
  for (let p = next.get(key(...start))!; key(...p) !== key(...start); p = next.get(key(...p))!) pts.push(p);
  if (pts.length !== next.size) throw new Error('grid outline is not a single ring (hole?)');
  // Drop vertices in the middle of straight runs.
  const n = pts.length;
  const kept = pts.filter((p, k) => {
    const a = pts[(k - 1 + n) % n];
    const b = pts[(k + 1) % n];
    return (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]) !== 0;
  });
  const ring = kept.map(([i, j]) => [round6(LNG0 + i * DLNG), round6(LAT0 + j * DLAT)] as [number, number]);
  ring.push([...ring[0]] as [number, number]);
  return ring;
}

/** Centre of a cell of the grid whose 8 neighbours are all in the grid (else any cell). */
function innerPoint(cells: number[], grid: Int32Array): { lng: number; lat: number } {
  const g = grid[cells[0]];
  const deep = cells.find((c) => {
    const i = c % NX;
    const j = Math.floor(c / NX);
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) if (grid[idx(i + di, j + dj)] !== g) return false;
    return true;
  });
  const [lng, lat] = cellCenter((deep ?? cells[0]) % NX, Math.floor((deep ?? cells[0]) / NX));
  return { lng: round6(lng), lat: round6(lat) };
}

/** Plausible community (urban) and village (rural) names, unique across the city. Demo data. */
class NamePool {
  private static readonly URBAN =
    '七里店 北关 建设路 劳动路 八一路 东风 新华 健康 光明 学院路 八龙 毓秀 莲城 春秋 鹿鸣 瑞祥 裕丰 和平 顺城 延安路 前进路 长青 万丰 清泉 许都 曹魏 颍河 清潩 芙蓉 秋湖 兴业 古槐 东兴 银杏 紫云 嘉禾 德馨 明礼 育才 金桥 锦绣 翠柳 华佗 春华 丰收 文化 南海 府前 西湖 神农 魏文 仓库路 兴华 振兴 魏风 双龙 永丰 新民 运粮河 榆树 望田 竹林 海棠 紫荆 芳华 博雅 鸿运 汇通 荷花 泰山 青年 幸福 迎宾 友谊 公园 新城 铁西 平安 春晖 槐树 花园 金汇 建业 滨河 文昌 桃园 杏花 丽景 锦华 馨苑 金谷'.split(
      ' ',
    );
  private static readonly RURAL_SURNAMES =
    '张 李 王 刘 陈 赵 孙 周 吴 郑 冯 杨 何 高 马 宋 韩 黄 朱 胡 郭 罗 梁 谢 许 曹 彭 曾 段 魏 吕 苏 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 邓'.split(
      ' ',
    );
  private static readonly RURAL_SUFFIXES = '庄 楼 湾 寨 岗 营 桥 店 坡 集 屯 洼'.split(' ');
  private urban = 0;
  private rural = 0;
  next(rural: boolean): string {
    if (!rural) {
      const list = NamePool.URBAN;
      const n = this.urban++;
      if (n >= list.length) throw new Error('community name pool exhausted');
      return `${list[n]}社区`;
    }
    const n = this.rural++;
    const s = NamePool.RURAL_SURNAMES;
    const f = NamePool.RURAL_SUFFIXES;
    // Step through surname × suffix with co-prime strides so neighbours differ in both parts.
    return `${s[(n * 7) % s.length]}${f[(n * 5) % f.length]}村`;
  }
}

// ---------------------------------------------------------------------------------------------
// Build everything

function buildDivisions() {
  const rows = csv('xuchang-divisions.csv').filter((r) => r.township);
  const districts: RefDistrict[] = DISTRICT_DEFS.map(({ code, name, status, note }) => ({ code, name, status, ...(note ? { note } : {}) }));
  const streets: RefStreet[] = [];
  for (const d of DISTRICT_DEFS) {
    for (const r of rows.filter((row) => row.district === d.csvName)) {
      if (r.township_type !== '街道' && r.township_type !== '乡' && r.township_type !== '镇') continue; // 建安区产业集聚区
      const nbs = /NBS 20\d\d code (\d{9})/.exec(r.source)?.[1];
      let code: string;
      let note: string | undefined;
      if (nbs && nbs.startsWith(d.code)) code = nbs;
      else if (nbs) {
        code = d.code + nbs.slice(6);
        note = `国家统计局代码 ${nbs}（上级为建安区）；示范区代管，本系统编码改挂示范区伪代码下`;
      } else {
        code = d.code + PSEUDO_STREET_SUFFIX[r.township];
        note = '无国家统计局代码，编码为本系统自定';
      }
      if (r.township === '小召乡') note = '2021 年代码；国家统计局 2022 年改为小召街道 411003005，2023 年 2 月通报仍称小召乡';
      streets.push({
        code,
        name: r.township,
        districtCode: d.code,
        type: r.township_type,
        status: asStatus(r.status),
        ...(note ? { note } : {}),
      });
    }
  }
  // District order of the bulletin, code order inside a district.
  const districtOrder = new Map(DISTRICT_DEFS.map((d, n) => [d.code, n]));
  streets.sort((a, b) => districtOrder.get(a.districtCode)! - districtOrder.get(b.districtCode)! || a.code.localeCompare(b.code));
  return { districts, streets };
}

function buildPlans(streets: RefStreet[]): StreetPlan[] {
  return streets.map((street) => {
    const layout = LAYOUT[street.name];
    if (!layout) throw new Error(`no layout for ${street.name}`);
    return { street, layout, rural: street.type !== '街道' };
  });
}

const GROUPS: RefGroup[] = [
  { code: 'county', name: '两市两县组', order: 1, listMode: 'full', noun: '单位', expectedCount: 4 },
  { code: 'central', name: '中心城区组', order: 2, listMode: 'full', noun: '单位', expectedCount: 5 },
  { code: 'city', name: '市直单位及企事业单位组', order: 3, listMode: 'top_bottom', noun: '单位', expectedCount: 42 },
  { code: 'street', name: '乡（镇、街道）组', order: 4, listMode: 'top_bottom', noun: '乡（镇、街道）', expectedCount: 36 },
];

/** City-group units named by the 2023-02 bulletin, in its order (ties print in this order). */
const BULLETIN_CITY_UNITS = [
  '市市场监督管理局',
  '市政务服务和大数据管理局',
  '市退役军人事务局',
  '许昌供电公司',
  '市投资集团有限公司',
  '市民政局',
  '市供销合作社',
  '市公安局',
  '许昌电信公司',
  '许昌学院',
  '许昌联通公司',
];
/** Named by other articles (domain.md), not by the seed bulletin. */
const OTHER_ARTICLE_CITY_UNITS = ['市卫健委', '市城管局', '市发改委', '市商务局', '市乡村振兴局'];
/** CSV names that are the same body as a name above (the bulletin's or domain.md's spelling wins). */
const SAME_BODY: Record<string, string> = {
  市供销社: '市供销合作社',
  市卫生健康委员会: '市卫健委',
  市城市管理局: '市城管局',
};
/** CSV placeholders without a real name: left out to keep exactly 42. */
const CITY_PLACEHOLDERS = new Set(['许昌市供水企业', '许昌市燃气企业']);
const BULLETIN_STREET_UNITS = [
  '东城区永昌街道办事处',
  '市城乡一体化示范区永兴街道办事处',
  '建安区小召乡',
  '建安区椹涧乡',
  '许昌经济技术开发区长村张街道办事处',
  '建安区蒋李集镇',
  '建安区张潘镇',
];
const COUNTIES = [
  { name: '襄城县', code: '411025' },
  { name: '长葛市', code: '411082' },
  { name: '禹州市', code: '411081' },
  { name: '鄢陵县', code: '411024' },
];

function buildUnits(streets: RefStreet[]): RefUnit[] {
  const units: RefUnit[] = [];
  COUNTIES.forEach((c, n) =>
    units.push({
      code: `county-${c.code}`,
      name: c.name,
      groupCode: 'county',
      order: n + 1,
      kind: 'county',
      districtCode: null,
      streetCode: null,
      status: 'source',
      note: `行政区划代码 ${c.code}；不属中心城区，无街道与网格`,
    }),
  );
  DISTRICT_DEFS.forEach((d, n) =>
    units.push({
      code: `central-${d.code}`,
      name: d.unitName,
      groupCode: 'central',
      order: n + 1,
      kind: 'district',
      districtCode: d.code,
      streetCode: null,
      status: 'source',
    }),
  );

  const csvUnits = csv('xuchang-city-units.csv');
  const cityKind = (name: string, csvKind?: string): RefUnit['kind'] =>
    csvKind === '公司' || csvKind === '学校' || /公司|学院|集团|车站|站$|电视台/.test(name) || (csvKind === '其他' && !/供销/.test(name))
      ? 'enterprise'
      : 'department';
  const city: { name: string; status: RefStatus; kind: RefUnit['kind']; note?: string }[] = [];
  for (const name of BULLETIN_CITY_UNITS) {
    const row = csvUnits.find((r) => r.name === name || SAME_BODY[r.name] === name);
    city.push({ name, status: 'source', kind: cityKind(name, row?.kind), note: '2023 年 2 月通报点名' });
  }
  for (const name of OTHER_ARTICLE_CITY_UNITS) {
    const row = csvUnits.find((r) => r.name === name || SAME_BODY[r.name] === name);
    city.push({ name, status: 'inferred', kind: cityKind(name, row?.kind), note: '其他报道提及，未经本项目资料核实为考评单位' });
  }
  for (const r of csvUnits) {
    const name = SAME_BODY[r.name] ?? r.name;
    if (CITY_PLACEHOLDERS.has(r.name) || city.some((u) => u.name === name)) continue;
    city.push({ name, status: asStatus(r.status), kind: cityKind(name, r.kind) });
  }
  const demoCity = ['市财政局', '市人力资源和社会保障局', '市农业农村局', '市应急管理局', '市林业局'];
  for (const name of demoCity) if (city.length < 42) city.push({ name, status: 'demo', kind: 'department' });
  if (city.length !== 42) throw new Error(`city group has ${city.length} units, expected 42`);
  city.forEach((u, n) =>
    units.push({
      code: `city-${String(n + 1).padStart(2, '0')}`,
      name: u.name,
      groupCode: 'city',
      order: n + 1,
      kind: u.kind,
      districtCode: null,
      streetCode: null,
      status: u.status,
      ...(u.note ? { note: u.note } : {}),
    }),
  );

  // Street group: streets in 中心城区组 order of their districts, NBS code order inside.
  const prefix = new Map(DISTRICT_DEFS.map((d) => [d.code, d.unitName]));
  const members = streets.filter((s) => !NOT_IN_STREET_GROUP[s.name]);
  if (members.length !== 36) throw new Error(`street group has ${members.length} units, expected 36`);
  members.forEach((s, n) => {
    const name = `${prefix.get(s.districtCode)}${s.name}${s.type === '街道' ? '办事处' : ''}`;
    const named = BULLETIN_STREET_UNITS.includes(name);
    units.push({
      code: `street-${s.code}`,
      name,
      groupCode: 'street',
      order: n + 1,
      kind: 'street',
      districtCode: s.districtCode,
      streetCode: s.code,
      status: named ? 'source' : s.status,
      ...(named ? { note: '2023 年 2 月通报点名' } : { note: '2023 年是否参评未经核实（候选名单见 xuchang-divisions.csv）' }),
    });
  });
  for (const name of BULLETIN_STREET_UNITS) if (!units.some((u) => u.name === name)) throw new Error(`missing bulletin unit ${name}`);
  return units;
}

// Categories ------------------------------------------------------------------------------------

type Limit = { value: number; unit: TimeLimitUnit };

/** Rows of case-time-limits.csv used for a subcategory: [code, csv category_name, city, why it matches]. */
const LIMIT_MATCHES: [string, string, string, string][] = [
  ['200101', '违法搭建', '济源市', '违法搭建即私搭乱建'],
  ['200102', '暴露垃圾', 'unknown', '取与 domain.md 一致的 4 工作小时（济源市为 1 工作日）'],
  ['200103', '积存垃圾渣土', '济源市', '同名'],
  ['200104', '道路不洁', '济源市', '同名'],
  ['200105', '水域不洁', '济源市', '同名'],
  ['200106', '绿地保洁（绿地内有垃圾杂物）', 'unknown', '绿地脏乱即绿地保洁'],
  ['200303', '建筑垃圾', 'unknown', '施工废弃料即建筑垃圾'],
  ['200406', '道路保洁（路面积水/非降雪结冰，影响通行）', 'unknown', '道路积水'],
  ['100112', '公安井盖破损（位于道路中）', '福州市', '同类部件'],
  ['100405', '绿地养护（植被缺失或枯死；绿地塌陷/树池围台破损）', 'unknown', '绿地'],
  ['100403', '绿地养护（植被缺失或枯死；绿地塌陷/树池围台破损）', 'unknown', '树池围台即护树设施'],
];

/** Theme by subcategory name, then by major. */
function themeOf(kind: 'part' | 'event', major: string, name: string): Theme {
  const rules: [RegExp, Theme][] = [
    [/烧烤|焚烧|油烟|扬尘|监测站|噪声显示屏|工地$/, '大气污染防治'],
    [/树|绿地|花|古树|喷泉|雕塑|坐椅/, '园林绿化管养'],
    [/垃圾|厕|化粪池|不洁|脏乱|遗撒|尸体|家禽|废弃料|废弃家具/, '环境卫生'],
    [
      /井盖|箅子|路灯|地灯|景观灯|道路破损|塌陷|管|下水道|积水|积雪|线缆|掘路|河堤|桥|护栏|信号|标志|路名牌|立杆|电力|消防|变压器|调压|水井|供水器|铁塔|交接箱|防洪墙|港监|水域附属|隔音屏|显示屏|通道|停车|站亭|站牌|支架|健身/,
      '道路设施维护',
    ],
    [
      /广告|游商|停放|乱|经营|亭|邮筒|售货|宣传|牌匾|霓虹|乞讨|废品|噪音|黑车|晾挂|出版物|空调|私搭|扰民|占道|外立面|废弃车辆|饲养|水域秩序|群发|人防|地下室|危险源/,
      '市容秩序',
    ],
  ];
  for (const [re, theme] of rules) if (re.test(name)) return theme;
  const byMajor: Record<string, Theme> = {
    公用设施: '道路设施维护',
    道路交通: '道路设施维护',
    园林绿化: '园林绿化管养',
    施工管理: '市容秩序',
  };
  return byMajor[major] ?? (kind === 'part' ? '道路设施维护' : '市容秩序');
}

/** Plausible time limit where no published row matches (status inferred). */
function inferredLimit(kind: 'part' | 'event', major: string, name: string): Limit {
  if (/井盖|箅子/.test(name)) return { value: 6, unit: 'hour' }; // domain.md: broken manhole cover 6 hours
  if (/塌陷|管道破裂|自来水管|燃气|热力|群发/.test(name)) return { value: 2, unit: 'hour' };
  if (/下水道|积雪|线缆/.test(name)) return { value: 8, unit: 'workhour' };
  if (/游商|乱停放|烧烤|黑车|乞讨|散发|噪音|扰民|扬尘|焚烧|遗撒/.test(name)) return { value: 2, unit: 'workhour' };
  if (/小广告|张贴|店外|堆物|废品|晾挂|出版物|尸体|油烟/.test(name)) return { value: 4, unit: 'workhour' };
  if (/路灯|地灯|景观灯|信号/.test(name)) return { value: 2, unit: 'workday' };
  if (kind === 'event') return { value: 3, unit: 'workday' };
  if (major === '园林绿化') return { value: 5, unit: 'workday' };
  return { value: 3, unit: 'workday' };
}

function buildCategories(): RefCategory[] {
  const limits = csv('case-time-limits.csv');
  const out: RefCategory[] = [];
  for (const r of csv('cjt214-categories.csv')) {
    const kind = r.kind === '部件' ? 'part' : 'event';
    if (!r.minor) {
      out.push({
        code: r.code,
        kind,
        major: r.major,
        name: r.major,
        parentCode: null,
        theme: null,
        timeLimit: null,
        status: asStatus(r.status),
        ...(r.code === '2006' ? { note: 'domain.md 称“其他”，CSV 称“其他事件”；本组无子类' } : {}),
      });
      continue;
    }
    const match = LIMIT_MATCHES.find(([code]) => code === r.code);
    let timeLimit: Limit;
    let timeLimitStatus: RefStatus;
    let timeLimitSource: string | undefined;
    if (match) {
      const row = limits.find((l) => l.category_name === match[1] && l.city === match[2]);
      if (!row) throw new Error(`no time-limit row ${match[1]} / ${match[2]}`);
      timeLimit = { value: Number(row.limit_value), unit: row.limit_unit as TimeLimitUnit };
      timeLimitStatus = 'source';
      timeLimitSource = `${row.category_name}（${row.city === 'unknown' ? '未署名城市' : row.city}）：${match[3]}；${row.source}`;
    } else {
      timeLimit = inferredLimit(kind, r.major, r.minor);
      timeLimitStatus = 'inferred';
    }
    const note =
      r.code === '200201'
        ? 'domain.md 称“非法张贴小广告”，CSV 称“非法小广告”，取 CSV'
        : r.code === '200304'
          ? 'domain.md 以 200304 为“道路遗撒”；CSV 中 200304 为“施工占道”，道路遗撒为 200112，取 CSV'
          : undefined;
    out.push({
      code: r.code,
      kind,
      major: r.major,
      name: r.minor,
      parentCode: r.code.slice(0, 4),
      theme: themeOf(kind, r.major, r.minor),
      timeLimit,
      status: asStatus(r.status),
      timeLimitStatus,
      ...(timeLimitSource ? { timeLimitSource } : {}),
      ...(note ? { note } : {}),
    });
  }
  for (const c of out) if (c.theme && !THEMES.includes(c.theme)) throw new Error(`bad theme ${c.theme}`);
  return out;
}

function buildHolidays(): RefHoliday[] {
  return csv('cn-holidays.csv').map((r) => {
    if (r.kind !== 'holiday' && r.kind !== 'workday') throw new Error(`bad holiday kind ${r.kind}`);
    return { date: r.date, kind: r.kind, name: r.name, status: asStatus(r.status) };
  });
}

// ---------------------------------------------------------------------------------------------
// Output

/**
 * One JSON document per table: what it is, and its rows one per line (polygons on one line), so a
 * regenerated file diffs row by row.
 */
function document(description: string, rows: readonly object[]): string {
  const lines = rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return `{\n  "generatedBy": "tools/reference/generate.ts",\n  "description": ${JSON.stringify(description)},\n  "rows": [\n${lines}\n  ]\n}\n`;
}

/** Every generated file by name, as text: deterministic, so the committed files can be compared. */
export function generate(): Record<string, string> {
  const { districts, streets } = buildDivisions();
  const { grids, communities, samples } = buildGrids(buildPlans(streets));
  const units = buildUnits(streets);
  const categories = buildCategories();
  const holidays = buildHolidays();
  return {
    'districts.json': document('中心城区 5 个区（管委会），中心城区组顺序。', districts),
    'streets.json': document('中心城区的街道、乡、镇（xuchang-divisions.csv；建安区产业集聚区不是乡镇街道，未列入）。', streets),
    'communities.json': document('每个街道（乡镇）1–3 个社区（村），名称为演示数据。', communities),
    'grids.json': document('单元网格：演示用的合理形状，非测绘成果；互不重叠、无缝拼合成各街道。', grids),
    'sample-points.json': document('每个街道一个位于其第一个网格内的点（WGS84）。', samples),
    'groups.json': document('考评组，按通报顺序。', GROUPS),
    'units.json': document('各考评组的被考评单位：两市两县 4、中心城区 5、市直及企事业 42、乡（镇、街道）36。', units),
    'categories.json': document('CJ/T 214 部件、事件大类与小类，附主题与处置时限。', categories),
    'holidays.json': document('2023、2026 年法定节假日与调休上班日。', holidays),
  };
}

function main(): void {
  const files = generate();
  const bytes: Record<string, number> = {};
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(OUT_DIR, name), text);
    bytes[name] = Buffer.byteLength(text);
  }
  const rows = (name: string) => (JSON.parse(files[name]) as { rows: unknown[] }).rows;
  const stats = {
    districts: rows('districts.json').length,
    streets: rows('streets.json').length,
    communities: rows('communities.json').length,
    grids: rows('grids.json').length,
    vertices: (rows('grids.json') as RefGrid[]).reduce((n, g) => n + g.polygon.length, 0),
    units: rows('units.json').length,
    categories: rows('categories.json').length,
    holidays: rows('holidays.json').length,
    bytes,
  };
  console.log(JSON.stringify(stats, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

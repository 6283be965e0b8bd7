import { describe, expect, it } from '@jest/globals';
import { THEMES } from '@xc/shared';
import { GridIndex, ringsOverlap, validateRing, bbox } from '../../geo/grid-index.js';
import { buildCalendar, isWorkingDay } from '../../calendar/working-time.js';
import { CATEGORIES, COMMUNITIES, DISTRICTS, GRIDS, GROUPS, HOLIDAYS, SAMPLE_POINTS, STREETS, UNITS, type GroupCode } from './index.js';

const STATUSES = ['source', 'inferred', 'demo'];
const unique = <T>(xs: readonly T[]) => new Set(xs).size === xs.length;

describe('evaluation groups and units', () => {
  it('lists the four groups in bulletin order with their list modes', () => {
    expect(GROUPS.map((g) => [g.code, g.name, g.listMode, g.expectedCount])).toEqual([
      ['county', '两市两县组', 'full', 4],
      ['central', '中心城区组', 'full', 5],
      ['city', '市直单位及企事业单位组', 'top_bottom', 42],
      ['street', '乡（镇、街道）组', 'top_bottom', 36],
    ]);
    expect(GROUPS.map((g) => g.order)).toEqual([1, 2, 3, 4]);
    expect(GROUPS.find((g) => g.code === 'city')!.noun).toBe('单位');
    expect(GROUPS.find((g) => g.code === 'street')!.noun).toBe('乡（镇、街道）');
  });

  it('has exactly 4 / 5 / 42 / 36 units, numbered 1..n inside each group', () => {
    for (const g of GROUPS) {
      const members = UNITS.filter((u) => u.groupCode === g.code);
      expect(members).toHaveLength(g.expectedCount);
      expect(members.map((u) => u.order).sort((a, b) => a - b)).toEqual(Array.from({ length: g.expectedCount }, (_, i) => i + 1));
    }
    expect(UNITS).toHaveLength(87);
  });

  it('has unique codes and unique names', () => {
    expect(unique(UNITS.map((u) => u.code))).toBe(true);
    expect(unique(UNITS.map((u) => u.name))).toBe(true);
    expect(UNITS.every((u) => STATUSES.includes(u.status))).toBe(true);
  });

  // Every unit the 2023-02 bulletin prints, exactly as printed.
  const bulletin: Record<GroupCode, string[]> = {
    county: ['襄城县', '长葛市', '禹州市', '鄢陵县'],
    central: ['市城乡一体化示范区', '东城区', '魏都区', '建安区', '许昌经济技术开发区'],
    city: [
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
    ],
    street: [
      '东城区永昌街道办事处',
      '市城乡一体化示范区永兴街道办事处',
      '建安区小召乡',
      '建安区椹涧乡',
      '许昌经济技术开发区长村张街道办事处',
      '建安区蒋李集镇',
      '建安区张潘镇',
    ],
  };
  it.each(Object.entries(bulletin))('names every %s-group unit of the bulletin, status source', (group, names) => {
    for (const name of names) {
      const unit = UNITS.find((u) => u.name === name);
      expect(unit).toMatchObject({ name, groupCode: group, status: 'source' });
    }
  });

  it('orders units sharing a bulletin score as the bulletin prints them', () => {
    const order = (name: string) => UNITS.find((u) => u.name === name)!.order;
    const tied = bulletin.city.slice(0, 5).map(order);
    expect([...tied].sort((a, b) => a - b)).toEqual(tied);
    expect(order('市民政局')).toBeLessThan(order('市供销合作社'));
    expect(order('市城乡一体化示范区永兴街道办事处')).toBeLessThan(order('建安区小召乡'));
  });

  it('includes the city units other articles name, and the street units domain.md adds', () => {
    for (const name of ['市卫健委', '市城管局', '市发改委', '市商务局', '市乡村振兴局']) {
      expect(UNITS.find((u) => u.name === name)?.groupCode).toBe('city');
    }
    expect(UNITS.find((u) => u.name === '建安区五女店镇')?.groupCode).toBe('street');
    expect(UNITS.find((u) => u.name === '东城区天宝路街道办事处')?.groupCode).toBe('street');
  });

  it('links central units to their district and street units to their street and its district', () => {
    for (const u of UNITS.filter((x) => x.groupCode === 'central')) {
      expect(u.kind).toBe('district');
      expect(DISTRICTS.some((d) => d.code === u.districtCode)).toBe(true);
    }
    for (const u of UNITS.filter((x) => x.groupCode === 'street')) {
      const street = STREETS.find((s) => s.code === u.streetCode);
      expect(street).toBeDefined();
      expect(u.districtCode).toBe(street!.districtCode);
      expect(u.name).toContain(street!.name);
      expect(u.kind).toBe('street');
    }
    expect(new Set(UNITS.filter((x) => x.groupCode === 'street').map((u) => u.streetCode)).size).toBe(36);
  });
});

describe('districts, streets, communities', () => {
  it('has the five central districts with 6-digit codes', () => {
    expect(DISTRICTS.map((d) => d.name).sort()).toEqual(
      ['东城区', '建安区', '许昌城乡一体化示范区', '许昌经济技术开发区', '魏都区'].sort(),
    );
    expect(DISTRICTS.every((d) => /^\d{6}$/.test(d.code))).toBe(true);
    expect(unique(DISTRICTS.map((d) => d.code))).toBe(true);
    expect(DISTRICTS.find((d) => d.code === '411002')?.name).toBe('魏都区');
    // Pseudo codes say so.
    for (const name of ['东城区', '许昌城乡一体化示范区']) expect(DISTRICTS.find((d) => d.name === name)?.note).toMatch(/伪代码/);
  });

  it('has 9-digit street codes under their district, with NBS codes where they exist', () => {
    expect(STREETS.length).toBeGreaterThanOrEqual(36);
    expect(unique(STREETS.map((s) => s.code))).toBe(true);
    for (const s of STREETS) {
      expect(s.code).toMatch(/^\d{9}$/);
      expect(s.code.startsWith(s.districtCode)).toBe(true);
      expect(['街道', '乡', '镇']).toContain(s.type);
      expect(STATUSES).toContain(s.status);
    }
    expect(STREETS.find((s) => s.name === '西大街道')?.code).toBe('411002001');
    expect(STREETS.find((s) => s.name === '椹涧乡')?.code).toBe('411003205');
    expect(STREETS.find((s) => s.name === '长村张街道')?.code).toBe('411071001');
    expect(STREETS.find((s) => s.name === '天宝路街道')?.status).toBe('inferred');
  });

  it('has one to three communities per street, 12-digit codes under the street', () => {
    expect(unique(COMMUNITIES.map((c) => c.code))).toBe(true);
    for (const s of STREETS) {
      const mine = COMMUNITIES.filter((c) => c.streetCode === s.code);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.length).toBeLessThanOrEqual(3);
      for (const c of mine) expect(c.code).toMatch(new RegExp(`^${s.code}\\d{3}$`));
    }
    expect(COMMUNITIES.every((c) => STREETS.some((s) => s.code === c.streetCode))).toBe(true);
  });
});

describe('grids', () => {
  const index = new GridIndex(GRIDS);
  const streetOf = new Map(STREETS.map((s) => [s.code, s]));
  const communityOf = new Map(COMMUNITIES.map((c) => [c.code, c]));

  it('has unique 15-digit codes consistent with community, street and district', () => {
    expect(unique(GRIDS.map((g) => g.code))).toBe(true);
    for (const g of GRIDS) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.code.slice(0, 12)).toBe(g.communityCode);
      expect(g.communityCode.slice(0, 9)).toBe(g.streetCode);
      expect(g.streetCode.slice(0, 6)).toBe(g.districtCode);
      expect(communityOf.get(g.communityCode)?.streetCode).toBe(g.streetCode);
      expect(streetOf.get(g.streetCode)?.districtCode).toBe(g.districtCode);
    }
    expect(unique(GRIDS.map((g) => g.name))).toBe(true);
  });

  it('gives every street at least two grids and every community at least one', () => {
    for (const s of STREETS) expect(GRIDS.filter((g) => g.streetCode === s.code).length).toBeGreaterThanOrEqual(2);
    for (const c of COMMUNITIES) expect(GRIDS.some((g) => g.communityCode === c.code)).toBe(true);
  });

  it('has only valid simple closed rings around central Xuchang', () => {
    for (const g of GRIDS) {
      expect([g.code, validateRing(g.polygon)]).toEqual([g.code, null]);
      for (const [lng, lat] of g.polygon) {
        expect(lng).toBeGreaterThan(113.55);
        expect(lng).toBeLessThan(114.1);
        expect(lat).toBeGreaterThan(33.85);
        expect(lat).toBeLessThan(34.3);
      }
    }
  });

  it('has irregular shapes, not rectangles', () => {
    const nonRect = GRIDS.filter((g) => g.polygon.length > 5).length;
    expect(nonRect / GRIDS.length).toBeGreaterThan(0.8);
  });

  it('has no two grids overlapping', () => {
    const boxes = GRIDS.map((g) => bbox(g.polygon));
    const overlapping: string[] = [];
    for (let i = 0; i < GRIDS.length; i++) {
      for (let j = i + 1; j < GRIDS.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]) continue;
        if (ringsOverlap(GRIDS[i].polygon, GRIDS[j].polygon)) overlapping.push(`${GRIDS[i].code}/${GRIDS[j].code}`);
      }
    }
    expect(overlapping).toEqual([]);
  });

  it('covers its area without gaps: every sample point in exactly one grid, uncovered points all reach the outside', () => {
    // Sample at half the generator's cell size (a one-cell gap holds 4 samples), offset so no
    // sample sits on a cell edge.
    const [minX, minY, maxX, maxY] = GRIDS.map((g) => bbox(g.polygon)).reduce((a, b) => [
      Math.min(a[0], b[0]),
      Math.min(a[1], b[1]),
      Math.max(a[2], b[2]),
      Math.max(a[3], b[3]),
    ]);
    const sx = 0.00125;
    const sy = 0.001;
    const nx = Math.ceil((maxX - minX) / sx) + 2;
    const ny = Math.ceil((maxY - minY) / sy) + 2;
    const covered = new Uint8Array(nx * ny);
    let multi = 0;
    let hits = 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const all = index.locateAll(minX + (i - 1 + 0.37) * sx, minY + (j - 1 + 0.41) * sy);
        if (all.length > 1) multi++;
        if (all.length) {
          covered[j * nx + i] = 1;
          hits++;
        }
      }
    }
    expect(multi).toBe(0);
    expect(hits).toBeGreaterThan(20_000);
    // Flood the uncovered samples from the border: any left over is a gap inside the city.
    const reached = new Uint8Array(nx * ny);
    const queue: number[] = [];
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) if ((i === 0 || j === 0 || i === nx - 1 || j === ny - 1) && !covered[j * nx + i]) queue.push(j * nx + i);
    for (const c of queue) reached[c] = 1;
    for (let k = 0; k < queue.length; k++) {
      const c = queue[k];
      const [i, j] = [c % nx, Math.floor(c / nx)];
      for (const [di, dj] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]) {
        const [a, b] = [i + di, j + dj];
        if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
        const n = b * nx + a;
        if (!covered[n] && !reached[n]) {
          reached[n] = 1;
          queue.push(n);
        }
      }
    }
    let gaps = 0;
    for (let c = 0; c < nx * ny; c++) if (!covered[c] && !reached[c]) gaps++;
    expect(gaps).toBe(0);
  });

  it('locates random points of the covered area to one grid, and the grid names its street', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let found = 0;
    for (let k = 0; k < 5000; k++) {
      const lng = 113.75 + rnd() * 0.2;
      const lat = 33.97 + rnd() * 0.12;
      const all = index.locateAll(lng, lat);
      expect(all.length).toBeLessThanOrEqual(1);
      if (all.length) {
        found++;
        const grid = GRIDS.find((g) => g.code === all[0])!;
        expect(streetOf.get(grid.streetCode)).toBeDefined();
      }
    }
    expect(found).toBeGreaterThan(4000); // the central area is densely covered
  });

  it('puts the old centre in 魏都区, the east in 东城区, the south-east in 示范区, the south-west in 开发区', () => {
    const district = (lng: number, lat: number) => GRIDS.find((g) => g.code === index.locate(lng, lat))?.districtCode;
    expect(district(113.823, 34.0235)).toBe('411002');
    expect(district(113.885, 34.035)).toBe(DISTRICTS.find((d) => d.name === '东城区')!.code);
    expect(district(113.905, 33.975)).toBe(DISTRICTS.find((d) => d.name === '许昌城乡一体化示范区')!.code);
    expect(district(113.785, 33.99)).toBe('411071');
    expect(district(113.84, 34.13)).toBe('411003');
  });

  it('has one sample point per street, inside its first grid', () => {
    expect(SAMPLE_POINTS.map((p) => p.streetCode).sort()).toEqual(STREETS.map((s) => s.code).sort());
    for (const p of SAMPLE_POINTS) {
      const first = GRIDS.filter((g) => g.streetCode === p.streetCode)
        .map((g) => g.code)
        .sort()[0];
      expect(p.gridCode).toBe(first);
      expect(index.locate(p.lng, p.lat)).toBe(p.gridCode);
    }
    const weidu = SAMPLE_POINTS.find((p) => p.lng === 113.823 && p.lat === 34.0235);
    expect(weidu?.streetCode.startsWith('411002')).toBe(true);
  });
});

describe('categories', () => {
  const byCode = new Map(CATEGORIES.map((c) => [c.code, c]));

  it('has the 12 majors of CJ/T 214 as roots', () => {
    const majors = CATEGORIES.filter((c) => c.parentCode === null);
    expect(majors).toHaveLength(12);
    expect(majors.filter((c) => c.kind === 'part').map((c) => c.name)).toEqual([
      '公用设施',
      '道路交通',
      '市容环境',
      '园林绿化',
      '房屋土地',
      '其他设施',
    ]);
    expect(majors.filter((c) => c.kind === 'event')).toHaveLength(6);
    for (const m of majors) {
      expect(m.code).toMatch(/^(10|20)\d{2}$/);
      expect(m.theme).toBeNull();
    }
  });

  it('has at least 60 subcategories, each under an existing major, with a theme and a time limit', () => {
    const subs = CATEGORIES.filter((c) => c.parentCode !== null);
    expect(subs.length).toBeGreaterThanOrEqual(60);
    expect(unique(CATEGORIES.map((c) => c.code))).toBe(true);
    for (const c of subs) {
      expect(c.code).toMatch(/^(10|20)\d{4}$/);
      expect(c.code.slice(0, 4)).toBe(c.parentCode);
      expect(byCode.get(c.parentCode!)?.kind).toBe(c.kind);
      expect(THEMES).toContain(c.theme);
      expect(c.timeLimit!.value).toBeGreaterThan(0);
      expect(['hour', 'workhour', 'workday']).toContain(c.timeLimit!.unit);
      expect(STATUSES).toContain(c.status);
      expect(STATUSES).toContain(c.timeLimitStatus);
    }
  });

  it.each([
    ['100101', '上水井盖', '道路设施维护'],
    ['100118', '路灯', '道路设施维护'],
    ['100305', '垃圾箱', '环境卫生'],
    ['100402', '行道树', '园林绿化管养'],
    ['200102', '暴露垃圾', '环境卫生'],
    ['200201', '非法小广告', '市容秩序'],
    ['200302', '工地扬尘', '大气污染防治'],
    ['200304', '施工占道', '市容秩序'],
    ['200112', '道路遗撒', '环境卫生'],
    ['200401', '路面塌陷', '道路设施维护'],
    ['200501', '无照经营游商', '市容秩序'],
    ['200505', '机动车乱停放', '市容秩序'],
    ['200510', '露天烧烤', '大气污染防治'],
    ['200115', '焚烧树叶、垃圾', '大气污染防治'],
    ['100405', '绿地', '园林绿化管养'],
  ])('%s %s → %s', (code, name, theme) => {
    expect(byCode.get(code)).toMatchObject({ name, theme });
  });

  it('takes time limits from the published standards where one matches', () => {
    expect(byCode.get('200102')).toMatchObject({ timeLimit: { value: 4, unit: 'workhour' }, timeLimitStatus: 'source' });
    expect(byCode.get('200103')).toMatchObject({ timeLimit: { value: 4, unit: 'workday' }, timeLimitStatus: 'source' });
    expect(byCode.get('200104')).toMatchObject({ timeLimit: { value: 5, unit: 'workhour' }, timeLimitStatus: 'source' });
    expect(byCode.get('200101')).toMatchObject({ timeLimit: { value: 15, unit: 'workday' }, timeLimitStatus: 'source' });
    expect(byCode.get('100112')).toMatchObject({ timeLimit: { value: 6, unit: 'hour' }, timeLimitStatus: 'source' });
    expect(byCode.get('100101')).toMatchObject({ timeLimit: { value: 6, unit: 'hour' }, timeLimitStatus: 'inferred' });
    for (const c of CATEGORIES.filter((x) => x.timeLimitStatus === 'source')) expect(c.timeLimitSource).toBeTruthy();
  });

  it('notes where the CSV name differs from domain.md', () => {
    expect(byCode.get('200201')?.note).toMatch(/非法张贴小广告/);
    expect(byCode.get('200304')?.note).toMatch(/道路遗撒/);
  });
});

describe('holidays', () => {
  const cal = buildCalendar(HOLIDAYS);

  it('has every row of the 2023 and 2026 notices, each date once', () => {
    expect(HOLIDAYS).toHaveLength(73);
    expect(unique(HOLIDAYS.map((h) => h.date))).toBe(true);
    expect(HOLIDAYS.every((h) => /^(2022-12-31|2023-|2026-)/.test(h.date) && h.status === 'source')).toBe(true);
  });

  it('has 2026 春节 from 02-15 to 02-23 and its make-up days 02-14 and 02-28', () => {
    const spring = HOLIDAYS.filter((h) => h.date.startsWith('2026-02') && h.kind === 'holiday').map((h) => h.date);
    expect(spring).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(HOLIDAYS.filter((h) => h.date.startsWith('2026-02') && h.kind === 'workday').map((h) => h.date)).toEqual([
      '2026-02-14',
      '2026-02-28',
    ]);
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-16', cal)).toBe(false);
  });

  it('has 2023 春节 make-up days on the weekend of 01-28/29', () => {
    expect(HOLIDAYS.filter((h) => h.date.startsWith('2023-01') && h.kind === 'workday').map((h) => h.date)).toEqual([
      '2023-01-28',
      '2023-01-29',
    ]);
  });
});

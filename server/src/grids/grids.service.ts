import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, In, type Repository } from 'typeorm';
import type { DivisionDistrictDto, DivisionPoint, GridDto, LocateDto } from '@xc/shared';
import { AppError, invalid, notFound } from '../common/app-error.js';
import { Cached } from '../common/cached.js';
import { gcj02ToWgs84, isInChina } from '../geo/coords.js';
import { GridIndex, ringsOverlap, validateRing } from '../geo/grid-index.js';
import { divisionPoint } from '../geo/interior-point.js';
import { Community, District, Grid, Street } from './grid.entities.js';
import { CacheBus } from '../redis/cache-bus.js';
import type { CreateGridDto, GeoJsonPolygonDto, UpdateGridDto } from './dto/grids.dto.js';

type Ring = [number, number][];

/**
 * Grids and the point → grid lookup. The index lives in memory (bounding boxes in a Flatbush
 * tree, then point-in-polygon on the few candidates) and is rebuilt whenever a grid changes.
 */
@Injectable()
export class GridsService {
  /** The spatial index and each grid's place, rebuilt when a grid changes. */
  private readonly index = new Cached(async () => {
    const [grids, streets, districts] = await Promise.all([
      this.grids.find({ select: { code: true, name: true, polygon: true, streetCode: true, districtCode: true } }),
      this.streets.find(),
      this.districts.find(),
    ]);
    const places = new Map<string, LocateDto>(
      grids.map((g) => [
        g.code,
        {
          grid: { code: g.code, name: g.name },
          street: { id: g.streetCode, name: streets.find((s) => s.code === g.streetCode)?.name ?? '' },
          district: { id: g.districtCode, name: districts.find((d) => d.code === g.districtCode)?.name ?? '' },
        },
      ]),
    );
    return { index: new GridIndex(grids.map((g) => ({ code: g.code, polygon: g.polygon }))), places };
  }, 10 * 60_000);

  /**
   * District → street → community, each with a point inside it (the H5 手动选择: a resident picks
   * places by name, never types coordinates). Only divisions that have grids, in code order.
   */
  private readonly divisionTree = new Cached(async (): Promise<DivisionDistrictDto[]> => {
    const [grids, communities, streets, districts] = await Promise.all([
      this.grids.find({
        select: { code: true, polygon: true, communityCode: true, streetCode: true, districtCode: true },
        order: { code: 'ASC' },
      }),
      this.communities.find({ order: { code: 'ASC' } }),
      this.streets.find({ order: { code: 'ASC' } }),
      this.districts.find({ order: { code: 'ASC' } }),
    ]);
    const point = (of: (g: Grid) => boolean): DivisionPoint | null => {
      const p = divisionPoint(grids.filter(of).map((g) => g.polygon));
      return p ? { lat: round7(p[1]), lng: round7(p[0]) } : null;
    };
    return districts.flatMap((d) => {
      const dPoint = point((g) => g.districtCode === d.code);
      if (!dPoint) return [];
      return [
        {
          code: d.code,
          name: d.name,
          point: dPoint,
          streets: streets
            .filter((st) => st.districtCode === d.code)
            .flatMap((st) => {
              const sPoint = point((g) => g.streetCode === st.code);
              if (!sPoint) return [];
              return [
                {
                  code: st.code,
                  name: st.name,
                  point: sPoint,
                  communities: communities
                    .filter((c) => c.streetCode === st.code)
                    .flatMap((c) => {
                      const cPoint = point((g) => g.communityCode === c.code);
                      const gridCodes = grids.filter((g) => g.communityCode === c.code).map((g) => g.code);
                      return cPoint ? [{ code: c.code, name: c.name, point: cPoint, gridCodes }] : [];
                    }),
                },
              ];
            }),
        },
      ];
    });
  }, 10 * 60_000);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @InjectRepository(Street) private readonly streets: Repository<Street>,
    @InjectRepository(District) private readonly districts: Repository<District>,
    @InjectRepository(Community) private readonly communities: Repository<Community>,
    private readonly caches: CacheBus,
  ) {
    caches.on('grids', () => {
      this.index.invalidate();
      this.divisionTree.invalidate();
    });
  }

  /** Converts to WGS84 and checks the point lies in China; 400 naming the field otherwise. */
  toWgs84(lat: number, lng: number, coord: 'wgs84' | 'gcj02' = 'wgs84'): { lat: number; lng: number } {
    if (!isInChina(lat, lng)) throw invalid({ location: '坐标不在中国境内' }, '坐标不在中国境内，请检查定位');
    if (coord === 'gcj02') {
      const [wLng, wLat] = gcj02ToWgs84([lng, lat]);
      return { lat: wLat, lng: wLng };
    }
    return { lat, lng };
  }

  divisions(): Promise<DivisionDistrictDto[]> {
    return this.divisionTree.get();
  }

  /** The grid code containing a WGS84 point, or null outside the city's grids. */
  async locateCode(lat: number, lng: number): Promise<string | null> {
    return (await this.index.get()).index.locate(lng, lat);
  }

  async locate(lat: number, lng: number, coord: 'wgs84' | 'gcj02' = 'wgs84'): Promise<LocateDto> {
    const p = this.toWgs84(lat, lng, coord);
    const code = await this.locateCode(p.lat, p.lng);
    if (!code) throw notFound('该位置不在许昌市城市管理网格范围内');
    return (await this.placeOf(code))!;
  }

  /** Grid, street and district of a grid code, from memory (null for an unknown code). */
  async placeOf(code: string): Promise<LocateDto | null> {
    return (await this.index.get()).places.get(code) ?? null;
  }

  async get(code: string): Promise<GridDto> {
    const grid = await this.getEntity(code);
    const [street, district] = await Promise.all([
      this.streets.findOneBy({ code: grid.streetCode }),
      this.districts.findOneBy({ code: grid.districtCode }),
    ]);
    return {
      code: grid.code,
      name: grid.name,
      street: { id: grid.streetCode, name: street?.name ?? '' },
      district: { id: grid.districtCode, name: district?.name ?? '' },
      polygon: { type: 'Polygon', coordinates: [grid.polygon] },
    };
  }

  async create(dto: CreateGridDto): Promise<GridDto> {
    const ring = this.checkPolygon(dto.polygon);
    await this.db.transaction(async (tx) => {
      if (await tx.findOneBy(Grid, { code: dto.code }))
        throw new AppError('CONFLICT', '网格编码已存在', { fields: { code: '网格编码已存在' } });
      const community = await tx.findOneBy(Community, { code: dto.communityCode });
      if (!community) throw invalid({ communityCode: '社区不存在' });
      if (!dto.code.startsWith(dto.communityCode)) throw invalid({ code: '网格编码的前 12 位必须是所属社区编码' });
      const street = await tx.findOneByOrFail(Street, { code: community.streetCode });
      await this.assertNoOverlap(ring, null);
      await tx.insert(Grid, {
        code: dto.code,
        name: dto.name,
        communityCode: community.code,
        streetCode: street.code,
        districtCode: street.districtCode,
        polygon: ring,
        ...bbox(ring),
      });
    });
    this.invalidate();
    return this.get(dto.code);
  }

  async update(code: string, dto: UpdateGridDto): Promise<GridDto> {
    const grid = await this.getEntity(code);
    if (dto.polygon) {
      const ring = this.checkPolygon(dto.polygon);
      await this.assertNoOverlap(ring, code);
      Object.assign(grid, { polygon: ring, ...bbox(ring) });
    }
    if (dto.name) grid.name = dto.name;
    await this.grids.save(grid);
    this.invalidate();
    return this.get(code);
  }

  /** Grids by code (unknown codes are absent), in code order. */
  findByCodes(codes: readonly string[]): Promise<Grid[]> {
    return codes.length ? this.grids.find({ where: { code: In([...new Set(codes)]) }, order: { code: 'ASC' } }) : Promise.resolve([]);
  }

  /** Codes of the grids in a street, or in a district. */
  async codesIn(area: { streetCode: string } | { districtCode: string }): Promise<string[]> {
    return (await this.placesIn(area)).map((g) => g.code);
  }

  /** The grids of a street or a district with their street and district (no polygons), in code order. */
  placesIn(area: { streetCode: string } | { districtCode: string }): Promise<Pick<Grid, 'code' | 'streetCode' | 'districtCode'>[]> {
    return this.grids.find({ select: { code: true, streetCode: true, districtCode: true }, where: area, order: { code: 'ASC' } });
  }

  districtExists(code: string): Promise<boolean> {
    return this.districts.existsBy({ code });
  }

  streetExists(code: string): Promise<boolean> {
    return this.streets.existsBy({ code });
  }

  findStreet(code: string): Promise<Street | null> {
    return this.streets.findOneBy({ code });
  }

  private invalidate(): void {
    this.caches.invalidate('grids');
  }

  private async getEntity(code: string): Promise<Grid> {
    if (!/^\d{15}$/.test(code)) throw invalid({ code: '网格编码必须是 15 位数字' });
    const grid = await this.grids.findOneBy({ code });
    if (!grid) throw notFound('网格不存在');
    return grid;
  }

  private checkPolygon(polygon: GeoJsonPolygonDto): Ring {
    if (polygon.coordinates.length !== 1) throw invalid({ 'polygon.coordinates': '网格只能有一个外环，不能有洞' });
    const ring = polygon.coordinates[0];
    if (
      !Array.isArray(ring) ||
      ring.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n)))
    ) {
      throw invalid({ 'polygon.coordinates': '每个点必须是 [经度, 纬度] 数字对' });
    }
    const problem = validateRing(ring);
    if (problem) throw invalid({ 'polygon.coordinates': problem });
    if (ring.some(([lng, lat]) => !isInChina(lat, lng))) throw invalid({ 'polygon.coordinates': '坐标不在中国境内' });
    return ring;
  }

  private async assertNoOverlap(ring: Ring, exceptCode: string | null): Promise<void> {
    const b = bbox(ring);
    const candidates = await this.grids
      .createQueryBuilder('g')
      .where('g.min_lng < :maxLng AND g.max_lng > :minLng AND g.min_lat < :maxLat AND g.max_lat > :minLat', b)
      .getMany();
    const hit = candidates.find((g) => g.code !== exceptCode && ringsOverlap(ring, g.polygon));
    if (hit) throw invalid({ 'polygon.coordinates': `与网格 ${hit.code}（${hit.name}）重叠` });
  }
}

export function bbox(ring: Ring) {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return { minLng: Math.min(...lngs), minLat: Math.min(...lats), maxLng: Math.max(...lngs), maxLat: Math.max(...lats) };
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

import type { DivisionCommunityDto, DivisionDistrictDto, DivisionStreetDto } from '@xc/shared';

/**
 * Pure helpers of 手动选择 in H5: a resident places a report by district → street → community
 * (or by typing a street or community name), then optionally taps a spot inside the community's
 * outline. Coordinates are derived (WGS84), never typed.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface PlaceChoice {
  district: DivisionDistrictDto;
  street: DivisionStreetDto;
  community: DivisionCommunityDto | null;
}

/** 许昌市魏都区南关街道万丰社区: the address line sent with the report. */
export function addressOf(c: PlaceChoice): string {
  return `许昌市${c.district.name}${c.street.name}${c.community?.name ?? ''}`;
}

/** The point a choice stands for until a spot is tapped: the community's, else the street's. */
export function pointOf(c: PlaceChoice): LatLng {
  return (c.community ?? c.street).point;
}

/** 南关街道 → 南关, 万丰社区 → 万丰, 张庄村 → 张庄: what people type. */
function stem(name: string): string {
  return name.replace(/(街道|社区|村|乡|镇)$/, '');
}

export interface PlaceMatch extends PlaceChoice {
  /** 魏都区 · 南关街道 · 万丰社区 */
  label: string;
}

/**
 * Streets and communities whose name holds what was typed (or whose name's stem the text holds,
 * so 七一路南关 finds 南关街道), streets first, at most `limit`.
 */
export function searchPlaces(tree: readonly DivisionDistrictDto[], query: string, limit = 8): PlaceMatch[] {
  const q = query.replace(/\s+/g, '');
  if (!q) return [];
  const hit = (name: string) => name.includes(q) || (stem(name).length >= 2 && q.includes(stem(name)));
  const streets: PlaceMatch[] = [];
  const communities: PlaceMatch[] = [];
  for (const district of tree) {
    for (const street of district.streets) {
      if (hit(street.name)) streets.push({ district, street, community: null, label: `${district.name} · ${street.name}` });
      for (const community of street.communities) {
        if (hit(community.name))
          communities.push({ district, street, community, label: `${district.name} · ${street.name} · ${community.name}` });
      }
    }
  }
  return [...streets, ...communities].slice(0, limit);
}

/** A square view box (0–1000 on both axes, north up) around rings of [lng, lat], metres equal on both axes. */
export interface ViewBox {
  minLng: number;
  maxLat: number;
  /** Degrees of longitude and latitude per view unit. */
  lngPerUnit: number;
  latPerUnit: number;
}

export const VIEW = 1000;

export function viewBoxOf(rings: readonly (readonly [number, number][])[], marginPct = 6): ViewBox | null {
  const pts = rings.flat();
  if (!pts.length) return null;
  const lngs = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  // Metres per degree of longitude are `cos` times those of latitude: fit the larger side.
  const spanLat = Math.max(maxLat - minLat, (maxLng - minLng) * cos, 1e-6);
  const inner = VIEW * (1 - (2 * marginPct) / 100);
  const latPerUnit = spanLat / inner;
  const lngPerUnit = latPerUnit / cos;
  // Centre the shape in the box.
  const cx = (minLng + maxLng) / 2;
  const cy = (minLat + maxLat) / 2;
  return { minLng: cx - (VIEW / 2) * lngPerUnit, maxLat: cy + (VIEW / 2) * latPerUnit, lngPerUnit, latPerUnit };
}

export function toView(box: ViewBox, p: LatLng): { x: number; y: number } {
  return { x: (p.lng - box.minLng) / box.lngPerUnit, y: (box.maxLat - p.lat) / box.latPerUnit };
}

export function fromView(box: ViewBox, x: number, y: number): LatLng {
  return { lat: round7(box.maxLat - y * box.latPerUnit), lng: round7(box.minLng + x * box.lngPerUnit) };
}

/** Whether a point lies inside a ring of [lng, lat] (even-odd rule). */
export function insideRing(p: LatLng, ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

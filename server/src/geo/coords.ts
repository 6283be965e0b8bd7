/**
 * The one place where coordinates change datum. The platform stores WGS84; WeChat's map
 * components and `wx.getLocation({ type: 'gcj02' })` speak GCJ-02 ("火星坐标"), so clients'
 * points are converted at the edge, here, and nowhere else.
 */
import { gcj02ToWgs84 as toWgs84, wgs84ToGcj02 as toGcj02 } from '@xc/shared';

/** [longitude, latitude] in degrees, GeoJSON order. */
export type LngLat = [number, number];

/** WGS84 → GCJ-02. Points outside China come back unchanged (GCJ-02 is defined only there). */
export function wgs84ToGcj02(point: LngLat): LngLat {
  const { lat, lng } = toGcj02(point[1], point[0]);
  return [lng, lat];
}

/** GCJ-02 → WGS84 (inverted iteratively: round trip well under a metre). */
export function gcj02ToWgs84(point: LngLat): LngLat {
  const { lat, lng } = toWgs84(point[1], point[0]);
  return [lng, lat];
}

/**
 * Coarse test that a point lies in China's bounding box (73.4–135.1°E, 3.8–53.6°N). It
 * accepts parts of neighbouring countries; it is meant to refuse swapped lat/lng, (0, 0) and
 * points on other continents, which the API answers with 400.
 */
export function isInChina(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && lng >= 73.4 && lng <= 135.1 && lat >= 3.8 && lat <= 53.6;
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [lng, lat] points (haversine). */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

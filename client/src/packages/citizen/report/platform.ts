import Taro from '@tarojs/taro';
import type { Coord, DraftStorage } from './draft';

/** Platform pieces of 我要上报: storage, positioning, the weapp map picker (the camera: components/PhotoUploader). */

export const taroStorage: DraftStorage = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

export const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';

export interface Position {
  lat: number;
  lng: number;
  coord: Coord;
}

/** Why positioning failed, for the citizen. */
export function positionErrorMessage(err: unknown): string {
  const e = err as { code?: number; errMsg?: string; message?: string } | null;
  const text = `${e?.errMsg ?? ''} ${e?.message ?? ''}`.toLowerCase();
  if (e?.code === 1 || text.includes('auth') || text.includes('denied') || text.includes('permission')) {
    return '未获得定位权限：请在设置中允许获取位置，或手动选择位置';
  }
  if (e?.code === 3 || text.includes('timeout')) return '定位超时，请到开阔处重新定位，或手动选择位置';
  return '暂时无法定位，请重新定位或手动选择位置';
}

/** The device position: GCJ-02 from the weapp, WGS84 from the browser's geolocation in H5. */
export function getPosition(): Promise<Position> {
  if (isWeapp()) {
    return Taro.getLocation({ type: 'gcj02', isHighAccuracy: true }).then((r) => ({
      lat: r.latitude,
      lng: r.longitude,
      coord: 'gcj02' as const,
    }));
  }
  return new Promise((resolve, reject) => {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geo) {
      reject({ message: 'unsupported' });
      return;
    }
    geo.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, coord: 'wgs84' }),
      (err) => reject(err),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
    );
  });
}

export interface PickedPlace extends Position {
  address: string | null;
}

/** weapp: the WeChat map picker (GCJ-02); null when the citizen cancels. */
export async function chooseOnMap(): Promise<PickedPlace | null> {
  try {
    const r = await Taro.chooseLocation({});
    if (!Number.isFinite(r.latitude) || !Number.isFinite(r.longitude)) return null;
    const address = [r.address, r.name].filter(Boolean).join(' ') || null;
    return { lat: r.latitude, lng: r.longitude, coord: 'gcj02', address };
  } catch {
    return null;
  }
}

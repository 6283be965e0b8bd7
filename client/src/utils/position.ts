import Taro from '@tarojs/taro';
import { requirePrivacy } from './privacy';

/** The device position, on both platforms (GCJ-02 from the weapp, WGS84 from the browser). */

export const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';

export interface Position {
  lat: number;
  lng: number;
  coord: 'wgs84' | 'gcj02';
}

/** Why positioning failed, in words for the person holding the phone. */
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
    // 附近问题 is public: WeChat's authorisation only, not the platform's consent.
    return requirePrivacy('location', { platformConsent: false })
      .then((ok) =>
        ok ? Taro.getLocation({ type: 'gcj02', isHighAccuracy: true }) : Promise.reject({ errMsg: 'getLocation:fail privacy auth denied' }),
      )
      .then((r) => ({ lat: r.latitude, lng: r.longitude, coord: 'gcj02' as const }));
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

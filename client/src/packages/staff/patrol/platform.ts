import Taro from '@tarojs/taro';
import type { BufferStorage, Coord } from './buffer';
import type { LocationSource, NetworkWatch } from './recorder';
import type { Fix } from './track';
import { requirePrivacy } from '../../../utils/privacy';

/**
 * The platform under the patrol recorder, in one place: storage, location updates that go on in
 * the background where the platform allows it, and the network's state.
 * - weapp: Taro.startLocationUpdateBackground (the inspector chooses 「使用小程序期间和离开后」;
 *   without it, startLocationUpdate: while the app is open) + onLocationChange, GCJ-02;
 * - H5: navigator.geolocation.watchPosition, WGS84 (a browser tab keeps it while it is open).
 */

export const isWeapp = (): boolean => process.env.TARO_ENV === 'weapp';

export const taroStorage: BufferStorage = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

interface WxLocation {
  latitude: number;
  longitude: number;
  accuracy?: number;
  horizontalAccuracy?: number;
}

function weappSource(): LocationSource {
  let handler: ((r: WxLocation) => void) | null = null;
  let errorHandler: ((r: unknown) => void) | null = null;
  return {
    coord: 'gcj02',
    async start(onFix, onError) {
      // WeChat's privacy authorisation first; refused, the recorder says so (locationErrorMessage).
      if (!(await requirePrivacy('location'))) throw { errMsg: 'startLocationUpdate:fail privacy permission is not authorized' };
      let background = true;
      try {
        await Taro.startLocationUpdateBackground({ type: 'gcj02' } as never);
      } catch {
        // Not allowed in the background (or an older client): while the app is open, then.
        background = false;
        await Taro.startLocationUpdate({ type: 'gcj02' } as never);
      }
      handler = (r) => {
        const accuracy = Number.isFinite(r.horizontalAccuracy) ? r.horizontalAccuracy! : Number.isFinite(r.accuracy) ? r.accuracy! : null;
        onFix({ t: Date.now(), lat: r.latitude, lng: r.longitude, accuracy });
      };
      errorHandler = () => onError('定位信号弱，正在重新定位…');
      Taro.onLocationChange(handler as never);
      const t = Taro as unknown as { onLocationChangeError?: (cb: (r: unknown) => void) => void };
      t.onLocationChangeError?.(errorHandler);
      return { background };
    },
    stop() {
      if (handler) Taro.offLocationChange(handler as never);
      const t = Taro as unknown as { offLocationChangeError?: (cb: (r: unknown) => void) => void };
      if (errorHandler) t.offLocationChangeError?.(errorHandler);
      handler = null;
      errorHandler = null;
      void Promise.resolve(Taro.stopLocationUpdate({} as never))?.catch?.(() => undefined);
    },
  };
}

function browserSource(): LocationSource {
  let watchId: number | null = null;
  return {
    coord: 'wgs84',
    start(onFix, onError) {
      const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
      if (!geo) return Promise.reject({ message: 'unsupported' });
      return new Promise((resolve, reject) => {
        let settled = false;
        watchId = geo.watchPosition(
          (p) => {
            if (!settled) {
              settled = true;
              resolve({ background: false });
            }
            const ts = Number(p.timestamp);
            // The fix's own time unless the platform's clock disagrees by more than a minute.
            const t = Number.isFinite(ts) && Math.abs(ts - Date.now()) < 60_000 ? Math.round(ts) : Date.now();
            onFix({
              t,
              lat: p.coords.latitude,
              lng: p.coords.longitude,
              accuracy: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null,
            });
          },
          (err) => {
            if (!settled && err.code === 1) {
              settled = true;
              if (watchId !== null) geo.clearWatch(watchId);
              watchId = null;
              reject(err);
              return;
            }
            if (!settled) {
              // No fix yet (timeout, no signal): the patrol starts and waits for one.
              settled = true;
              resolve({ background: false });
            }
            onError(err.code === 1 ? '定位权限已关闭，请在浏览器设置中允许定位' : '定位信号弱，正在重新定位…');
          },
          { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
        );
      });
    },
    stop() {
      if (watchId !== null && typeof navigator !== 'undefined') navigator.geolocation?.clearWatch(watchId);
      watchId = null;
    },
  };
}

export function createLocationSource(): LocationSource {
  return isWeapp() ? weappSource() : browserSource();
}

export function createNetworkWatch(): NetworkWatch {
  if (isWeapp()) {
    return {
      isOnline: () =>
        Promise.resolve(Taro.getNetworkType())
          .then((r) => r.networkType !== 'none')
          .catch(() => true),
      subscribe(cb) {
        const handler = (r: { isConnected: boolean }) => cb(r.isConnected);
        Taro.onNetworkStatusChange(handler);
        return () => Taro.offNetworkStatusChange?.(handler);
      },
    };
  }
  return {
    isOnline: () => Promise.resolve(typeof navigator === 'undefined' || navigator.onLine !== false),
    subscribe(cb) {
      if (typeof window === 'undefined') return () => undefined;
      const on = () => cb(true);
      const off = () => cb(false);
      window.addEventListener('online', on);
      window.addEventListener('offline', off);
      return () => {
        window.removeEventListener('online', on);
        window.removeEventListener('offline', off);
      };
    },
  };
}

export type { Coord, Fix };

import Taro from '@tarojs/taro';
import type { Position } from '../../../utils/position';
import type { DraftStorage } from './draft';
import { requirePrivacy } from '../../../utils/privacy';

/** Platform pieces of 我要上报: storage, positioning, the weapp map picker (the camera: components/PhotoUploader). */

export const taroStorage: DraftStorage = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

// Positioning is shared with the staff pages (核实 locates a report that came with only an address).
export { getPosition, isWeapp, positionErrorMessage, type Position } from '../../../utils/position';

export interface PickedPlace extends Position {
  address: string | null;
}

/** weapp: the WeChat map picker (GCJ-02); null when the citizen cancels. */
export async function chooseOnMap(): Promise<PickedPlace | null> {
  if (!(await requirePrivacy('location'))) return null;
  try {
    const r = await Taro.chooseLocation({});
    if (!Number.isFinite(r.latitude) || !Number.isFinite(r.longitude)) return null;
    const address = [r.address, r.name].filter(Boolean).join(' ') || null;
    return { lat: r.latitude, lng: r.longitude, coord: 'gcj02', address };
  } catch {
    return null;
  }
}

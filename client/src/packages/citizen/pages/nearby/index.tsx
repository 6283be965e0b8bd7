import { gcj02ToWgs84, wgs84ToGcj02 } from '@xc/shared';
import { useEffect, useState } from 'react';
import { Map, Text, View } from '@tarojs/components';
import type { CaseSummaryDto } from '@xc/shared';
import { nearbyCases } from '../../../../services/api';
import { useLoad } from '../../../../services/use-load';
import { ROUTES, go, goWith } from '../../../../utils/nav';
import { LoadFailed, StateView } from '../../../../components/StateView';
import { CaseCard } from '../../../../components/case/CaseCard';
import { ListSkeleton } from '../../../../components/case/ListSkeleton';
import { getPosition, positionErrorMessage, type Position } from '../../report/platform';
import './index.scss';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';

export const NEARBY_RADIUS_M = 2000;
const NEARBY_LIMIT = 50;
const RADIUS_TEXT = `您周边 ${NEARBY_RADIUS_M / 1000} 公里`;

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** weapp only: the cases as markers around the citizen (GCJ-02, as WeChat's map draws). */
function NearbyMap({ at, items, onOpen }: { at: Position; items: CaseSummaryDto[]; onOpen: (id: string) => void }) {
  const centre = at.coord === 'gcj02' ? at : wgs84ToGcj02(at.lat, at.lng);
  // Nearby lists hold located cases only (a point within the radius); the guard is for the type.
  const markers = items.slice(0, NEARBY_LIMIT).flatMap((c, i) => {
    if (!c.location) return [];
    const p = wgs84ToGcj02(c.location.lat, c.location.lng);
    return { id: i, latitude: p.lat, longitude: p.lng, width: 28, height: 36, title: c.categoryName ?? c.theme ?? '问题', iconPath: '' };
  });
  return (
    <Map
      className="nearby__map"
      latitude={centre.lat}
      longitude={centre.lng}
      scale={15}
      showLocation
      markers={markers as never}
      onMarkerTap={(e) => {
        const idx = Number((e.detail as { markerId?: number }).markerId);
        if (items[idx]) onOpen(items[idx].id);
      }}
      onError={() => undefined}
    />
  );
}

export default function NearbyPage() {
  // Where the citizen is: located again on 重新定位 (each attempt its own key).
  const [attempt, setAttempt] = useState(0);
  const [place, setPlace] = useState<{ attempt: number; at: Position | null; error: string | null }>({ attempt: 0, at: null, error: null });
  useEffect(() => {
    let live = true;
    getPosition()
      .then((at) => live && setPlace({ attempt, at, error: null }))
      .catch((err) => live && setPlace({ attempt, at: null, error: positionErrorMessage(err) }));
    return () => {
      live = false;
    };
  }, [attempt]);
  const located = place.attempt === attempt ? place : { at: null, error: null };
  const at = located.at;
  const start = () => setAttempt((n) => n + 1);

  const list = useLoad<CaseSummaryDto[]>(at ? `${attempt}:${at.lat},${at.lng}` : null, async () => {
    const here = at as Position;
    // The list takes WGS84; the weapp positions in GCJ-02.
    const wgs = here.coord === 'gcj02' ? gcj02ToWgs84(here.lat, here.lng) : here;
    const page = await nearbyCases({ lat: round6(wgs.lat), lng: round6(wgs.lng), radius: NEARBY_RADIUS_M, limit: NEARBY_LIMIT });
    // The server orders them: by real distance, the newest first at one spot.
    return page.items ?? [];
  });
  const locating = !at && !located.error;
  const items = list.data;

  const open = (id: string) => goWith(ROUTES.caseDetail, { id });

  return (
    <View className="nearby">
      <PrivacyPopup />
      <View className="nearby__bar">
        <Text className="nearby__bar-text">
          {locating
            ? '正在定位…'
            : items
              ? items.length >= NEARBY_LIMIT
                ? `显示${RADIUS_TEXT}内最近的 ${NEARBY_LIMIT} 个问题`
                : `显示${RADIUS_TEXT}内的问题，共 ${items.length} 个`
              : `显示${RADIUS_TEXT}内的问题`}
        </Text>
        <View className="nearby__refresh" onClick={start}>
          <Text>重新定位</Text>
        </View>
      </View>

      {process.env.TARO_ENV === 'weapp' && at && items ? <NearbyMap at={at} items={items} onOpen={open} /> : null}

      <View className="nearby__list">
        {locating || list.status === 'loading' ? <ListSkeleton /> : null}
        {located.error ? (
          <StateView kind="error" title="无法获取您的位置" description={located.error} actionText="重试" onAction={start} />
        ) : null}
        {list.status === 'failed' ? <LoadFailed load={list} /> : null}
        {items && items.length === 0 ? (
          <StateView
            kind="empty"
            title={`${RADIUS_TEXT}内暂无已上报的问题`}
            description="发现城市管理问题？拍照即可上报。"
            actionText="去随手拍"
            onAction={() => go(ROUTES.report)}
          />
        ) : null}
        {items ? items.map((item) => <CaseCard key={item.id} item={item} showDistance onOpen={(c) => open(c.id)} />) : null}
        {items && items.length > 0 ? (
          <Text className="nearby__foot">仅显示公开信息；按距离由近到远排列，同一地点最新上报的在前</Text>
        ) : null}
      </View>
    </View>
  );
}

import { gcj02ToWgs84, wgs84ToGcj02 } from '@xc/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Map, Text, View } from '@tarojs/components';
import type { CaseSummaryDto } from '@xc/shared';
import { nearbyCases } from '../../../../services/api';
import { toApiErrorBody } from '../../../../services/request';
import { ROUTES, go, goWith } from '../../../../utils/nav';
import { StateView } from '../../../../components/StateView';
import { CaseCard } from '../../../../components/case/CaseCard';
import { ListSkeleton } from '../../../../components/case/ListSkeleton';
import { getPosition, positionErrorMessage, type Position } from '../../report/platform';
import './index.scss';

export const NEARBY_RADIUS_M = 2000;
const NEARBY_LIMIT = 50;
const RADIUS_TEXT = `您周边 ${NEARBY_RADIUS_M / 1000} 公里`;

type NearbyState =
  | { status: 'locating' }
  | { status: 'loading'; at: Position }
  | { status: 'no-position'; message: string }
  | { status: 'failed'; at: Position; message: string }
  | { status: 'ready'; at: Position; items: CaseSummaryDto[] };

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
  const [state, setState] = useState<NearbyState>({ status: 'locating' });
  const seq = useRef(0);

  const fetchAt = useCallback(async (at: Position) => {
    const mine = ++seq.current;
    setState({ status: 'loading', at });
    try {
      // The list takes WGS84; the weapp positions in GCJ-02.
      const wgs = at.coord === 'gcj02' ? gcj02ToWgs84(at.lat, at.lng) : at;
      const page = await nearbyCases({ lat: round6(wgs.lat), lng: round6(wgs.lng), radius: NEARBY_RADIUS_M, limit: NEARBY_LIMIT });
      if (mine !== seq.current) return;
      // The server orders them: by real distance, the newest first at one spot.
      setState({ status: 'ready', at, items: page.items ?? [] });
    } catch (err) {
      if (mine !== seq.current) return;
      setState({ status: 'failed', at, message: toApiErrorBody(err).message });
    }
  }, []);

  const start = useCallback(async () => {
    const mine = ++seq.current;
    setState({ status: 'locating' });
    try {
      const at = await getPosition();
      if (mine !== seq.current) return;
      await fetchAt(at);
    } catch (err) {
      if (mine !== seq.current) return;
      setState({ status: 'no-position', message: positionErrorMessage(err) });
    }
  }, [fetchAt]);

  useEffect(() => {
    void start();
  }, [start]);

  const open = (id: string) => goWith(ROUTES.caseDetail, { id });

  return (
    <View className="nearby">
      <View className="nearby__bar">
        <Text className="nearby__bar-text">
          {state.status === 'locating'
            ? '正在定位…'
            : state.status === 'ready'
              ? state.items.length >= NEARBY_LIMIT
                ? `显示${RADIUS_TEXT}内最近的 ${NEARBY_LIMIT} 个问题`
                : `显示${RADIUS_TEXT}内的问题，共 ${state.items.length} 个`
              : `显示${RADIUS_TEXT}内的问题`}
        </Text>
        <View className="nearby__refresh" onClick={() => void start()}>
          <Text>重新定位</Text>
        </View>
      </View>

      {process.env.TARO_ENV === 'weapp' && state.status === 'ready' ? <NearbyMap at={state.at} items={state.items} onOpen={open} /> : null}

      <View className="nearby__list">
        {state.status === 'locating' || state.status === 'loading' ? <ListSkeleton /> : null}
        {state.status === 'no-position' ? (
          <StateView kind="error" title="无法获取您的位置" description={state.message} actionText="重试" onAction={() => void start()} />
        ) : null}
        {state.status === 'failed' ? (
          <StateView kind="error" title="加载失败" description={state.message} actionText="重试" onAction={() => void fetchAt(state.at)} />
        ) : null}
        {state.status === 'ready' && state.items.length === 0 ? (
          <StateView
            kind="empty"
            title={`${RADIUS_TEXT}内暂无已上报的问题`}
            description="发现城市管理问题？拍照即可上报。"
            actionText="去随手拍"
            onAction={() => go(ROUTES.report)}
          />
        ) : null}
        {state.status === 'ready'
          ? state.items.map((item) => <CaseCard key={item.id} item={item} showDistance onOpen={(c) => open(c.id)} />)
          : null}
        {state.status === 'ready' && state.items.length > 0 ? (
          <Text className="nearby__foot">仅显示公开信息；按距离由近到远排列，同一地点最新上报的在前</Text>
        ) : null}
      </View>
    </View>
  );
}

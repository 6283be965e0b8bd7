import { Map, Text, View } from '@tarojs/components';
import { project, segment, thin, type LatLng } from '../patrol/track';
import './patrol.scss';

/**
 * The track: on a WeChat map in the weapp build (GCJ-02, as the device gives it), drawn in a box in
 * H5 (no map there): the blue line walked, the grey outlines of the assigned grids, the start and
 * the latest position, north up, with a scale.
 */

export interface TrackProps {
  /** In the map's coordinates: GCJ-02 in the weapp, WGS84 in H5. */
  track: LatLng[];
  /** The assigned grids' outlines, in the same coordinates. */
  outlines: LatLng[][];
  /** Following the inspector (a patrol running) or showing a finished one. */
  live: boolean;
  emptyText: string;
}

function Line({ a, b, kind }: { a: { x: number; y: number }; b: { x: number; y: number }; kind: 'track' | 'outline' }) {
  const s = segment(a, b);
  if (s.length < 0.05) return null;
  return (
    <View
      className={`sketch__line sketch__line--${kind}`}
      // The track's segments reach 2 px past both ends: their round caps overlap into one smooth line.
      style={
        kind === 'track'
          ? {
              left: `${s.left}%`,
              top: `${s.top}%`,
              width: `calc(${s.length}% + 4px)`,
              transform: `rotate(${s.angleDeg}deg) translateX(-2px)`,
            }
          : { left: `${s.left}%`, top: `${s.top}%`, width: `${s.length}%`, transform: `rotate(${s.angleDeg}deg)` }
      }
    />
  );
}

function Sketch({ track, outlines, live, emptyText }: TrackProps) {
  const shown = thin(track, 240);
  const p = project(shown, outlines);
  return (
    <View className="sketch" data-testid="track-sketch" data-points={track.length}>
      <View className="sketch__box">
        {p ? (
          <View className="sketch__canvas">
            {p.outlines.map((o, i) => o.slice(1).map((pt, j) => <Line key={`o${i}-${j}`} a={o[j]} b={pt} kind="outline" />))}
            {p.track.slice(1).map((pt, j) => (
              <Line key={`t${j}`} a={p.track[j]} b={pt} kind="track" />
            ))}
            {p.track.length ? (
              <View className="sketch__dot sketch__dot--start" style={{ left: `${p.track[0].x}%`, top: `${p.track[0].y}%` }} />
            ) : null}
            {p.track.length ? (
              <View
                className={`sketch__dot sketch__dot--${live ? 'here' : 'end'}`}
                style={{ left: `${p.track[p.track.length - 1].x}%`, top: `${p.track[p.track.length - 1].y}%` }}
              />
            ) : null}
            <Text className="sketch__north">北 ↑</Text>
            {p.scaleM ? (
              <View className="sketch__scale">
                <View className="sketch__scale-bar" />
                <Text className="sketch__scale-text">{p.scaleM >= 1000 ? `${p.scaleM / 1000} 公里` : `${p.scaleM} 米`}</Text>
              </View>
            ) : null}
          </View>
        ) : null}
        {!track.length ? (
          <View className="sketch__empty">
            <Text>{emptyText}</Text>
          </View>
        ) : null}
      </View>
      <View className="sketch__legend">
        <View className="legend-item">
          <View className="legend-item__swatch legend-item__swatch--track" />
          <Text>轨迹</Text>
        </View>
        <View className="legend-item">
          <View className="legend-item__swatch legend-item__swatch--outline" />
          <Text>负责网格</Text>
        </View>
        <View className="legend-item">
          <View className="legend-item__dot legend-item__dot--start" />
          <Text>起点</Text>
        </View>
        <View className="legend-item">
          <View className={`legend-item__dot legend-item__dot--${live ? 'here' : 'end'}`} />
          <Text>{live ? '当前位置' : '终点'}</Text>
        </View>
      </View>
    </View>
  );
}

function WeappMap({ track, outlines, live, emptyText }: TrackProps) {
  const last = track[track.length - 1] ?? outlines[0]?.[0];
  if (!last) {
    return (
      <View className="patrol-map patrol-map--empty">
        <Text>{emptyText}</Text>
      </View>
    );
  }
  const points = track.map((p) => ({ latitude: p.lat, longitude: p.lng }));
  const markers = track.length
    ? [
        {
          id: 1,
          latitude: track[0].lat,
          longitude: track[0].lng,
          width: 24,
          height: 34,
          callout: { content: '起点', display: 'ALWAYS', padding: 4, borderRadius: 4, fontSize: 12, color: '#1f2329', bgColor: '#ffffff' },
        },
        ...(live
          ? []
          : [
              {
                id: 2,
                latitude: last.lat,
                longitude: last.lng,
                width: 24,
                height: 34,
                callout: {
                  content: '终点',
                  display: 'ALWAYS',
                  padding: 4,
                  borderRadius: 4,
                  fontSize: 12,
                  color: '#1f2329',
                  bgColor: '#ffffff',
                },
              },
            ]),
      ]
    : [];
  return (
    <Map
      id="patrol-map"
      className="patrol-map"
      latitude={last.lat}
      longitude={last.lng}
      scale={16}
      showLocation={live}
      markers={markers as never}
      polyline={
        points.length > 1 ? [{ points, color: '#1677FFDD', width: 6, arrowLine: true, borderColor: '#0958D9', borderWidth: 1 }] : []
      }
      polygons={outlines.map((o) => ({
        points: o.map((p) => ({ latitude: p.lat, longitude: p.lng })),
        strokeWidth: 2,
        strokeColor: '#5C6370',
        fillColor: '#1677FF14',
        dashArray: [8, 6],
      }))}
      onError={() => undefined}
    />
  );
}

export function PatrolTrack(props: TrackProps) {
  if (process.env.TARO_ENV === 'weapp') return <WeappMap {...props} />;
  return <Sketch {...props} />;
}

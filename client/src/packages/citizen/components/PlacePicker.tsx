import { useMemo, useState, type MouseEvent } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { DivisionDistrictDto, GridDto } from '@xc/shared';
import { Button, Skeleton } from '../../../ui';
import { divisions as fetchDivisions, grid as fetchGrid } from '../../../services/api';
import { useLoad } from '../../../services/use-load';
import {
  VIEW,
  addressOf,
  fromView,
  insideRing,
  pointOf,
  searchPlaces,
  toView,
  viewBoxOf,
  type LatLng,
  type PlaceChoice,
} from '../report/place';
import './place-picker.scss';

/**
 * 手动选择 in the H5 build (no map API there): district → street → community, or a street or
 * community found by name, then a spot tapped inside the community's outline. The resident never
 * types coordinates: they come from the division (its representative point) or the tap.
 */

export interface PickedPlace extends LatLng {
  address: string;
}

function Chips<T extends { code: string; name: string }>({
  label,
  items,
  value,
  onPick,
}: {
  label: string;
  items: readonly T[];
  value: string | null;
  onPick: (item: T) => void;
}) {
  return (
    <View className="place-picker__group">
      <Text className="place-picker__label">{label}</Text>
      <View className="place-picker__chips" role="radiogroup" aria-label={label}>
        {items.map((it) => (
          <View
            key={it.code}
            className={`place-picker__chip${value === it.code ? ' place-picker__chip--active' : ''}`}
            role="radio"
            aria-checked={value === it.code}
            data-code={it.code}
            onClick={() => onPick(it)}
          >
            <Text>{it.name}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/** The community's grids drawn north up; a tap inside them moves the pin. */
function SpotMap({
  outlines,
  spot,
  onSpot,
  onMiss,
}: {
  outlines: GridDto[];
  spot: LatLng;
  onSpot: (p: LatLng) => void;
  onMiss: () => void;
}) {
  const rings = useMemo(() => outlines.map((g) => g.polygon.coordinates[0]), [outlines]);
  const box = useMemo(() => viewBoxOf(rings), [rings]);
  if (!box) return null;
  const tap = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (!r.width || !r.height) return;
    const p = fromView(box, ((e.clientX - r.left) / r.width) * VIEW, ((e.clientY - r.top) / r.height) * VIEW);
    if (rings.some((ring) => insideRing(p, ring))) onSpot(p);
    else onMiss();
  };
  const pin = toView(box, spot);
  return (
    <View className="place-map" data-testid="spot-map">
      <svg className="place-map__svg" viewBox={`0 0 ${VIEW} ${VIEW}`} onClick={tap} role="img" aria-label="社区范围图">
        {rings.map((ring, i) => (
          <polygon
            key={outlines[i].code}
            className="place-map__area"
            points={ring
              .map(([lng, lat]) => toView(box, { lat, lng }))
              .map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`)
              .join(' ')}
          />
        ))}
        <g transform={`translate(${pin.x.toFixed(1)} ${pin.y.toFixed(1)})`} data-testid="spot-pin">
          <path className="place-map__pin" d="M0 0 C -18 -30 -34 -46 -34 -66 A 34 34 0 1 1 34 -66 C 34 -46 18 -30 0 0 Z" />
          <circle className="place-map__pin-dot" cx="0" cy="-66" r="13" />
        </g>
      </svg>
      <Text className="place-map__north">北 ↑</Text>
    </View>
  );
}

export function PlacePicker({ onConfirm, onCancel }: { onConfirm: (p: PickedPlace) => void; onCancel: () => void }) {
  const tree = useLoad<DivisionDistrictDto[]>('divisions', () => fetchDivisions());
  const [choice, setChoice] = useState<Partial<PlaceChoice>>({});
  const [query, setQuery] = useState('');
  const [spot, setSpot] = useState<LatLng | null>(null);
  const [miss, setMiss] = useState(false);

  const community = choice.community ?? null;
  const outlines = useLoad<GridDto[]>(community ? community.code : null, () =>
    Promise.all((community?.gridCodes ?? []).map((code) => fetchGrid(code))),
  );

  const pick = (next: Partial<PlaceChoice>) => {
    setChoice(next);
    setSpot(null);
    setMiss(false);
  };

  if (tree.status === 'loading') {
    return (
      <View className="place-picker" data-testid="manual-location">
        <Skeleton rows={3} animated />
      </View>
    );
  }
  if (!tree.data) {
    return (
      <View className="place-picker" data-testid="manual-location">
        <Text className="place-picker__error">区域列表加载失败：{tree.error?.message}</Text>
        <View className="place-picker__link" onClick={() => void tree.reload()}>
          <Text>重试</Text>
        </View>
      </View>
    );
  }

  const matches = searchPlaces(tree.data, query);
  const complete = choice.district && choice.street ? ({ ...choice, community } as PlaceChoice) : null;
  const confirm = () => {
    if (!complete) return;
    const p = spot ?? pointOf(complete);
    onConfirm({ lat: p.lat, lng: p.lng, address: addressOf(complete) });
  };

  return (
    <View className="place-picker" data-testid="manual-location">
      <Text className="place-picker__hint">选择问题所在的区、街道和社区，再在图中点出大致位置；也可输入街道或社区名称查找。</Text>
      <View className="place-picker__search">
        <Input
          className="place-picker__input"
          placeholder="输入街道或社区名称，如 南关、万丰"
          value={query}
          confirmType="search"
          onInput={(e) => setQuery(e.detail.value)}
        />
      </View>
      {query.trim() ? (
        <View className="place-picker__results" data-testid="place-results">
          {matches.length ? (
            matches.map((m) => (
              <View
                key={`${m.street.code}-${m.community?.code ?? ''}`}
                className="place-picker__result"
                onClick={() => {
                  pick({ district: m.district, street: m.street, community: m.community });
                  setQuery('');
                }}
              >
                <Text>{m.label}</Text>
              </View>
            ))
          ) : (
            <Text className="place-picker__muted">没有找到“{query.trim()}”，请从下面的区、街道中选择</Text>
          )}
        </View>
      ) : null}

      <Chips label="区" items={tree.data} value={choice.district?.code ?? null} onPick={(district) => pick({ district })} />
      {choice.district ? (
        <Chips
          label="街道（乡镇）"
          items={choice.district.streets}
          value={choice.street?.code ?? null}
          onPick={(street) => pick({ district: choice.district, street })}
        />
      ) : null}
      {choice.street ? (
        <Chips
          label="社区（村）"
          items={choice.street.communities}
          value={community?.code ?? null}
          onPick={(c) => pick({ district: choice.district, street: choice.street, community: c })}
        />
      ) : null}

      {community ? (
        outlines.status === 'loading' ? (
          <Skeleton rows={3} animated />
        ) : !outlines.data ? (
          <Text className="place-picker__muted">社区范围图加载失败，可直接确定（位置取社区中心附近）</Text>
        ) : (
          <View className="place-picker__group">
            <Text className="place-picker__label">点按蓝色区域内问题所在的大致位置（可不点）</Text>
            <SpotMap
              outlines={outlines.data}
              spot={spot ?? community.point}
              onSpot={(p) => {
                setSpot(p);
                setMiss(false);
              }}
              onMiss={() => setMiss(true)}
            />
            {miss ? <Text className="place-picker__error">请点在蓝色的社区范围内</Text> : null}
          </View>
        )
      ) : null}

      {complete ? (
        <Text className="place-picker__summary" data-testid="place-summary">
          已选：{addressOf(complete)}
          {spot ? '（已在图中标出位置）' : community ? '（社区中心附近）' : '（街道中心附近，可再选社区）'}
        </Text>
      ) : null}
      <View className="place-picker__actions">
        <Button fill="outline" type="default" size="large" onClick={onCancel}>
          取消
        </Button>
        <Button type="primary" size="large" disabled={!complete} onClick={confirm}>
          确定位置
        </Button>
      </View>
    </View>
  );
}

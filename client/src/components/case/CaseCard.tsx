import { Image, Text, View } from '@tarojs/components';
import type { CaseSummaryDto } from '@xc/shared';
import { StatusTag } from './StatusTag';
import { formatDistance, formatShort, mediaUrl, type Audience } from './format';
import './case.scss';

export interface CaseCardProps {
  item: CaseSummaryDto;
  onOpen: (item: CaseSummaryDto) => void;
  /** Show the distance (附近问题). */
  showDistance?: boolean;
  /** Citizens' lists read plain words (长期整治中 for 挂账). */
  audience?: Audience;
}

function title(item: CaseSummaryDto): string {
  return item.categoryName ?? item.theme ?? '城市管理问题';
}

export function caseAddress(item: Pick<CaseSummaryDto, 'address' | 'street' | 'district'>): string {
  if (item.address) return item.address;
  const parts = [item.district?.name, item.street?.name].filter(Boolean);
  return parts.length ? parts.join('') : '位置未注明';
}

/** One case in a list: thumbnail, category, address, time, status. */
export function CaseCard({ item, onOpen, showDistance = false, audience = 'public' }: CaseCardProps) {
  const thumb = item.media[0]?.thumbUrl ?? item.media[0]?.url;
  const distance = showDistance ? formatDistance(item.distanceM) : '';
  return (
    <View className="case-card" data-testid="case-card" data-case-id={item.id} onClick={() => onOpen(item)}>
      <View className="case-card__thumb">
        {thumb ? (
          <Image className="case-card__img" src={mediaUrl(thumb)} mode="aspectFill" lazyLoad />
        ) : (
          <Text className="case-card__noimg">无照片</Text>
        )}
      </View>
      <View className="case-card__body">
        <View className="case-card__top">
          <Text className="case-card__title">{title(item)}</Text>
          <StatusTag status={item.status} overdue={item.overdue} audience={audience} />
        </View>
        <Text className="case-card__address">{caseAddress(item)}</Text>
        <View className="case-card__meta">
          <Text className="case-card__time">{formatShort(item.reportedAt)}</Text>
          {distance ? <Text className="case-card__distance">距你 {distance}</Text> : null}
        </View>
      </View>
    </View>
  );
}

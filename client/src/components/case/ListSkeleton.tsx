import { View } from '@tarojs/components';
import { Skeleton } from '../../ui';
import './case.scss';

/** Card-shaped placeholders while a list loads. */
export function ListSkeleton({ count = 4 }: { count?: number }) {
  return (
    <View className="list-skeleton" aria-busy="true" data-testid="list-skeleton">
      {Array.from({ length: count }, (_, i) => (
        <View key={i} className="case-card case-card--skeleton">
          <View className="case-card__thumb" />
          <View className="case-card__body">
            <Skeleton rows={3} animated />
          </View>
        </View>
      ))}
    </View>
  );
}

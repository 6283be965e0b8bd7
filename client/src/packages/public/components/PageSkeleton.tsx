import { View } from '@tarojs/components';
import { Skeleton } from '../../../ui';
import './public-components.scss';

/** Card-shaped placeholders while a public page loads. */
export function PageSkeleton({ cards = 3, rows = 3 }: { cards?: number; rows?: number }) {
  return (
    <View className="pub-skeleton" aria-busy="true" data-testid="page-skeleton">
      {Array.from({ length: cards }, (_, i) => (
        <View key={i} className="pub-card pub-skeleton__card">
          <Skeleton rows={rows} animated />
        </View>
      ))}
    </View>
  );
}

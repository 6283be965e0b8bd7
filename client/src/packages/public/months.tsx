import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { StateView } from '../../components/StateView';
import { useLoad } from '../../services/use-load';
import { rankingMonths, type PublishedMonth } from './api';
import { PageSkeleton } from './components/PageSkeleton';

/**
 * The published months (latest first) and the chosen one: the month in the link if it is a
 * month, else the latest. `months` also holds a linked month that is not (yet) in the list.
 */
export function usePublishedMonths(linkedMonth: string | undefined) {
  const state = useLoad<PublishedMonth[]>('months', () => rankingMonths(), { isEmpty: (list) => list.length === 0 });
  const [month, setMonth] = useState<string | null>(null);

  const list = state.data;
  useEffect(() => {
    if (!list) return;
    setMonth((cur) => cur ?? (linkedMonth && /^\d{4}-\d{2}$/.test(linkedMonth) ? linkedMonth : (list[0]?.month ?? null)));
  }, [list, linkedMonth]);

  const published = list ?? [];
  const months = !month || published.some((m) => m.month === month) ? published : [{ month, revision: 1 }, ...published];
  /** A month is chosen from a non-empty list: the page can render. */
  const ready = state.status === 'ready' && month !== null;
  return { state, month, setMonth, months, published, ready, reload: state.reload };
}

/**
 * What a page shows until a month is chosen: a skeleton, the failure with 重试, or the empty
 * state. Null once there is a month, and the page renders itself.
 */
export function MonthsGate({
  months,
  className,
  skeleton,
  failedTitle,
  emptyTitle,
  emptyDescription,
}: {
  months: ReturnType<typeof usePublishedMonths>;
  className: string;
  skeleton: { cards: number; rows: number };
  failedTitle: string;
  emptyTitle: string;
  emptyDescription: string;
}) {
  const { state, month, reload } = months;
  if (state.status === 'loading' || state.status === 'idle' || (state.status === 'ready' && !month)) {
    return (
      <View className={className}>
        <PageSkeleton cards={skeleton.cards} rows={skeleton.rows} />
      </View>
    );
  }
  if (state.status === 'failed') {
    return (
      <View className={className}>
        <StateView kind="error" title={failedTitle} description={state.error?.message} actionText="重试" onAction={() => void reload()} />
      </View>
    );
  }
  if (state.status === 'empty' || !month) {
    return (
      <View className={className}>
        <StateView kind="empty" title={emptyTitle} description={emptyDescription} actionText="刷新" onAction={() => void reload()} />
      </View>
    );
  }
  return null;
}

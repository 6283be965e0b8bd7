import { useCallback, useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { StateView } from '../../components/StateView';
import { toApiErrorBody } from '../../services/request';
import { rankingMonths, type PublishedMonth } from './api';
import { PageSkeleton } from './components/PageSkeleton';

type MonthsState = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; months: PublishedMonth[] };

/**
 * The published months (latest first) and the chosen one: the month in the link if it is a
 * month, else the latest. `months` also holds a linked month that is not (yet) in the list.
 */
export function usePublishedMonths(linkedMonth: string | undefined) {
  const [state, setState] = useState<MonthsState>({ status: 'loading' });
  const [month, setMonth] = useState<string | null>(null);

  const reload = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const months = await rankingMonths();
      setState({ status: 'ready', months });
      setMonth((cur) => cur ?? (linkedMonth && /^\d{4}-\d{2}$/.test(linkedMonth) ? linkedMonth : (months[0]?.month ?? null)));
    } catch (err) {
      setState({ status: 'failed', message: toApiErrorBody(err).message });
    }
  }, [linkedMonth]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const published = state.status === 'ready' ? state.months : [];
  const months = !month || published.some((m) => m.month === month) ? published : [{ month, revision: 1 }, ...published];
  /** A month is chosen from a non-empty list: the page can render. */
  const ready = state.status === 'ready' && state.months.length > 0 && month !== null;
  return { state, month, setMonth, months, published, ready, reload };
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
  if (state.status === 'loading') {
    return (
      <View className={className}>
        <PageSkeleton cards={skeleton.cards} rows={skeleton.rows} />
      </View>
    );
  }
  if (state.status === 'failed') {
    return (
      <View className={className}>
        <StateView kind="error" title={failedTitle} description={state.message} actionText="重试" onAction={() => void reload()} />
      </View>
    );
  }
  if (!state.months.length || !month) {
    return (
      <View className={className}>
        <StateView kind="empty" title={emptyTitle} description={emptyDescription} actionText="刷新" onAction={() => void reload()} />
      </View>
    );
  }
  return null;
}

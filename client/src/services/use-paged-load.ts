import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorBody } from '@xc/shared';
import { useLoad, type Load } from './use-load';

/** One page of a cursor-paged list. */
export interface Page<I> {
  items: I[];
  nextCursor: string | null;
}

export interface PagedLoad<I> extends Load<Page<I>> {
  /** The next page: idle, on its way, or failed (tap to retry). */
  more: 'idle' | 'loading' | 'failed';
  loadMore: () => Promise<void>;
}

/**
 * A cursor-paged list on top of `useLoad`: the first page by key (status `empty` when it holds
 * nothing), next pages appended without the items already shown, `arrange` applied to the whole.
 */
export function usePagedLoad<I extends { id: string }>(
  key: string | null,
  fetchPage: (cursor: string | null) => Promise<{ items?: I[] | null; nextCursor?: string | null }>,
  options: { arrange?: (items: I[]) => I[]; onRefreshError?: (error: ApiErrorBody) => void } = {},
): PagedLoad<I> {
  const [more, setMore] = useState<'idle' | 'loading' | 'failed'>('idle');
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const arrange = (items: I[]) => (options.arrange ? options.arrange(items) : items);
  const arrangeRef = useRef(arrange);
  arrangeRef.current = arrange;

  const load = useLoad<Page<I>>(
    key,
    async () => {
      const page = await fetchRef.current(null);
      setMore('idle');
      return { items: arrangeRef.current(page.items ?? []), nextCursor: page.nextCursor ?? null };
    },
    { isEmpty: (p) => p.items.length === 0, onRefreshError: options.onRefreshError },
  );

  const keyRef = useRef(key);
  keyRef.current = key;
  const busy = useRef(false);
  useEffect(() => {
    setMore('idle');
  }, [key]);

  const { data, mutate } = load;
  const loadMore = useCallback(async () => {
    const cursor = data?.nextCursor;
    if (!cursor || busy.current) return;
    const k = keyRef.current;
    busy.current = true;
    setMore('loading');
    try {
      const page = await fetchRef.current(cursor);
      if (keyRef.current !== k) return;
      mutate((cur) => {
        // A reload since: its first page replaced the one this cursor followed.
        if (cur.nextCursor !== cursor) return cur;
        const seen = new Set(cur.items.map((i) => i.id));
        const items = [...cur.items, ...(page.items ?? []).filter((i) => !seen.has(i.id))];
        return { items: arrangeRef.current(items), nextCursor: page.nextCursor ?? null };
      });
      setMore('idle');
    } catch {
      if (keyRef.current === k) setMore('failed');
    } finally {
      busy.current = false;
    }
  }, [data, mutate]);

  return { ...load, more, loadMore };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiErrorBody } from '@xc/shared';
import { toApiErrorBody } from './request';

/**
 * The one data-loading state machine of the client.
 *
 * - `idle`: no key yet (nothing to load, e.g. no month chosen);
 * - `loading`: the first load of this key, nothing to show yet (a skeleton);
 * - `failed`: the load failed and there is nothing to show: `error` has the Chinese message (and
 *   code) to show with 重试 (`reload`);
 * - `ready` / `empty`: data of this key (`empty` when `isEmpty` says so).
 *
 * A change of key loads again and makes every load of an earlier key stale: its answer is dropped,
 * whenever it arrives. A reload of the same key keeps the last data on screen (`refreshing` while
 * it runs); when that reload fails the data stays, `error` says why and `onRefreshError` is told
 * (a toast), so a failed network never empties a page.
 */
export type LoadStatus = 'idle' | 'loading' | 'failed' | 'ready' | 'empty';

export interface Load<T> {
  status: LoadStatus;
  /** The last data of the current key: kept while it reloads and when a reload fails. */
  data: T | undefined;
  /** Why the last load failed (null after a success). */
  error: ApiErrorBody | null;
  /** A reload runs while the last data is shown. */
  refreshing: boolean;
  /** Load the current key again; resolves with the failure, if any. */
  reload: () => Promise<ApiErrorBody | null>;
  /** Change the data of the current key in place (an action's answer, a next page). */
  mutate: (change: (data: T) => T) => void;
}

export interface LoadOptions<T> {
  /** Data that means "nothing here" (an empty list): status `empty` instead of `ready`. */
  isEmpty?: (data: T) => boolean;
  /** A reload failed while the last data stays on screen. */
  onRefreshError?: (error: ApiErrorBody) => void;
}

/** `isStale()` turns true once the key changed, a newer load started or the page closed. */
export type Loader<T> = (isStale: () => boolean) => Promise<T>;

interface Inner<T> {
  key: string | null;
  has: boolean;
  data: T | undefined;
  error: ApiErrorBody | null;
  loading: boolean;
}

export function useLoad<T>(key: string | null, loader: Loader<T>, options: LoadOptions<T> = {}): Load<T> {
  const [inner, setInner] = useState<Inner<T>>({ key, has: false, data: undefined, error: null, loading: key !== null });
  const innerRef = useRef(inner);
  innerRef.current = inner;
  const seq = useRef(0);
  const keyRef = useRef(key);
  keyRef.current = key;
  // The latest loader and options, so that a page may pass closures without reloading on every render.
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  // Promises, not async/await: the H5 build targets ES5, where await costs the home a regenerator.
  const run = useCallback((): Promise<ApiErrorBody | null> => {
    const k = keyRef.current;
    if (k === null) return Promise.resolve(null);
    const mine = ++seq.current;
    const isStale = () => mine !== seq.current || keyRef.current !== k;
    setInner((s) => (s.key === k ? { ...s, loading: true } : { key: k, has: false, data: undefined, error: null, loading: true }));
    // The loader starts now (not a tick later); a loader that throws fails like one that rejects.
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(loaderRef.current(isStale));
    } catch (err) {
      pending = Promise.reject(err);
    }
    return pending.then(
      (data) => {
        if (!isStale()) setInner({ key: k, has: true, data, error: null, loading: false });
        return null;
      },
      (err: unknown) => {
        const error = toApiErrorBody(err);
        if (isStale()) return null;
        const kept = innerRef.current.key === k && innerRef.current.has;
        setInner((s) => (s.key === k ? { ...s, error, loading: false } : { key: k, has: false, data: undefined, error, loading: false }));
        if (kept) optionsRef.current.onRefreshError?.(error);
        return error;
      },
    );
  }, []);

  useEffect(() => {
    if (key === null) {
      seq.current++;
      setInner({ key: null, has: false, data: undefined, error: null, loading: false });
      return undefined;
    }
    void run();
    // The counter itself, not a node: bumping it in the cleanup is the point.
    const counter = seq;
    return () => {
      // The key changes or the page closes: whatever is still on its way is stale.
      counter.current++;
    };
  }, [key, run]);

  const mutate = useCallback((change: (data: T) => T) => {
    setInner((s) => (s.key === keyRef.current && s.has ? { ...s, data: change(s.data as T) } : s));
  }, []);

  const current = inner.key === key;
  const has = current && inner.has;
  const data = has ? inner.data : undefined;
  let status: LoadStatus;
  if (key === null) status = 'idle';
  else if (has) status = options.isEmpty?.(data as T) ? 'empty' : 'ready';
  else if (current && !inner.loading && inner.error) status = 'failed';
  else status = 'loading';
  return {
    status,
    data,
    error: current ? inner.error : null,
    refreshing: has && inner.loading,
    reload: run,
    mutate,
  };
}

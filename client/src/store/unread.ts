import { useEffect, useSyncExternalStore } from 'react';
import { unreadCount } from '../services/api';
import { listenLive } from '../services/live';
import { getSession, subscribeSession } from './session';

/** The signed-in user's unread message count: the badge on 首页 and 我的. */
let count = 0;
const listeners = new Set<() => void>();

function set(n: number): void {
  if (n === count) return;
  count = n;
  listeners.forEach((l) => l());
}

export function getUnread(): number {
  return count;
}

export function setUnread(n: number): void {
  set(Math.max(0, n));
}

/** Asks the server again (after a live event, on showing a page). Failures keep the last count. */
export async function refreshUnread(): Promise<void> {
  if (!getSession()) return set(0);
  try {
    set((await unreadCount()).count);
  } catch {
    /* offline: the badge keeps its last value */
  }
}

subscribeSession(() => {
  if (!getSession()) set(0);
});

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** React hook: the unread count, kept current by the live stream while the component is shown. */
export function useUnread(): number {
  const n = useSyncExternalStore(subscribe, getUnread, getUnread);
  useEffect(() => {
    void refreshUnread();
    return listenLive(() => void refreshUnread());
  }, []);
  return n;
}

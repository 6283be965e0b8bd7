import Taro from '@tarojs/taro';
import type { LiveEventDto } from '@xc/shared';
import { getSession, subscribeSession } from '../store/session';
import { eventsTicket } from './api';

/** Wait before reconnecting after the n-th failure in a row: 1 s, 2 s, 4 s… at most 30 s, with a little jitter. */
export function reconnectDelay(failures: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The stream's address for this platform: SSE on H5, WebSocket in the mini-program. */
export function streamUrl(apiBase: string, ticket: string, env: string, origin = ''): string {
  const q = `ticket=${encodeURIComponent(ticket)}`;
  if (env !== 'weapp') return `${apiBase}/api/v1/events?${q}`;
  const base = (apiBase || origin).replace(/^http/, 'ws');
  return `${base}/api/v1/events/ws?${q}`;
}

type Listener = (event: LiveEventDto) => void;
const listeners = new Set<Listener>();
let close: (() => void) | null = null;
/** Bumped by every disconnect: a connect that was fetching its ticket meanwhile opens nothing. */
let generation = 0;
let connecting = false;
/** Whose stream is open (or opening): a change of user reconnects, a refreshed profile does not. */
let streamUser: string | null = null;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function emit(event: LiveEventDto): void {
  listeners.forEach((l) => l(event));
}

function scheduleReconnect(): void {
  close = null;
  if (retryTimer || !listeners.size || !getSession()) return;
  failures += 1;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void connect();
  }, reconnectDelay(failures));
}

function parse(raw: unknown): LiveEventDto | null {
  try {
    const v = JSON.parse(String(raw)) as LiveEventDto;
    return v && typeof v.kind === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Opens the stream for the signed-in user; on any loss, reconnects with backoff. */
async function connect(): Promise<void> {
  // One stream at a time: two callers while the ticket is on its way would open two, and the
  // browser's six connections per host run out after a few pages (every later request then waits).
  if (close || connecting || !listeners.size || !getSession()) return;
  connecting = true;
  const mine = generation;
  streamUser = getSession()!.user.id;
  let ticket: string;
  try {
    ticket = (await eventsTicket()).ticket;
  } catch {
    if (mine !== generation) return; // disconnected meanwhile: a newer connect owns the flag
    connecting = false;
    return scheduleReconnect();
  }
  if (mine !== generation) return;
  connecting = false;
  if (!listeners.size || !getSession()) return;
  const env = process.env.TARO_ENV;
  if (env === 'weapp') {
    const task = await Taro.connectSocket({ url: streamUrl(API_BASE, ticket, env) });
    task.onOpen(() => (failures = 0));
    task.onMessage((m) => {
      const e = parse(m.data);
      if (e) emit(e);
    });
    task.onClose(() => scheduleReconnect());
    task.onError(() => scheduleReconnect());
    close = () => void task.close({});
    return;
  }
  if (typeof EventSource === 'undefined') return;
  const source = new EventSource(streamUrl(API_BASE, ticket, env ?? 'h5'));
  source.addEventListener('ready', () => {
    failures = 0;
    // Whatever happened while disconnected: lists are the source of truth, so reload them.
    emit({ kind: 'ready', caseId: null });
  });
  source.onmessage = (m) => {
    const e = parse(m.data);
    if (e) emit(e);
  };
  // EventSource would retry with the same (by then expired) ticket: close and get a new one.
  source.onerror = () => {
    source.close();
    scheduleReconnect();
  };
  close = () => source.close();
}

function disconnect(): void {
  generation += 1;
  connecting = false;
  streamUser = null;
  close?.();
  close = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  failures = 0;
}

subscribeSession(() => {
  // Signed out, or in as someone else: the stream belonged to the previous user. A refreshed
  // profile of the same user keeps it.
  const user = getSession()?.user.id ?? null;
  if (user === streamUser && (close || connecting)) return;
  disconnect();
  if (user) void connect();
});

/** Listen to the signed-in user's live events; the one stream stays open while anyone listens. */
export function listenLive(listener: Listener): () => void {
  listeners.add(listener);
  void connect();
  return () => {
    listeners.delete(listener);
    if (!listeners.size) disconnect();
  };
}

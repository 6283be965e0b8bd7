import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import type { AuthTokensDto, UserDto } from '@xc/shared';

/**
 * The persisted session (tokens + user), kept apart from UI state: pages hold their own loading
 * and error state; only this store survives a restart (Taro storage).
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  user: UserDto;
}

export const SESSION_STORAGE_KEY = 'xc.session';

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null | undefined; // undefined = not read from storage yet

function isSession(value: unknown): value is Session {
  const v = value as Session | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    typeof v.user === 'object' &&
    v.user !== null &&
    Array.isArray(v.user.roles)
  );
}

function readStorage(): Session | null {
  try {
    const raw: unknown = Taro.getStorageSync(SESSION_STORAGE_KEY);
    const value = typeof raw === 'string' && raw ? JSON.parse(raw) : raw;
    return isSession(value) ? value : null;
  } catch {
    return null;
  }
}

function write(next: Session | null): void {
  current = next;
  try {
    if (next) Taro.setStorageSync(SESSION_STORAGE_KEY, JSON.stringify(next));
    else Taro.removeStorageSync(SESSION_STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the session still lives for this run.
  }
  listeners.forEach((l) => l());
}

export function getSession(): Session | null {
  if (current === undefined) current = readStorage();
  return current;
}

export function setSession(tokens: AuthTokensDto): void {
  write({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user });
}

/**
 * The signed-in user afresh from the server. The stored session may have changed while the request
 * was out (a sign-in as someone else, another tab): only that same user's session is updated, never
 * an older account written back over a newer one.
 */
export function updateUser(user: UserDto): void {
  const stored = readStorage() ?? (current === undefined ? null : current);
  if (!stored || stored.user.id !== user.id) {
    if (stored !== current) write(stored);
    return;
  }
  write({ ...stored, user });
}

export function clearSession(): void {
  write(null);
}

/** Forget the in-memory copy so the next read comes from storage (tests). */
export function resetSessionCache(): void {
  current = undefined;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** React hook: the current session, re-rendering on login and logout. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

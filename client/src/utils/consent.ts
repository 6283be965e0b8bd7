import type { UserDto } from '@xc/shared';
import { acceptConsent, me, policy } from '../services/api';
import { getSession, updateUser } from '../store/session';

/** After a sign-in or at launch: the user afresh from the server (it says whether the current 隐私政策 is accepted). */
export async function refreshUser(): Promise<UserDto | null> {
  if (!getSession()) return null;
  const user = await me();
  if (!user) return null;
  updateUser(user);
  return user;
}

/** Accepts the privacy policy version the server publishes now, and keeps the user's new state. */
export async function acceptCurrentPolicy(): Promise<void> {
  const { version } = await policy('privacy');
  await acceptConsent(version);
  await refreshUser();
}

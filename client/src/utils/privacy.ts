import { useSyncExternalStore } from 'react';
import { getSession } from '../store/session';

/**
 * Personal information before it is touched: WeChat's privacy authorisation in the weapp
 * (`wx.onNeedPrivacyAuthorization` / `wx.requirePrivacyAuthorize`, base library 2.32.3+) before
 * location, camera, album or phone number, and the platform's own consent (the current 隐私政策
 * accepted) before a signed-in user's personal information is collected.
 */

export type PrivacyPurpose = 'location' | 'camera' | 'album' | 'phone';

/** WeChat resolves its pending API call with the user's answer; `buttonId` names the agree button. */
type PrivacyResolve = (answer: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

/** The two calls of the WeChat API used here (absent on older clients and in H5). */
export interface WxPrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, info: { referrer?: string }) => void) => void;
  requirePrivacyAuthorize?: (options: { success?: () => void; fail?: (err: unknown) => void }) => void;
}

/** The id of the `open-type="agreePrivacyAuthorization"` button of PrivacyPopup. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

let pending: PrivacyResolve | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function wxApi(): WxPrivacyApi | undefined {
  const g = globalThis as { wx?: WxPrivacyApi };
  return g.wx;
}

/** Once at launch (weapp): WeChat asks through this listener whenever a privacy-relevant API needs the user's agreement. */
export function installPrivacyAuthorization(wx: WxPrivacyApi | undefined = wxApi()): boolean {
  if (!wx?.onNeedPrivacyAuthorization) return false;
  wx.onNeedPrivacyAuthorization((resolve) => {
    pending?.({ event: 'disagree' }); // a newer request replaces an unanswered one
    pending = resolve;
    notify();
  });
  return true;
}

/** The popup's answer: agree (from the agreePrivacyAuthorization button) or refuse. */
export function answerPrivacy(agree: boolean): void {
  const resolve = pending;
  pending = null;
  resolve?.(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' });
  notify();
}

/** Whether WeChat is waiting for the user's answer (the popup shows while true). */
export function usePrivacyPrompt(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending !== null,
    () => false,
  );
}

let consentOpener: (() => void) | null = null;

/** How to ask for the platform's consent (the app opens the consent page). */
export function setConsentOpener(open: (() => void) | null): void {
  consentOpener = open;
}

/**
 * Before using location, camera, album or the phone number. `platformConsent`: the data is
 * collected for the signed-in user (a report, a patrol, the phone), so the current 隐私政策 must be
 * accepted first; the public pages (附近问题) ask WeChat's authorisation only.
 * Resolves false when the user refused (or is being asked on the consent page).
 */
export async function requirePrivacy(
  _purpose: PrivacyPurpose,
  { platformConsent = true, wx = wxApi() }: { platformConsent?: boolean; wx?: WxPrivacyApi } = {},
): Promise<boolean> {
  if (platformConsent && getSession()?.user.consentRequired) {
    consentOpener?.();
    return false;
  }
  const require = wx?.requirePrivacyAuthorize;
  if (!require) return true; // H5, or a WeChat client without privacy authorisation
  return new Promise((resolve) => require({ success: () => resolve(true), fail: () => resolve(false) }));
}

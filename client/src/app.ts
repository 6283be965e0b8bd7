import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { onConsentRequired } from './services/request';
import { refreshUser } from './utils/consent';
import { ROUTES, go } from './utils/nav';
import { installPrivacyAuthorization, setConsentOpener } from './utils/privacy';
import './app.scss';

/** The consent page, once at a time (several refused requests may arrive together). */
let consentOpenedAt = 0;
function openConsent(): void {
  if (Date.now() - consentOpenedAt < 2000) return;
  consentOpenedAt = Date.now();
  go(ROUTES.consent);
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') installPrivacyAuthorization();
    onConsentRequired(openConsent);
    setConsentOpener(openConsent);
    // A signed-in user who has not accepted the current 隐私政策 (first sign-in, a new version) is asked at once.
    refreshUser()
      .then((user) => {
        if (user?.consentRequired) openConsent();
      })
      .catch(() => undefined);
  });
  // children are the pages being rendered.
  return children;
}

export default App;

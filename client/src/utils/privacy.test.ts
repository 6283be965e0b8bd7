import { answerPrivacy, installPrivacyAuthorization, requirePrivacy, setConsentOpener, type WxPrivacyApi } from './privacy';
import { clearSession, setSession } from '../store/session';

/** A stand-in for the two WeChat calls: requirePrivacyAuthorize asks through the registered listener, as WeChat does. */
function fakeWx(needsAuthorization = true) {
  let listener: Parameters<NonNullable<WxPrivacyApi['onNeedPrivacyAuthorization']>>[0] | null = null;
  const answers: { event: string; buttonId?: string }[] = [];
  const wx: WxPrivacyApi = {
    onNeedPrivacyAuthorization: (l) => {
      listener = l;
    },
    requirePrivacyAuthorize: ({ success, fail }) => {
      if (!needsAuthorization) return success?.();
      listener!((answer) => {
        answers.push(answer);
        if (answer.event === 'agree') success?.();
        else fail?.({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' });
      }, {});
    },
  };
  return { wx, answers };
}

const session = (consentRequired: boolean) =>
  setSession({
    accessToken: 'a',
    refreshToken: 'r',
    user: { id: 'u', username: 'u', name: '市民', roles: ['citizen'], unit: null, patrolRole: null, grids: [], consentRequired },
  });

describe('privacy authorisation before location, camera, album, phone', () => {
  afterEach(() => {
    clearSession();
    setConsentOpener(null);
  });

  it('installs the WeChat listener only where the API exists', () => {
    expect(installPrivacyAuthorization(undefined)).toBe(false);
    expect(installPrivacyAuthorization(fakeWx().wx)).toBe(true);
  });

  it('waits for the popup: agreeing names the agree button and lets the call go on', async () => {
    const { wx, answers } = fakeWx();
    installPrivacyAuthorization(wx);
    const asked = requirePrivacy('camera', { wx });
    answerPrivacy(true);
    await expect(asked).resolves.toBe(true);
    expect(answers).toEqual([{ event: 'agree', buttonId: 'privacy-agree' }]);
  });

  it('refusing in the popup stops the call', async () => {
    const { wx, answers } = fakeWx();
    installPrivacyAuthorization(wx);
    const asked = requirePrivacy('location', { wx, platformConsent: false });
    answerPrivacy(false);
    await expect(asked).resolves.toBe(false);
    expect(answers).toEqual([{ event: 'disagree' }]);
  });

  it('goes on at once when WeChat has the agreement already, and in H5 (no WeChat API)', async () => {
    await expect(requirePrivacy('phone', { wx: fakeWx(false).wx })).resolves.toBe(true);
    await expect(requirePrivacy('phone', { wx: undefined })).resolves.toBe(true);
  });

  it('asks for the platform consent first when the signed-in user has not accepted the current policy', async () => {
    const opener = jest.fn();
    setConsentOpener(opener);
    session(true);
    const { wx, answers } = fakeWx();
    await expect(requirePrivacy('camera', { wx })).resolves.toBe(false);
    expect(opener).toHaveBeenCalledTimes(1);
    expect(answers).toEqual([]);
    // The public 附近问题 only needs WeChat's authorisation.
    await expect(requirePrivacy('location', { wx: undefined, platformConsent: false })).resolves.toBe(true);
    session(false);
    await expect(requirePrivacy('camera', { wx: undefined })).resolves.toBe(true);
  });
});

import { Button, Text, View } from '@tarojs/components';
import { PRIVACY_AGREE_BUTTON_ID, answerPrivacy, usePrivacyPrompt } from '../../utils/privacy';
import { ROUTES, go } from '../../utils/nav';
import './index.scss';

/**
 * weapp: WeChat's privacy authorisation, shown while a location, camera, album or phone-number
 * call waits for it (utils/privacy.ts). Agreeing must come from an `agreePrivacyAuthorization` button.
 */
export function PrivacyPopup() {
  const open = usePrivacyPrompt();
  if (!open || process.env.TARO_ENV !== 'weapp') return null;
  return (
    <View className="privacy-popup" role="dialog" aria-label="隐私保护指引">
      <View className="privacy-popup__panel">
        <Text className="privacy-popup__title">隐私保护指引</Text>
        <Text className="privacy-popup__text">
          为了上报问题和记录巡查，我们需要使用您的位置、相机、相册或手机号。使用前请阅读
          <Text className="privacy-popup__link" onClick={() => go(ROUTES.privacy)}>
            《隐私政策》
          </Text>
          。
        </Text>
        <View className="privacy-popup__buttons">
          <Button className="privacy-popup__refuse" onClick={() => answerPrivacy(false)}>
            拒绝
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-popup__agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => answerPrivacy(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import { ROUTES, go } from '../../utils/nav';
import './index.scss';

/** 我已阅读并同意《用户服务协议》和《隐私政策》: a box to tick, each title opening its text. */
export function ConsentCheck({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <View className="consent-check">
      <View
        className={`consent-check__box${checked ? ' consent-check__box--on' : ''}`}
        role="checkbox"
        aria-checked={checked}
        aria-label="我已阅读并同意用户服务协议和隐私政策"
        data-testid="consent-check"
        onClick={() => onChange(!checked)}
      >
        <Text className="consent-check__mark">{checked ? '✓' : ''}</Text>
      </View>
      <View className="consent-check__text">
        <Text>我已阅读并同意</Text>
        <Text className="consent-check__link" data-testid="link-terms" onClick={() => go(ROUTES.terms)}>
          《用户服务协议》
        </Text>
        <Text>和</Text>
        <Text className="consent-check__link" data-testid="link-privacy" onClick={() => go(ROUTES.privacy)}>
          《隐私政策》
        </Text>
      </View>
    </View>
  );
}

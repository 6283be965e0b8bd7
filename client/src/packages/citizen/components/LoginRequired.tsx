import { View } from '@tarojs/components';
import { StateView } from '../../../components/StateView';
import { ROUTES, go, goHome } from '../../../utils/nav';
import './citizen-components.scss';

/** For pages that need an account: say so, and offer 去登录. */
export function LoginRequired({ what }: { what: string }) {
  return (
    <View className="citizen-page">
      <StateView
        kind="empty"
        title="请先登录"
        description={`登录后即可${what}`}
        actionText="去登录"
        onAction={() => go(ROUTES.login)}
        secondaryText="返回首页"
        onSecondary={goHome}
      />
    </View>
  );
}

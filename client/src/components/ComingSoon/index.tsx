import { View } from '@tarojs/components';
import { goHome } from '../../utils/nav';
import { StateView } from '../StateView';

export interface ComingSoonProps {
  /** The feature's name, e.g. 我要上报. */
  feature: string;
  /** One line on what it will do. */
  description: string;
}

/** Placeholder for an area page not built yet: says plainly that it is coming. */
export function ComingSoon({ feature, description }: ComingSoonProps) {
  return (
    <View className='coming-soon-page'>
      <StateView
        kind='coming'
        title={`${feature}：该功能即将上线`}
        description={description}
        actionText='返回首页'
        onAction={goHome}
      />
    </View>
  );
}

export default ComingSoon;

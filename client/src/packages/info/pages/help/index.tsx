import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '../../../../ui';
import { InfoPage } from '../../components/InfoPage';
import { HELP, HOTLINE } from '../../content';

/** 客服与帮助: the hotline (a tap calls it on a phone), the working hours, common questions. */
export default function HelpPage() {
  const call = () => {
    void Taro.makePhoneCall({ phoneNumber: HOTLINE })?.catch?.(() => undefined);
  };
  return (
    <InfoPage
      {...HELP}
      footer={
        <View className="info__call">
          <Button type="primary" size="large" block onClick={call}>
            拨打服务热线 {HOTLINE}
          </Button>
        </View>
      }
    />
  );
}

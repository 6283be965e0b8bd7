import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { askForUpdates } from '../../../services/subscribe';

/**
 * 订阅微信通知 for a reporter's case: after 上报成功 and on the case page while it is open. WeChat
 * shows its own dialog, which must follow a tap; one acceptance allows one message, so asking again
 * on the case page lets the reporter hear of the next step too. Only in the mini-program, with
 * templates configured at build time; elsewhere nothing is shown (消息中心 tells everyone).
 */
export function SubscribeUpdates() {
  const [state, setState] = useState<'idle' | 'accepted' | 'declined'>('idle');
  if (process.env.TARO_ENV !== 'weapp' || !WECHAT_TEMPLATES.length) return null;
  const subscribe = () => {
    void askForUpdates().then((r) => {
      if (r === 'accepted' || r === 'declined') setState(r);
    });
  };
  return (
    <View className="subscribe-updates" onClick={subscribe} data-testid="subscribe" role="button">
      <Text>
        {state === 'accepted'
          ? '已订阅，处理进展将通过微信通知你'
          : state === 'declined'
            ? '未订阅，可在「消息中心」查看进展；点此重新订阅'
            : '订阅微信通知：受理、派遣、结案时提醒我'}
      </Text>
    </View>
  );
}

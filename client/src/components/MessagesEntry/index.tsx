import { Text, View } from '@tarojs/components';
import { useUnread } from '../../store/unread';
import { ROUTES, go } from '../../utils/nav';
import './index.scss';

/** 消息 with the unread count as a badge, live (首页's header). */
export function MessagesEntry() {
  const unread = useUnread();
  return (
    <View
      className="messages-entry"
      role="link"
      data-testid="messages-entry"
      aria-label={unread ? `消息，${unread} 条未读` : '消息'}
      onClick={() => go(ROUTES.messages)}
    >
      <Text className="messages-entry__label">消息</Text>
      {unread ? (
        <Text className="messages-entry__badge" data-testid="unread-badge">
          {unread > 99 ? '99+' : unread}
        </Text>
      ) : null}
    </View>
  );
}

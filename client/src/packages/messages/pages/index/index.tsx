import { useEffect, useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MessageDto } from '@xc/shared';
import { messages, readMessages } from '../../../../services/api';
import { listenLive } from '../../../../services/live';
import { toApiErrorBody } from '../../../../services/request';
import { usePagedLoad } from '../../../../services/use-paged-load';
import { useSession } from '../../../../store/session';
import { refreshUnread, setUnread, useUnread } from '../../../../store/unread';
import { ROUTES, go, goHome } from '../../../../utils/nav';
import { formatShort } from '../../../../components/case/format';
import { StateView } from '../../../../components/StateView';
import { ListSkeleton } from '../../../../components/case/ListSkeleton';
import { messageTarget } from '../../target';
import './index.scss';

function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none' })?.catch?.(() => undefined);
}

function MessageList() {
  const state = usePagedLoad<MessageDto>('messages', (cursor) => messages(cursor ?? undefined), {
    onRefreshError: (e) => toast(`刷新失败：${e.message}`),
  });
  const unread = useUnread();
  const { reload } = state;

  // A new message (or a reconnect after a gap): the list is the source of truth, load it again.
  useEffect(() => listenLive(() => void reload()), [reload]);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void state.loadMore());

  const markRead = (ids: string[] | 'all') => {
    const now = new Date().toISOString();
    state.mutate((cur) => ({
      ...cur,
      items: cur.items.map((m) => (!m.readAt && (ids === 'all' || ids.includes(m.id)) ? { ...m, readAt: now } : m)),
    }));
    if (ids === 'all') setUnread(0);
    readMessages(ids === 'all' ? { all: true } : { ids })
      .then(() => refreshUnread())
      .catch((err) => {
        toast(`标记已读失败：${toApiErrorBody(err).message}`);
        void reload();
      });
  };

  const open = (m: MessageDto) => {
    if (!m.readAt) {
      setUnread(unread - 1);
      markRead([m.id]);
    }
    const url = messageTarget(m);
    if (url) void Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }));
  };

  if (state.status === 'loading') return <ListSkeleton />;
  if (!state.data)
    return (
      <StateView kind="error" title="消息加载失败" description={state.error?.message} actionText="重试" onAction={() => void reload()} />
    );
  if (!state.data.items.length)
    return (
      <StateView
        kind="empty"
        title="暂无消息"
        description="案件受理、派遣、处置和结案时，会在这里通知你"
        actionText="返回首页"
        onAction={goHome}
      />
    );

  const { items, nextCursor } = state.data;
  const anyUnread = items.some((m) => !m.readAt);
  return (
    <View>
      <View className="messages__bar">
        <Text className="messages__count">{unread > 0 ? `${unread} 条未读` : '全部已读'}</Text>
        {anyUnread ? (
          <Text className="messages__all" data-testid="read-all" onClick={() => markRead('all')}>
            全部已读
          </Text>
        ) : null}
      </View>
      <View role="list">
        {items.map((m) => (
          <View
            key={m.id}
            role="listitem"
            className={`message${m.readAt ? '' : ' message--unread'}`}
            data-testid="message"
            onClick={() => open(m)}
          >
            <View className="message__head">
              {m.readAt ? null : <View className="message__dot" aria-label="未读" />}
              <Text className="message__title">{m.title}</Text>
              <Text className="message__time">{formatShort(m.createdAt)}</Text>
            </View>
            <Text className="message__body">{m.body}</Text>
            {m.caseId ? <Text className="message__link">查看案件 ›</Text> : null}
          </View>
        ))}
      </View>
      {nextCursor ? (
        <View className="messages__more" onClick={() => void state.loadMore()}>
          <Text>{state.more === 'loading' ? '加载中…' : state.more === 'failed' ? '加载失败，点击重试' : '加载更多'}</Text>
        </View>
      ) : (
        <View className="messages__end">
          <Text>没有更多消息了</Text>
        </View>
      )}
    </View>
  );
}

export default function MessagesPage() {
  const session = useSession();
  return (
    <View className="messages">
      {session ? (
        <MessageList key={session.user.id} />
      ) : (
        <StateView kind="empty" title="请先登录" description="登录后即可查看消息" actionText="去登录" onAction={() => go(ROUTES.login)} />
      )}
    </View>
  );
}

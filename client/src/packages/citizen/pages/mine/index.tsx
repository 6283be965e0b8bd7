import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus, CaseSummaryDto } from '@xc/shared';
import { myCases } from '../../../../services/api';
import { usePagedLoad } from '../../../../services/use-paged-load';
import { useSession } from '../../../../store/session';
import { ROUTES, go, goWith } from '../../../../utils/nav';
import { LoadFailed, StateView } from '../../../../components/StateView';
import { CaseCard } from '../../../../components/case/CaseCard';
import { ListSkeleton } from '../../../../components/case/ListSkeleton';
import { LoginRequired } from '../../components/LoginRequired';
import './index.scss';

export const MINE_TABS: { key: string; label: string; status: CaseStatus[] }[] = [
  { key: 'all', label: '全部', status: [] },
  {
    key: 'open',
    label: '处理中',
    status: ['reported', 'verifying', 'registered', 'dispatched', 'handled', 'checking', 'checked', 'pending'],
  },
  { key: 'closed', label: '已结案', status: ['closed'] },
];

export const PAGE_SIZE = 20;

function MyCasesList() {
  const [tab, setTab] = useState(0);
  const state = usePagedLoad<CaseSummaryDto>(
    MINE_TABS[tab].key,
    (cursor) => myCases({ status: MINE_TABS[tab].status, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    { onRefreshError: (e) => void Taro.showToast({ title: `刷新失败：${e.message}`, icon: 'none' })?.catch?.(() => undefined) },
  );

  usePullDownRefresh(() => {
    void state.reload().finally(() => {
      void Promise.resolve(Taro.stopPullDownRefresh())?.catch?.(() => undefined);
    });
  });

  useReachBottom(() => {
    void state.loadMore();
  });

  const open = (item: CaseSummaryDto) => goWith(ROUTES.caseDetail, { id: item.id });

  return (
    <View className="mine">
      <View className="tabs" role="tablist">
        {MINE_TABS.map((t, i) => (
          <View
            key={t.key}
            className={`tabs__item${i === tab ? ' tabs__item--active' : ''}`}
            role="tab"
            aria-selected={i === tab}
            onClick={() => i !== tab && setTab(i)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      <View className="mine__list">
        {state.status === 'loading' ? <ListSkeleton /> : null}
        {state.status === 'failed' ? <LoadFailed load={state} /> : null}
        {state.status === 'empty' ? (
          <StateView
            kind="empty"
            title={tab === 0 ? '暂无上报，去随手拍一个' : tab === 1 ? '没有处理中的上报' : '还没有已结案的上报'}
            description="发现占道经营、垃圾堆放、井盖破损等问题，拍照即可上报。"
            actionText="去随手拍"
            onAction={() => go(ROUTES.report)}
          />
        ) : null}
        {state.status === 'ready' && state.data ? (
          <View>
            {state.data.items.map((item) => (
              <CaseCard key={item.id} item={item} onOpen={open} />
            ))}
            <View className="mine__more">
              {state.more === 'loading' ? (
                <Text className="mine__more-text">正在加载…</Text>
              ) : state.more === 'failed' ? (
                <View className="mine__more-btn" onClick={() => void state.loadMore()}>
                  <Text>加载失败，点击重试</Text>
                </View>
              ) : state.data.nextCursor ? (
                <View className="mine__more-btn" onClick={() => void state.loadMore()}>
                  <Text>加载更多</Text>
                </View>
              ) : (
                <Text className="mine__more-text">没有更多了 · 下拉可刷新</Text>
              )}
            </View>
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default function MyReportsPage() {
  const session = useSession();
  if (!session) return <LoginRequired what="查看您上报过的问题和处理进度" />;
  return <MyCasesList />;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CaseStatus, CaseSummaryDto } from '@xc/shared';
import { myCases } from '../../../../services/api';
import { toApiErrorBody } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { ROUTES, go, goWith } from '../../../../utils/nav';
import { StateView } from '../../../../components/StateView';
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

type ListState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; items: CaseSummaryDto[]; nextCursor: string | null; more: 'idle' | 'loading' | 'failed' };

function MyCasesList() {
  const [tab, setTab] = useState(0);
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const seq = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  const load = useCallback(async (tabIndex: number, opts: { quiet?: boolean } = {}) => {
    const mine = ++seq.current;
    if (!opts.quiet) setState({ status: 'loading' });
    try {
      const page = await myCases({ status: MINE_TABS[tabIndex].status, limit: PAGE_SIZE });
      if (mine !== seq.current) return;
      setState({ status: 'ready', items: page.items ?? [], nextCursor: page.nextCursor ?? null, more: 'idle' });
    } catch (err) {
      if (mine !== seq.current) return;
      if (opts.quiet && stateRef.current.status === 'ready') {
        void Taro.showToast({ title: `刷新失败：${toApiErrorBody(err).message}`, icon: 'none' })?.catch?.(() => undefined);
        return;
      }
      setState({ status: 'failed', message: toApiErrorBody(err).message });
    }
  }, []);

  useEffect(() => {
    void load(tab);
  }, [load, tab]);

  const loadMore = useCallback(async () => {
    const s = stateRef.current;
    if (s.status !== 'ready' || !s.nextCursor || s.more === 'loading') return;
    const mine = seq.current;
    setState({ ...s, more: 'loading' });
    try {
      const page = await myCases({ status: MINE_TABS[tab].status, cursor: s.nextCursor, limit: PAGE_SIZE });
      if (mine !== seq.current) return;
      setState((cur) => {
        if (cur.status !== 'ready') return cur;
        const seen = new Set(cur.items.map((i) => i.id));
        return {
          status: 'ready',
          items: [...cur.items, ...(page.items ?? []).filter((i) => !seen.has(i.id))],
          nextCursor: page.nextCursor ?? null,
          more: 'idle',
        };
      });
    } catch {
      if (mine !== seq.current) return;
      setState((cur) => (cur.status === 'ready' ? { ...cur, more: 'failed' } : cur));
    }
  }, [tab]);

  usePullDownRefresh(() => {
    void load(tab, { quiet: true }).finally(() => {
      void Promise.resolve(Taro.stopPullDownRefresh())?.catch?.(() => undefined);
    });
  });

  useReachBottom(() => {
    void loadMore();
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
        {state.status === 'failed' ? (
          <StateView kind="error" title="加载失败" description={state.message} actionText="重试" onAction={() => void load(tab)} />
        ) : null}
        {state.status === 'ready' && state.items.length === 0 ? (
          <StateView
            kind="empty"
            title={tab === 0 ? '暂无上报，去随手拍一个' : tab === 1 ? '没有处理中的上报' : '还没有已结案的上报'}
            description="发现占道经营、垃圾堆放、井盖破损等问题，拍照即可上报。"
            actionText="去随手拍"
            onAction={() => go(ROUTES.report)}
          />
        ) : null}
        {state.status === 'ready' && state.items.length > 0 ? (
          <View>
            {state.items.map((item) => (
              <CaseCard key={item.id} item={item} onOpen={open} />
            ))}
            <View className="mine__more">
              {state.more === 'loading' ? (
                <Text className="mine__more-text">正在加载…</Text>
              ) : state.more === 'failed' ? (
                <View className="mine__more-btn" onClick={() => void loadMore()}>
                  <Text>加载失败，点击重试</Text>
                </View>
              ) : state.nextCursor ? (
                <View className="mine__more-btn" onClick={() => void loadMore()}>
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

import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, hasWorkbench, type CaseStatus, type CaseSummaryDto, type Role, type UserDto } from '@xc/shared';
import { useSession } from '../../../../store/session';
import { listenLive } from '../../../../services/live';
import { useLoad } from '../../../../services/use-load';
import { usePagedLoad } from '../../../../services/use-paged-load';
import { ROUTES, go, goHome, goWith } from '../../../../utils/nav';
import { StateView } from '../../../../components/StateView';
import { ListSkeleton } from '../../../../components/case/ListSkeleton';
import { todoCases, todoCounts } from '../../api';
import { TodoCard } from '../../components/TodoCard';
import { patrolRecorder, usePatrolSnapshot } from '../../patrol';
import { entryLine } from '../../patrol/format';
import { STAFF_BADGE_ORDER, TODO_HINTS, TODO_STATUSES, sortTodo, todoLabel, type TodoCounts } from '../../todo';
import './index.scss';

export const PAGE_SIZE = 30;

type Filter = { key: string; label: string; status?: CaseStatus[]; overdue?: boolean };

function staffRoles(user: UserDto): Role[] {
  return STAFF_BADGE_ORDER.filter((r) => user.roles.includes(r));
}

/** The filters: 全部, one per status of this role's to-do, 超期. */
function filtersFor(roles: readonly Role[]): Filter[] {
  const statuses: CaseStatus[] = [];
  for (const r of roles) for (const s of TODO_STATUSES[r] ?? []) if (!statuses.includes(s)) statuses.push(s);
  return [
    { key: 'all', label: '全部' },
    // one status only (处置单位): its chip would repeat 全部
    ...(statuses.length > 1 ? statuses.map((s) => ({ key: s, label: todoLabel(s, roles), status: [s] })) : []),
    { key: 'overdue', label: '超期', overdue: true },
  ];
}

function countOf(counts: TodoCounts | null, f: Filter): string {
  if (!counts) return '…';
  const n = f.overdue ? counts.overdue : f.status ? (counts.byStatus[f.status[0]] ?? 0) : counts.total;
  return counts.truncated ? `${n}+` : String(n);
}

/** The strip's counts: one aggregate of the whole to-do (GET /cases/counts?scope=todo). */
async function fetchCounts(): Promise<TodoCounts> {
  const c = await todoCounts();
  return { total: c.total ?? 0, overdue: c.overdue ?? 0, byStatus: c.byStatus ?? {}, truncated: false };
}

/** The inspector's way into 巡查, saying when a patrol is running or points wait to upload. */
function PatrolEntry({ user }: { user: UserDto }) {
  const recorder = useMemo(() => patrolRecorder(user.id), [user.id]);
  const snap = usePatrolSnapshot(recorder);
  const [, setTick] = useState(0);
  // A patrol left running (an app restart): location again, and the upload of whatever waits.
  useEffect(() => recorder.resume(), [recorder]);
  useEffect(() => {
    if (!snap.active) return undefined;
    const t = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, [snap.active]);
  const on = !!snap.active;
  const line = entryLine(snap, Date.now());
  return (
    <View className={`patrol-entry${on ? ' patrol-entry--on' : ''}`} data-testid="patrol-entry" onClick={() => go(ROUTES.patrol)}>
      <View className="patrol-entry__body">
        <Text className="patrol-entry__title">{on ? '巡查中' : '巡查'}</Text>
        <Text className="patrol-entry__text">{line}</Text>
      </View>
      <Text className="patrol-entry__arrow">›</Text>
    </View>
  );
}

function Workbench({ user }: { user: UserDto }) {
  const roles = staffRoles(user);
  const filters = filtersFor(roles);
  const [filter, setFilter] = useState(0);
  const active = filters[filter];
  const state = usePagedLoad<CaseSummaryDto>(
    active.key,
    (cursor) => todoCases({ status: active.status, overdue: active.overdue, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    {
      arrange: sortTodo,
      onRefreshError: (e) => void Taro.showToast({ title: `刷新失败：${e.message}`, icon: 'none' })?.catch?.(() => undefined),
    },
  );
  // The counts cover the whole to-do: loaded once, not again for a switch of filter.
  const countsLoad = useLoad<TodoCounts>('counts', () => fetchCounts());
  const counts = countsLoad.data ?? null;
  const { reload } = state;
  const reloadCounts = countsLoad.reload;
  const reloadAll = useMemo(
    () => () => {
      void reloadCounts();
      return reload();
    },
    [reload, reloadCounts],
  );

  // Back from a case: what was done there may have left the to-do.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reloadAll();
    shown.current = true;
  });

  // Live to-dos: a new task (or a reconnect after a gap) reloads the list quietly, no pulling.
  useEffect(() => listenLive(() => void reloadAll()), [reloadAll]);

  usePullDownRefresh(() => {
    void reloadAll().finally(() => {
      void Promise.resolve(Taro.stopPullDownRefresh())?.catch?.(() => undefined);
    });
  });

  useReachBottom(() => {
    void state.loadMore();
  });

  const open = (item: CaseSummaryDto) => goWith(ROUTES.staffCase, { id: item.id });
  const hint = roles
    .map((r) => TODO_HINTS[r])
    .filter(Boolean)
    .join('；');
  const overdueCount = counts?.overdue ?? 0;

  return (
    <View className="workbench">
      <View className="workbench__header">
        <View className="workbench__who">
          <Text className="workbench__name">{user.name}</Text>
          <View className="workbench__badges">
            {roles.map((r) => (
              <Text key={r} className="role-badge" data-testid="role-badge">
                {ROLE_LABELS[r]}
              </Text>
            ))}
          </View>
        </View>
        {user.unit || user.grids.length ? (
          <Text className="workbench__scope">
            {user.unit ? `所属单位：${user.unit.name}` : `负责网格：${user.grids.map((g) => g.name).join('、')}`}
          </Text>
        ) : null}
        {hint ? <Text className="workbench__hint">{hint}</Text> : null}
      </View>

      <View className="counts" role="tablist" aria-label="待办分类">
        {filters.map((f, i) => (
          <View
            key={f.key}
            className={`counts__item${i === filter ? ' counts__item--active' : ''}${f.overdue && overdueCount > 0 ? ' counts__item--overdue' : ''}`}
            role="tab"
            aria-selected={i === filter}
            data-filter={f.key}
            onClick={() => i !== filter && setFilter(i)}
          >
            <Text className="counts__num" data-testid={`count-${f.key}`}>
              {countOf(counts, f)}
            </Text>
            <Text className="counts__label">{f.label}</Text>
          </View>
        ))}
      </View>

      {user.roles.includes('inspector') ? (
        <View className="workbench__tools">
          <PatrolEntry user={user} />
          <View className="tool-btn" onClick={() => goWith(ROUTES.report, { patrol: 1 })}>
            <Text className="tool-btn__title">巡查上报</Text>
            <Text className="tool-btn__text">发现问题随手报，可当场自处理</Text>
          </View>
        </View>
      ) : null}

      <View className="workbench__list">
        {state.status === 'loading' ? <ListSkeleton /> : null}
        {state.status === 'failed' ? (
          <StateView
            kind="error"
            title="待办加载失败"
            description={state.error?.message}
            actionText="重试"
            onAction={() => void reloadAll()}
          />
        ) : null}
        {state.status === 'empty' ? (
          <StateView
            kind="empty"
            title={filter === 0 ? '暂无待办' : `没有「${filters[filter].label}」的问题`}
            description={filter === 0 ? '新的任务会出现在这里，下拉可刷新。' : '可切换到「全部」查看其他待办。'}
            actionText={filter === 0 ? '刷新' : '查看全部'}
            onAction={() => (filter === 0 ? void reloadAll() : setFilter(0))}
          />
        ) : null}
        {state.status === 'ready' && state.data ? (
          <View>
            {state.data.items.map((item) => (
              <TodoCard key={item.id} item={item} roles={roles} onOpen={open} />
            ))}
            <View className="workbench__more">
              {state.more === 'loading' ? (
                <Text className="workbench__more-text">正在加载…</Text>
              ) : state.more === 'failed' ? (
                <View className="workbench__more-btn" onClick={() => void state.loadMore()}>
                  <Text>加载失败，点击重试</Text>
                </View>
              ) : state.data.nextCursor ? (
                <View className="workbench__more-btn" onClick={() => void state.loadMore()}>
                  <Text>加载更多</Text>
                </View>
              ) : (
                <Text className="workbench__more-text">没有更多了 · 下拉可刷新</Text>
              )}
            </View>
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default function WorkbenchPage() {
  const session = useSession();
  if (!session) {
    return (
      <View className="workbench">
        <StateView
          kind="empty"
          title="请先登录"
          description="工作台供工作人员处理待办问题。"
          actionText="去登录"
          onAction={() => go(ROUTES.login)}
        />
      </View>
    );
  }
  if (!hasWorkbench(session.user.roles)) {
    return (
      <View className="workbench">
        <StateView
          kind="empty"
          title="没有待办"
          description="工作台供受理员、派遣员、处置单位和网格员处理问题。"
          actionText="返回首页"
          onAction={goHome}
        />
      </View>
    );
  }
  return <Workbench user={session.user} />;
}

import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { PATROL_ROLE_LABELS, ROLE_LABELS, type UserDto } from '@xc/shared';
import { Button, Cell, CellGroup, Skeleton } from '../../ui';
import { logout, me } from '../../services/api';
import { toApiErrorBody } from '../../services/request';
import { useLoad } from '../../services/use-load';
import { clearSession, getSession, updateUser, useSession } from '../../store/session';
import { ROUTES, go, type Route } from '../../utils/nav';
import { BottomNav } from '../../components/BottomNav';
import { useUnread } from '../../store/unread';
import { StateView } from '../../components/StateView';
import userIcon from '../../assets/icons/user.svg';
import { PhoneCard } from './PhoneCard';
import './index.scss';
import { PrivacyPopup } from '../../components/PrivacyPopup';

function Profile({ user }: { user: UserDto }) {
  const rows: { title: string; value: string }[] = [{ title: '账号', value: user.username }];
  if (user.unit) rows.push({ title: '所属单位', value: user.unit.name });
  if (user.patrolRole) rows.push({ title: '巡查角色', value: PATROL_ROLE_LABELS[user.patrolRole] });
  if (user.grids.length) rows.push({ title: '负责网格', value: user.grids.map((g) => g.name).join('、') });
  return (
    <View className="me__profile">
      <View className="me__card">
        <View className="me__avatar">
          <Text>{user.name.slice(0, 1)}</Text>
        </View>
        <View className="me__who">
          <Text className="me__name">{user.name}</Text>
          <View className="me__roles">
            {user.roles.map((role) => (
              <Text key={role} className="me__role">
                {ROLE_LABELS[role]}
              </Text>
            ))}
          </View>
        </View>
      </View>
      <CellGroup>
        {rows.map((row) => (
          <Cell key={row.title} title={row.title} extra={row.value} />
        ))}
      </CellGroup>
    </View>
  );
}

interface MenuItem {
  key: string;
  label: string;
  hint?: string;
  url: Route;
  /** A count shown as a red badge (unread messages). */
  badge?: number;
}

/** Where 我的 leads: the reports (logged in), then what the platform is and how to reach it. */
const REPORTS: MenuItem = { key: 'mine', label: '我的上报', hint: '查看处理进度', url: ROUTES.mine };
const INFO: MenuItem[] = [
  { key: 'help', label: '客服与帮助', hint: '服务热线 12319', url: ROUTES.help },
  { key: 'about', label: '关于平台', url: ROUTES.about },
  { key: 'privacy', label: '隐私政策', url: ROUTES.privacy },
  { key: 'terms', label: '用户服务协议', url: ROUTES.terms },
];
/** The person's own data: take it out, or leave (注销 for citizens; staff are disabled by an administrator). */
const MY_DATA: MenuItem = { key: 'export', label: '导出我的数据', hint: '全部个人信息', url: ROUTES.myData };
const DELETE_ACCOUNT: MenuItem = { key: 'delete', label: '注销账号', url: ROUTES.deleteAccount };

function Menu({ items }: { items: MenuItem[] }) {
  return (
    <View className="me-menu" role="list">
      {items.map((item) => (
        <View key={item.key} className="me-menu__item" role="link" data-testid={`menu-${item.key}`} onClick={() => go(item.url)}>
          <Text className="me-menu__label">{item.label}</Text>
          {item.badge ? (
            <Text className="me-menu__badge" data-testid={`badge-${item.key}`} aria-label={`${item.badge} 条未读`}>
              {item.badge > 99 ? '99+' : item.badge}
            </Text>
          ) : null}
          {item.hint ? <Text className="me-menu__hint">{item.hint}</Text> : null}
          <Text className="me-menu__arrow">›</Text>
        </View>
      ))}
    </View>
  );
}

/** 退出登录: this device at once; the server ends the sign-in too (best effort: offline, the token expires by itself). */
function signOut(): void {
  const token = getSession()?.accessToken;
  clearSession();
  if (token) logout(token).catch(() => undefined);
}

function LoggedIn() {
  const session = useSession()!;
  const state = useLoad<UserDto>(session.user.id, async () => {
    const user = await me();
    updateUser(user);
    return user;
  });
  const user = state.data;
  const unread = useUnread();
  const [everywhere, setEverywhere] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  /** 退出所有设备: every sign-in of this account ends on the server; only then here. */
  const signOutEverywhere = async () => {
    const token = getSession()?.accessToken;
    if (!token || everywhere.busy) return;
    setEverywhere({ busy: true, error: null });
    try {
      await logout(token, true);
      clearSession();
    } catch (err) {
      setEverywhere({ busy: false, error: `未能退出所有设备：${toApiErrorBody(err).message}` });
    }
  };

  return (
    <View>
      {state.status === 'loading' ? (
        <View className="me__card me__card--skeleton" aria-busy="true">
          <Skeleton rows={3} animated />
        </View>
      ) : null}
      {user ? <Profile user={user} /> : null}
      {user && user.roles.includes('citizen') ? (
        <PhoneCard
          user={user}
          onChange={(changed) => {
            updateUser(changed);
            state.mutate(() => changed);
          }}
        />
      ) : null}
      {state.status === 'failed' ? (
        <StateView
          kind="error"
          title="个人信息加载失败"
          description={state.error?.message}
          actionText="重试"
          onAction={() => void state.reload()}
        />
      ) : null}
      <Menu items={[{ key: 'messages', label: '消息中心', hint: '案件进展通知', url: ROUTES.messages, badge: unread }, REPORTS]} />
      <Menu items={INFO} />
      <Menu items={session.user.roles.every((r) => r === 'citizen') ? [MY_DATA, DELETE_ACCOUNT] : [MY_DATA]} />
      <View className="me__logout">
        <Button type="danger" fill="outline" size="large" block onClick={signOut}>
          退出登录
        </Button>
      </View>
      <View className="me__everywhere">
        <Text className="me__everywhere-link" data-testid="logout-all" onClick={() => void signOutEverywhere()}>
          {everywhere.busy ? '正在退出所有设备…' : '退出所有设备（手机丢失或账号异常时使用）'}
        </Text>
        {everywhere.error ? (
          <View className="me__everywhere-error" role="alert">
            <Text>{everywhere.error}</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}

export default function MePage() {
  const session = useSession();
  return (
    <View className="me">
      <PrivacyPopup />
      {session ? (
        <LoggedIn key={session.user.id} />
      ) : (
        <View>
          <StateView
            kind="empty"
            icon={userIcon}
            title="您还没有登录"
            description="登录后可查看我的上报、个人信息和工作台"
            actionText="登录"
            onAction={() => go(ROUTES.login)}
          />
          <Menu items={INFO} />
        </View>
      )}
      <BottomNav current="me" />
    </View>
  );
}

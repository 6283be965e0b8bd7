import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { ROLE_LABELS, hasWorkbench, type MonthlyStatsDto } from '@xc/shared';
import { Skeleton } from '../../ui';
import { monthlyStats } from '../../services/api';
import { useLoad } from '../../services/use-load';
import { useSession } from '../../store/session';
import { MessagesEntry } from '../../components/MessagesEntry';
import { NO_DATA, NO_VALUE, formatCount, formatRate, monthLabel, shanghaiMonth } from '../../utils/format';
import { ROUTES, go, goWith, type Route } from '../../utils/nav';
import { bulletinTitle } from '@xc/shared';
import { rankingMonths } from '../../packages/public/api';
import { BottomNav } from '../../components/BottomNav';
import cameraIcon from '../../assets/icons/camera-white.svg';
import listIcon from '../../assets/icons/list.svg';
import nearbyIcon from '../../assets/icons/nearby.svg';
import rankingIcon from '../../assets/icons/ranking.svg';
import bulletinIcon from '../../assets/icons/bulletin.svg';
import workbenchIcon from '../../assets/icons/workbench.svg';
import './index.scss';

interface Tile {
  key: string;
  label: string;
  hint: string;
  icon: string;
  url: Route;
}

const TILES: Tile[] = [
  { key: 'mine', label: '我的上报', hint: '查看处理进度', icon: listIcon, url: ROUTES.mine },
  { key: 'nearby', label: '附近问题', hint: '身边已报问题', icon: nearbyIcon, url: ROUTES.nearby },
  { key: 'ranking', label: '排行榜', hint: '单位月度考评', icon: rankingIcon, url: ROUTES.ranking },
  { key: 'bulletin', label: '考评通报', hint: '每月考评结果', icon: bulletinIcon, url: ROUTES.bulletin },
];

function FiguresStrip() {
  const [month] = useState(() => shanghaiMonth());
  // An answer without figures counts as a failure: nothing to show.
  const state = useLoad<MonthlyStatsDto | null>(month, () => monthlyStats(month), { isEmpty: (s) => !s });

  const stats = state.data ?? null;
  const figures = [
    { key: 'reported', label: '本月上报', value: stats ? formatCount(stats.reported) : NO_VALUE },
    { key: 'closure', label: '结案率', value: stats ? formatRate(stats.closureRate) : NO_VALUE },
    { key: 'onTime', label: '按期结案率', value: stats ? formatRate(stats.onTimeRate) : NO_VALUE },
  ];

  return (
    <View className="figures" aria-label="本月数据">
      <Text className="figures__title">{monthLabel(month)} · 城市管理数据</Text>
      <View className="figures__row">
        {figures.map((f) => (
          <View key={f.key} className="figures__cell" data-testid={`figure-${f.key}`}>
            {state.status === 'loading' ? (
              <Skeleton className="figures__skeleton" rows={1} animated />
            ) : (
              <Text
                className={`figures__value${f.value === NO_DATA ? ' figures__value--none' : f.value.length > 6 ? ' figures__value--long' : ''}`}
              >
                {f.value}
              </Text>
            )}
            <Text className="figures__label">{f.label}</Text>
          </View>
        ))}
      </View>
      {state.status === 'failed' || state.status === 'empty' ? (
        <View className="figures__failed" role="alert">
          <Text className="figures__failed-text">数据暂时无法获取</Text>
          <Text className="figures__retry" onClick={() => void state.reload()}>
            重试
          </Text>
        </View>
      ) : null}
    </View>
  );
}

/** The latest bulletin's title; opens 考评通报. Hidden while loading and when nothing is published. */
function NoticeBar() {
  const months = useLoad('months', () => rankingMonths());
  const month = months.data?.[0]?.month;
  if (!month) return null;
  return (
    <View className="notice-bar" role="link" aria-label="最新考评通报" onClick={() => goWith(ROUTES.bulletin, { month })}>
      <Text className="notice-bar__tag">通报</Text>
      <Text className="notice-bar__text">{bulletinTitle(month)}</Text>
      <Text className="notice-bar__arrow">›</Text>
    </View>
  );
}

export default function HomePage() {
  const session = useSession();
  const user = session?.user ?? null;
  // Only roles with a to-do: an evaluator or admin would find 没有待办 there.
  const staff = user ? hasWorkbench(user.roles) : false;

  return (
    <View className="home">
      <View className="home__header">
        <Text className="home__title">许昌智慧城管便民服务平台</Text>
        <Text className="home__purpose">市民随手拍 · 城市共管理</Text>
        <View className="home__account" onClick={() => go(user ? ROUTES.me : ROUTES.login)}>
          <Text className="home__greeting">
            {user ? `您好，${user.name}（${user.roles.map((r) => ROLE_LABELS[r]).join('、')}）` : '登录后可查看我的上报'}
          </Text>
          <Text className="home__account-action">{user ? '我的' : '登录'}</Text>
        </View>
        {user ? <MessagesEntry /> : null}
      </View>

      <FiguresStrip />

      <View className="home__body">
        <NoticeBar />

        <View className="report-tile" onClick={() => go(ROUTES.report)} aria-label="我要上报">
          <View className="report-tile__icon">
            <Image className="report-tile__img" src={cameraIcon} mode="scaleToFill" />
          </View>
          <View className="report-tile__text">
            <Text className="report-tile__title">我要上报</Text>
            <Text className="report-tile__hint">随手拍下城市问题，一键上报</Text>
          </View>
        </View>

        <View className="tiles">
          {TILES.map((tile) => (
            <View key={tile.key} className="tile" onClick={() => go(tile.url)}>
              <View className="tile__icon">
                <Image className="tile__img" src={tile.icon} mode="scaleToFill" />
              </View>
              <Text className="tile__label">{tile.label}</Text>
              <Text className="tile__hint">{tile.hint}</Text>
            </View>
          ))}
        </View>

        {staff ? (
          <View className="workbench-tile" onClick={() => go(ROUTES.workbench)}>
            <View className="tile__icon">
              <Image className="tile__img" src={workbenchIcon} mode="scaleToFill" />
            </View>
            <View className="workbench-tile__text">
              <Text className="tile__label">工作台</Text>
              <Text className="tile__hint">待办案件与巡查</Text>
            </View>
            <Text className="workbench-tile__arrow">›</Text>
          </View>
        ) : null}
      </View>

      <BottomNav current="home" />
    </View>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { cityClock, type UserDto, wgs84ToGcj02 } from '@xc/shared';
import { useSession } from '../../../../store/session';
import { toApiErrorBody } from '../../../../services/request';
import { useLoad } from '../../../../services/use-load';
import { ROUTES, go, goHome, goWith } from '../../../../utils/nav';
import { StateView } from '../../../../components/StateView';
import { gridDetail, locateGrid, myPatrolWeek } from '../../api';
import { patrolRecorder, usePatrolSnapshot } from '../../patrol';
import { distanceM, type LatLng } from '../../patrol/track';
import { formatDuration, formatElapsed, formatMetres, uploadText } from '../../patrol/format';
import { isWeapp } from '../../patrol/platform';
import { PatrolTrack } from '../../components/PatrolTrack';
import { WeekCard } from '../../components/WeekCard';
import './index.scss';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';

function clock(iso: string | number): string {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(t)) return '—';
  return cityClock(t);
}

function toast(title: string): void {
  void Promise.resolve(Taro.showToast({ title, icon: 'none', duration: 2500 }))?.catch?.(() => undefined);
}

type Place = { kind: 'grid'; name: string; mine: boolean } | { kind: 'outside' } | null;

function Patrol({ user }: { user: UserDto }) {
  const recorder = useMemo(() => patrolRecorder(user.id), [user.id]);
  const snap = usePatrolSnapshot(recorder);
  const active = snap.active;
  const [now, setNow] = useState(() => Date.now());
  // 我的本周; a failed reload keeps the week shown.
  const week = useLoad('week', () => myPatrolWeek());
  const reloadWeek = week.reload;
  const [outlines, setOutlines] = useState<LatLng[][]>([]);
  const [place, setPlace] = useState<Place>(null);
  const shown = useRef(false);
  const located = useRef<{ at: number; lat: number; lng: number } | null>(null);

  // Location again for a patrol left running (an app restart), and the upload of whatever waits.
  useEffect(() => {
    recorder.resume();
  }, [recorder]);

  useDidShow(() => {
    if (shown.current) {
      recorder.resume();
      void reloadWeek();
    }
    shown.current = true;
  });

  // A finished patrol counts now: the week again.
  const finishedId = snap.lastFinished?.serverId ?? null;
  const finishedAtOpen = useRef(finishedId);
  useEffect(() => {
    if (finishedId !== null && finishedId !== finishedAtOpen.current) void reloadWeek();
  }, [reloadWeek, finishedId]);

  const running = !!active;
  useEffect(() => {
    if (!running) return undefined;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  // weapp without background location: the screen stays on while this page shows a running patrol.
  const foregroundOnly = isWeapp() && running && snap.tracking && !snap.background;
  useEffect(() => {
    if (!foregroundOnly) return undefined;
    void Promise.resolve(Taro.setKeepScreenOn({ keepScreenOn: true }))?.catch?.(() => undefined);
    return () => void Promise.resolve(Taro.setKeepScreenOn({ keepScreenOn: false }))?.catch?.(() => undefined);
  }, [foregroundOnly]);

  // The assigned grids' outlines, in the coordinates the track is drawn in.
  const gridKey = user.grids.map((g) => g.code).join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(user.grids.map((g) => gridDetail(g.code).catch(() => null))).then((list) => {
      if (!live) return;
      const rings = list
        .filter((g): g is NonNullable<typeof g> => !!g?.polygon?.coordinates?.[0])
        .map((g) => g.polygon.coordinates[0].map(([lng, lat]) => (isWeapp() ? wgs84ToGcj02(lat, lng) : { lat, lng })));
      setOutlines(rings);
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gridKey]);

  // Where the inspector is: in an assigned grid or not (time outside does not count), once a minute or 100 m.
  const last = active?.last ?? null;
  useEffect(() => {
    if (!last || !active) {
      if (!active) setPlace(null);
      return;
    }
    const prev = located.current;
    if (prev && last.t - prev.at < 60_000 && distanceM(prev, last) < 100) return;
    located.current = { at: last.t, lat: last.lat, lng: last.lng };
    locateGrid(last.lat, last.lng, active.coord)
      .then((r) => setPlace({ kind: 'grid', name: r.grid.name, mine: user.grids.some((g) => g.code === r.grid.code) }))
      .catch((err) => {
        if (toApiErrorBody(err).code === 'NOT_FOUND') setPlace({ kind: 'outside' });
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [last?.t]);

  const start = () => {
    recorder.start().catch(() => undefined); // the reason shows on the page (snap.locationError)
  };

  const stop = async () => {
    if (!active) return;
    const waiting = snap.pending && (!snap.online || snap.uploadFailed) ? `还有 ${snap.pending} 条轨迹点未上传，联网后自动上传。` : '';
    let confirmed: boolean;
    try {
      const r = await Taro.showModal({
        title: '结束本次巡查？',
        content: `已巡查 ${formatDuration(Date.now() - active.startedAt)}，${formatMetres(active.distanceM)}。${waiting}`,
        confirmText: '结束巡查',
        cancelText: '继续巡查',
        confirmColor: '#0958d9',
      });
      confirmed = !!r?.confirm;
    } catch {
      confirmed = true;
    }
    if (!confirmed) return;
    await recorder.stop();
    const after = recorder.getSnapshot();
    toast(after.unsent.length ? '巡查已结束，轨迹点联网后自动上传' : '巡查已结束，轨迹已上传');
  };

  const upload = uploadText(snap);
  const unsentPoints = snap.unsent.reduce((n, p) => n + p.pending.length, 0);
  const done = snap.lastFinished;
  const trackPoints = (active?.track ?? (snap.unsent.length ? snap.unsent[snap.unsent.length - 1].track : (done?.track ?? []))).map(
    ([lat, lng]) => ({ lat, lng }),
  );

  return (
    <View className="patrol">
      <View className={`patrol__hero${active ? ' patrol__hero--on' : ''}`}>
        <View className="patrol__state">
          <View className={`patrol__dot${active ? ' patrol__dot--on' : ''}`} />
          <Text className="patrol__state-text" data-testid="patrol-state">
            {active ? '巡查中' : snap.starting ? '正在定位…' : '未在巡查'}
          </Text>
          {active ? <Text className="patrol__since">{clock(active.startedAt)} 开始</Text> : null}
        </View>

        <Text className="patrol__elapsed" data-testid="elapsed">
          {active ? formatElapsed(now - active.startedAt) : '00:00:00'}
        </Text>
        <View className="patrol__stats">
          <View className="patrol__stat">
            <Text className="patrol__stat-value" data-testid="distance">
              {formatMetres(active?.distanceM ?? 0)}
            </Text>
            <Text className="patrol__stat-label">里程</Text>
          </View>
          <View className="patrol__stat">
            <Text className="patrol__stat-value" data-testid="points">
              {active ? active.uploaded + active.pending.length : 0}
            </Text>
            <Text className="patrol__stat-label">轨迹点</Text>
          </View>
          <View className="patrol__stat">
            <Text className="patrol__stat-value">{active?.last?.accuracy != null ? `±${Math.round(active.last.accuracy)} 米` : '—'}</Text>
            <Text className="patrol__stat-label">定位精度</Text>
          </View>
        </View>

        <View
          className={`patrol__toggle${active ? ' patrol__toggle--stop' : ''}${snap.starting ? ' patrol__toggle--busy' : ''}`}
          role="button"
          aria-label={active ? '结束巡查' : '开始巡查'}
          data-testid="patrol-toggle"
          onClick={() => (snap.starting ? undefined : active ? void stop() : start())}
        >
          <View className={active ? 'patrol__icon-stop' : 'patrol__icon-play'} />
          <Text className="patrol__toggle-text">{active ? '结束巡查' : snap.starting ? '正在定位…' : '开始巡查'}</Text>
        </View>

        {snap.locationError ? (
          <View className="patrol__alert" role="alert" data-testid="location-error">
            <Text>{snap.locationError}</Text>
            {isWeapp() ? (
              <Text className="patrol__alert-link" onClick={() => void Promise.resolve(Taro.openSetting({}))?.catch?.(() => undefined)}>
                去设置
              </Text>
            ) : null}
          </View>
        ) : null}

        {active && !snap.tracking && !snap.starting ? (
          <View className="patrol__alert" role="alert">
            <Text>定位未开启，轨迹暂停记录</Text>
            <Text className="patrol__alert-link" onClick={() => recorder.resume()}>
              重新定位
            </Text>
          </View>
        ) : null}
      </View>

      <View className="patrol-card patrol-status">
        <View className={`upload upload--${upload.tone}`} data-testid="upload-status">
          <View className="upload__dot" />
          <Text className="upload__text" data-testid="pending">
            {upload.text}
          </Text>
          {snap.pending > 0 && !snap.syncing ? (
            <Text className="upload__now" onClick={() => void recorder.flush({ force: true })}>
              立即上传
            </Text>
          ) : null}
        </View>
        {snap.pending > 0 ? (
          <Text className="patrol-status__note">
            轨迹点先存在手机上，联网后自动分批上传，{isWeapp() ? '关掉小程序' : '关掉页面'}也不会丢。
          </Text>
        ) : null}
        {snap.syncError ? <Text className="patrol-status__warn">{snap.syncError}</Text> : null}
        {active ? (
          <Text className="patrol-status__note">
            {snap.tracking
              ? snap.background
                ? '后台定位已开启：锁屏或切到其他应用也会继续记录。'
                : isWeapp()
                  ? '仅在小程序打开时记录（屏幕保持常亮）：在设置中把位置权限改为「使用小程序期间和离开后」可后台记录。'
                  : '网页版请保持本页面打开，锁屏或切换页面后可能停止记录。'
              : ''}
          </Text>
        ) : null}
        {active && place ? (
          <Text
            className={`place-line${place.kind === 'grid' && place.mine ? ' place-line--ok' : ' place-line--warn'}`}
            data-testid="place"
          >
            {place.kind === 'outside'
              ? '当前位置不在城区网格内，不计入巡查时长'
              : place.mine
                ? `当前在负责网格：${place.name}`
                : `当前在 ${place.name}，不是你的负责网格，不计入半天`}
          </Text>
        ) : null}
        {!active && snap.unsent.length ? (
          <Text className="patrol-status__note" data-testid="unsent">
            已结束的巡查还有 {unsentPoints} 条点位待上传，联网后自动上传并结束。
          </Text>
        ) : null}
        {!active && !snap.unsent.length && !done ? (
          <Text className="patrol-status__note">开始巡查后，轨迹点先存在手机上，每 30 秒或满 20 个自动上传；没有网络时，联网后补传。</Text>
        ) : null}
        {!active && !snap.unsent.length && done ? (
          <Text className="patrol-status__note" data-testid="last-patrol" data-patrol-id={done.serverId}>
            上次巡查：{clock(done.startedAt)}–{done.finishedAt ? clock(done.finishedAt) : '—'}，
            {done.finishedAt ? `${formatDuration(Date.parse(done.finishedAt) - Date.parse(done.startedAt))}，` : ''}
            {formatMetres(done.distanceM)}，{done.points} 个轨迹点已上传
          </Text>
        ) : null}
      </View>

      <View className="patrol-card">
        <View className="patrol-card__head">
          <Text className="patrol-card__title">{active ? '本次轨迹' : done || snap.unsent.length ? '上次轨迹' : '轨迹'}</Text>
          {!isWeapp() ? <Text className="patrol-card__sub">网页版无地图，按比例绘制</Text> : null}
        </View>
        <PatrolTrack
          track={trackPoints}
          outlines={outlines}
          live={!!active}
          emptyText={active ? '正在等待定位信号…' : '开始巡查后，这里显示走过的路线'}
        />
      </View>

      <View className="patrol__tools">
        <View className="patrol-tool" data-testid="patrol-report" onClick={() => goWith(ROUTES.report, { patrol: 1 })}>
          <Text className="patrol-tool__title">巡查上报</Text>
          <Text className="patrol-tool__text">发现问题随手报，巡查不中断</Text>
        </View>
      </View>

      <WeekCard state={week} onRetry={() => void reloadWeek()} />
    </View>
  );
}

export default function PatrolPage() {
  const session = useSession();
  if (!session) {
    return (
      <View className="patrol">
        <StateView
          kind="empty"
          title="请先登录"
          description="巡查供网格巡查监督员记录巡查轨迹。"
          actionText="去登录"
          onAction={() => go(ROUTES.login)}
        />
      </View>
    );
  }
  if (!session.user.roles.includes('inspector')) {
    return (
      <View className="patrol">
        <StateView
          kind="empty"
          title="仅网格员可用"
          description="巡查供网格巡查监督员、网格管理员和网格长记录巡查轨迹。"
          actionText="返回首页"
          onAction={goHome}
        />
      </View>
    );
  }
  return (
    <>
      <Patrol user={session.user} />
      <PrivacyPopup />
    </>
  );
}

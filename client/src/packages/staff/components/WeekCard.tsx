import { Text, View } from '@tarojs/components';
import type { MyPatrolWeekDto } from '@xc/shared';
import { Skeleton } from '../../../ui';
import type { Load } from '../../../services/use-load';
import { halfDayRows, percent, ringOf, roleLabel, verdict, weekTitle } from '../patrol/week';
import './patrol.scss';

/** 我的本周: the half-days (or the days covered) as a ring, today's coverage, what counted, the grids. */

function ProgressRing({ value, max, ratio, unit, ok }: { value: number; max: number; ratio: number; unit: string; ok: boolean }) {
  const deg = Math.round(ratio * 360);
  const color = ok ? 'var(--xc-success)' : 'var(--xc-primary-bright)';
  return (
    <View
      className="ring"
      role="progressbar"
      aria-valuenow={value}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-label={`已完成 ${value} / ${max} ${unit}`}
      data-testid="week-ring"
      style={{ backgroundImage: `conic-gradient(${color} 0deg ${deg}deg, var(--xc-border) ${deg}deg 360deg)` }}
    >
      <View className="ring__inner">
        <View className="ring__figure">
          <Text className="ring__value" style={{ color }}>
            {value}
          </Text>
          <Text className="ring__max">/{max}</Text>
        </View>
        <Text className="ring__unit">{unit}</Text>
      </View>
    </View>
  );
}

export function WeekCard({ state, onRetry }: { state: Load<MyPatrolWeekDto>; onRetry: () => void }) {
  if (state.status === 'loading' || state.status === 'idle') {
    return (
      <View className="patrol-card" data-testid="week-loading" aria-busy="true">
        <Text className="patrol-card__title">我的本周</Text>
        <Skeleton rows={4} animated />
      </View>
    );
  }
  if (!state.data) {
    return (
      <View className="patrol-card" role="alert" data-testid="week-error">
        <Text className="patrol-card__title">我的本周</Text>
        <Text className="week__error">本周巡查情况加载失败：{state.error?.message}</Text>
        <View className="week__retry" onClick={onRetry}>
          <Text>重试</Text>
        </View>
      </View>
    );
  }
  const w = state.data;
  const ring = ringOf(w);
  const v = verdict(w);
  const rows = halfDayRows(w);
  const manager = ring.unit === '个工作日';
  const today = w.today;
  return (
    <View className="patrol-card" data-testid="week-card">
      <View className="patrol-card__head">
        <Text className="patrol-card__title">我的本周</Text>
        <Text className="patrol-card__sub" data-testid="week-title">
          {weekTitle(w.week)}
        </Text>
      </View>

      <View className="week__top">
        <ProgressRing value={ring.value} max={ring.max} ratio={ring.ratio} unit={ring.unit} ok={v.ok} />
        <View className="week__facts">
          <Text className={`week__verdict${v.ok ? ' week__verdict--ok' : ''}`} data-testid="week-verdict">
            {v.text}
          </Text>
          <Text className="week__rule">
            {roleLabel(w)}：
            {manager
              ? `每个工作日巡遍网格（覆盖 ≥ ${percent(w.requiredDailyShare ?? 0.9)}）`
              : `${ring.caption}，每次在负责网格内满 ${w.halfDayMinMinutes} 分钟`}
          </Text>
          <View className="week__today" data-testid="week-today">
            <Text className="week__today-label">今日覆盖</Text>
            <View className="bar" aria-hidden="true">
              <View className="bar__fill" style={{ width: `${Math.round(Math.min(1, today?.share ?? 0) * 100)}%` }} />
            </View>
            <Text className="week__today-value">{percent(today?.share ?? null)}</Text>
          </View>
        </View>
      </View>

      {manager ? (
        <View className="week__section">
          <Text className="week__section-title">每日覆盖</Text>
          <View className="days">
            {w.dailyCoverage.map((d) => (
              <View key={d.date} className={`days__item${(d.share ?? 0) >= (w.requiredDailyShare ?? 0.9) ? ' days__item--ok' : ''}`}>
                <Text className="days__date">{d.date.slice(5)}</Text>
                <Text className="days__share">{percent(d.share)}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      <View className="week__section">
        <Text className="week__section-title">本周巡查时段</Text>
        {rows.length ? (
          <View className="halfdays" data-testid="half-days">
            {rows.map((r) => (
              <View key={r.key} className={`halfdays__row${r.counted ? ' halfdays__row--counted' : ''}`} data-counted={r.counted}>
                <Text className="halfdays__when">{r.when}</Text>
                <Text className="halfdays__minutes">网格内 {r.minutes}</Text>
                <Text className={`halfdays__tag${r.counted ? ' halfdays__tag--ok' : ''}`}>{r.note}</Text>
              </View>
            ))}
          </View>
        ) : (
          <View className="week__empty" data-testid="week-empty">
            <Text className="week__empty-title">本周还没有巡查记录</Text>
            <Text className="week__empty-text">
              点「开始巡查」记录轨迹。在负责网格内满 {w.halfDayMinMinutes} 分钟计 1 个半天（上午 6–12 时，下午 12–20 时）。
            </Text>
          </View>
        )}
      </View>

      <View className="week__section">
        <Text className="week__section-title">负责网格</Text>
        {w.grids.length ? (
          <View className="grids">
            {w.grids.map((g) => (
              <Text key={g.code} className="grids__item">
                {g.name}
              </Text>
            ))}
          </View>
        ) : (
          <Text className="week__empty-text">尚未分配负责网格，巡查暂不计入考核，请联系管理员分配。</Text>
        )}
      </View>
    </View>
  );
}

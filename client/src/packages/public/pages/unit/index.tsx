import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StateView } from '../../../../components/StateView';
import { toApiErrorBody } from '../../../../services/request';
import { monthLabel } from '../../../../utils/format';
import { pageParams } from '../../../../utils/nav';
import { unitScore, unitTrend, type BreakdownItem, type TrendPoint, type UnitScore } from '../../api';
import { basisText, formatScore, pointsText } from '../../format';
import { GradeTag } from '../../components/GradeTag';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TrendChart } from '../../components/TrendChart';
import './index.scss';

type Loadable<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: T };

function ItemRow({ item, reason }: { item: BreakdownItem; reason: string | null }) {
  const basis = basisText(item);
  const negative = item.points < 0;
  return (
    <View className={`item-row item-row--${item.kind}`} data-testid="breakdown-item" data-code={item.code}>
      <View className="item-row__head">
        <Text className="item-row__name">
          {item.name}
          {item.kind === 'manual' ? <Text className="item-row__kind">人工考评</Text> : null}
        </Text>
        <Text className={`item-row__points${negative ? ' item-row__points--minus' : ''}`}>{pointsText(item)}</Text>
      </View>
      {basis ? <Text className="item-row__basis">{basis}</Text> : null}
      {item.kind === 'manual' ? (
        <Text className="item-row__basis">原因：{reason || item.note || '未说明'}</Text>
      ) : item.note ? (
        <Text className="item-row__note">{item.note}</Text>
      ) : null}
    </View>
  );
}

function Breakdown({ data }: { data: UnitScore }) {
  if (data.source === 'imported' || !data.items.length) {
    return (
      <View className="unit__imported" data-testid="breakdown-imported">
        <Text className="unit__imported-text">该月分数为公开通报导入，无分项明细。</Text>
      </View>
    );
  }
  const reasons = new Map(data.adjustments.map((a) => [a.id, a.reason]));
  return (
    <View className="unit__items">
      {data.items.map((item) => (
        <ItemRow
          key={item.code}
          item={item}
          reason={item.kind === 'manual' ? (reasons.get(String(item.basis?.adjustmentId ?? '')) ?? null) : null}
        />
      ))}
      <View className="unit__total">
        <Text className="unit__total-label">合计得分</Text>
        <Text className="unit__total-value">{formatScore(data.score)} 分</Text>
      </View>
    </View>
  );
}

export default function UnitPage() {
  const [params] = useState(() => pageParams());
  const unitId = params.unitId ?? '';
  const [month, setMonth] = useState<string | null>(params.month && /^\d{4}-\d{2}$/.test(params.month) ? params.month : null);
  const [score, setScore] = useState<Loadable<UnitScore>>({ status: 'loading' });
  const [trend, setTrend] = useState<Loadable<TrendPoint[]>>({ status: 'loading' });
  const seq = useRef(0);

  const loadTrend = useCallback(async () => {
    if (!unitId) return;
    setTrend({ status: 'loading' });
    try {
      const points = await unitTrend(unitId);
      setTrend({ status: 'ready', data: points });
      setMonth((cur) => cur ?? points[points.length - 1]?.month ?? null);
    } catch (err) {
      setTrend({ status: 'failed', message: toApiErrorBody(err).message });
    }
  }, [unitId]);

  const loadScore = useCallback(
    async (m: string) => {
      const mine = ++seq.current;
      setScore({ status: 'loading' });
      try {
        const data = await unitScore(m, unitId);
        if (mine === seq.current) setScore({ status: 'ready', data });
      } catch (err) {
        if (mine === seq.current) setScore({ status: 'failed', message: toApiErrorBody(err).message });
      }
    },
    [unitId],
  );

  useEffect(() => {
    void loadTrend();
  }, [loadTrend]);

  useEffect(() => {
    if (month && unitId) void loadScore(month);
  }, [month, unitId, loadScore]);

  const name = score.status === 'ready' ? score.data.unit.name : params.name;
  useEffect(() => {
    if (!name) return;
    try {
      void Promise.resolve(Taro.setNavigationBarTitle({ title: name })).catch(() => undefined);
    } catch {
      // not available (tests)
    }
  }, [name]);

  if (!unitId) {
    return (
      <View className="pub-page unit">
        <StateView kind="empty" title="未指定单位" description="请从排行榜中点击一个单位查看。" />
      </View>
    );
  }

  const retryAll = () => {
    void loadTrend();
    if (month) void loadScore(month);
  };

  if (score.status === 'loading' && trend.status === 'loading') {
    return (
      <View className="pub-page unit">
        <PageSkeleton cards={3} rows={3} />
      </View>
    );
  }
  if (score.status === 'failed' && trend.status !== 'ready') {
    return (
      <View className="pub-page unit">
        <StateView kind="error" title="得分加载失败" description={score.message} actionText="重试" onAction={retryAll} />
      </View>
    );
  }
  if (!month && trend.status === 'ready' && !trend.data.length) {
    return (
      <View className="pub-page unit">
        <StateView kind="empty" title="该单位暂无已发布的考评得分" description="考评结果每月发布后可在这里查看。" />
      </View>
    );
  }

  const data = score.status === 'ready' ? score.data : null;

  return (
    <View className="pub-page unit">
      <View className="pub-card unit__head">
        <Text className="unit__name">{name ?? '单位'}</Text>
        <Text className="unit__meta">
          {data ? `${data.group.name} · ` : ''}
          {month ? `${monthLabel(month)}考评` : ''}
        </Text>
        {data ? (
          <View className="unit__score-row">
            <Text className="unit__score" data-testid="unit-score">
              {formatScore(data.score)}
              <Text className="unit__score-unit">分</Text>
            </Text>
            <GradeTag grade={data.grade} />
            <Text className="unit__rank" data-testid="unit-rank">
              组内第 <Text className="unit__rank-num">{data.rank}</Text> 名 / 共 {data.group.size} 个单位
            </Text>
          </View>
        ) : score.status === 'loading' ? (
          <PageSkeleton cards={1} rows={1} />
        ) : score.status === 'failed' ? (
          <View className="unit__inline-error" role="alert">
            <Text className="unit__inline-error-text">{score.message}</Text>
            <Text className="unit__retry" onClick={() => month && void loadScore(month)}>
              重试
            </Text>
          </View>
        ) : null}
      </View>

      <View className="pub-card">
        <Text className="unit__section-title">得分走势</Text>
        {trend.status === 'loading' ? <PageSkeleton cards={1} rows={3} /> : null}
        {trend.status === 'failed' ? (
          <View className="unit__inline-error" role="alert">
            <Text className="unit__inline-error-text">走势加载失败：{trend.message}</Text>
            <Text className="unit__retry" onClick={() => void loadTrend()}>
              重试
            </Text>
          </View>
        ) : null}
        {trend.status === 'ready' ? (
          trend.data.length ? (
            <View>
              <TrendChart points={trend.data} current={month ?? undefined} />
              <View className="trend-list">
                {[...trend.data].reverse().map((p) => (
                  <View
                    key={p.month}
                    className={`trend-list__row${p.month === month ? ' trend-list__row--current' : ''}`}
                    data-testid="trend-point"
                    data-month={p.month}
                    onClick={() => p.month !== month && setMonth(p.month)}
                  >
                    <Text className="trend-list__month">{monthLabel(p.month)}</Text>
                    <Text className="trend-list__score">{formatScore(p.score)}分</Text>
                    <GradeTag grade={p.grade} />
                    <Text className="trend-list__rank">
                      第{p.rank}/{p.groupSize}名
                    </Text>
                  </View>
                ))}
              </View>
              {trend.data.length > 1 ? <Text className="unit__hint">点击月份可查看该月的分项明细</Text> : null}
            </View>
          ) : (
            <Text className="unit__hint">暂无历史得分</Text>
          )
        ) : null}
      </View>

      <View className="pub-card">
        <Text className="unit__section-title">{month ? `${monthLabel(month)}分项明细` : '分项明细'}</Text>
        {score.status === 'loading' ? <PageSkeleton cards={1} rows={4} /> : null}
        {score.status === 'failed' ? (
          <StateView
            kind="error"
            title="明细加载失败"
            description={score.message}
            actionText="重试"
            onAction={() => month && void loadScore(month)}
          />
        ) : null}
        {data ? <Breakdown data={data} /> : null}
      </View>
    </View>
  );
}

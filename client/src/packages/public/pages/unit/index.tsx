import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StateView } from '../../../../components/StateView';
import { useLoad } from '../../../../services/use-load';
import { monthLabel } from '../../../../utils/format';
import { pageParams } from '../../../../utils/nav';
import { unitScore, unitTrend, type BreakdownItem, type TrendPoint, type UnitScore } from '../../api';
import { basisText, formatScore, pointsText } from '../../format';
import { GradeTag } from '../../components/GradeTag';
import { PageSkeleton } from '../../components/PageSkeleton';
import { TrendChart } from '../../components/TrendChart';
import './index.scss';

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
  const trend = useLoad<TrendPoint[]>(unitId || null, () => unitTrend(unitId));
  // The month in the link, else the latest month of the trend.
  const points = trend.data;
  useEffect(() => {
    if (points) setMonth((cur) => cur ?? points[points.length - 1]?.month ?? null);
  }, [points]);
  const score = useLoad<UnitScore>(month && unitId ? `${unitId}/${month}` : null, () => unitScore(month as string, unitId));

  const name = score.data ? score.data.unit.name : params.name;
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
    void trend.reload();
    void score.reload();
  };
  // Without a month the score waits for the trend (idle): the page is loading as a whole.
  const scoreLoading = score.status === 'loading' || (score.status === 'idle' && trend.status === 'loading');

  if (scoreLoading && trend.status === 'loading') {
    return (
      <View className="pub-page unit">
        <PageSkeleton cards={3} rows={3} />
      </View>
    );
  }
  const failed = score.status === 'failed' ? score.error : trend.status === 'failed' && !month ? trend.error : null;
  if (failed && trend.status !== 'ready') {
    return (
      <View className="pub-page unit">
        <StateView kind="error" title="得分加载失败" description={failed.message} actionText="重试" onAction={retryAll} />
      </View>
    );
  }
  if (!month && trend.data && !trend.data.length) {
    return (
      <View className="pub-page unit">
        <StateView kind="empty" title="该单位暂无已发布的考评得分" description="考评结果每月发布后可在这里查看。" />
      </View>
    );
  }

  const data = score.data ?? null;

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
        ) : scoreLoading ? (
          <PageSkeleton cards={1} rows={1} />
        ) : score.status === 'failed' ? (
          <View className="unit__inline-error" role="alert">
            <Text className="unit__inline-error-text">{score.error?.message}</Text>
            <Text className="unit__retry" onClick={() => void score.reload()}>
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
            <Text className="unit__inline-error-text">走势加载失败：{trend.error?.message}</Text>
            <Text className="unit__retry" onClick={() => void trend.reload()}>
              重试
            </Text>
          </View>
        ) : null}
        {trend.data ? (
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
        {scoreLoading ? <PageSkeleton cards={1} rows={4} /> : null}
        {score.status === 'failed' ? (
          <StateView
            kind="error"
            title="明细加载失败"
            description={score.error?.message}
            actionText="重试"
            onAction={() => void score.reload()}
          />
        ) : null}
        {data ? <Breakdown data={data} /> : null}
      </View>
    </View>
  );
}

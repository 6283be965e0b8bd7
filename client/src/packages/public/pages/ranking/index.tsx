import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { StateView } from '../../../../components/StateView';
import { useLoad } from '../../../../services/use-load';
import { formatRate, monthLabel } from '../../../../utils/format';
import { pageParams } from '../../../../utils/nav';
import { ranking, type Ranking, type RankingUnit } from '../../api';
import { formatDate, formatScore, groupTabLabel, placeText, rowMarks, tiedUnits, type RowMark } from '../../format';
import { PUBLIC_ROUTES, openPublic } from '../../routes';
import { GradeTag } from '../../components/GradeTag';
import { MonthPicker } from '../../components/MonthPicker';
import { PageSkeleton } from '../../components/PageSkeleton';
import { MonthsGate, usePublishedMonths } from '../../months';
import './index.scss';

const TIER_LABELS = { 1: '第一档', 2: '第二档', 3: '第三档' } as const;

function markLabel(mark: RowMark): string {
  if (!mark) return '';
  return mark.kind === 'top' ? `前三名（${TIER_LABELS[mark.tier]}）` : '后三名';
}

function RankRow({ unit, mark, tied, onOpen }: { unit: RankingUnit; mark: RowMark; tied: boolean; onOpen: (u: RankingUnit) => void }) {
  const markClass = mark ? (mark.kind === 'top' ? ` rank-row--top rank-row--tier${mark.tier}` : ' rank-row--bottom') : '';
  return (
    <View
      className={`rank-row${markClass}`}
      data-testid="rank-row"
      data-unit={unit.id}
      data-mark={mark ? (mark.kind === 'top' ? `top${mark.tier}` : 'bottom') : 'none'}
      data-place={placeText(unit.rank, tied)}
      aria-label={`${placeText(unit.rank, tied)} ${unit.name} ${formatScore(unit.score)}分 ${unit.grade}${mark ? ` ${markLabel(mark)}` : ''}`}
      onClick={() => onOpen(unit)}
    >
      <View className="rank-row__rank">
        <Text className="rank-row__rank-num" data-testid="rank">
          {unit.rank}
        </Text>
      </View>
      <View className="rank-row__main">
        <Text className="rank-row__name">{unit.name}</Text>
        {mark || tied ? (
          <View className="rank-row__tags">
            {mark ? (
              <Text className={`rank-row__mark rank-row__mark--${mark.kind}`}>{mark.kind === 'top' ? '前三名' : '后三名'}</Text>
            ) : null}
            {tied ? (
              <Text className="rank-row__mark rank-row__mark--tie" data-testid="tie">
                {placeText(unit.rank, true)}
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>
      <View className="rank-row__score">
        <Text className="rank-row__score-num">
          {formatScore(unit.score)}
          <Text className="rank-row__score-unit">分</Text>
        </Text>
        <GradeTag grade={unit.grade} />
      </View>
      <Text className="rank-row__arrow">›</Text>
    </View>
  );
}

export default function RankingPage() {
  const [params] = useState(() => pageParams());
  const published = usePublishedMonths(params.month);
  const { month, setMonth, months } = published;
  const state = useLoad<Ranking>(month, () => ranking(month as string));
  const [groupCode, setGroupCode] = useState<string | null>(params.group ?? null);

  const gate = (
    <MonthsGate
      months={published}
      className="pub-page ranking"
      skeleton={{ cards: 3, rows: 4 }}
      failedTitle="排行榜加载失败"
      emptyTitle="暂无已发布的考评结果"
      emptyDescription="市城管委办公室每月发布各单位的考评得分，发布后可在这里查看排名。"
    />
  );
  if (!month || !published.ready) return gate;
  const data = state.data ?? null;
  const groups = data?.groups ?? [];
  const active = groups.find((g) => g.code === groupCode) ?? groups[0] ?? null;
  const marks = active ? rowMarks(active.units) : new Map<string, RowMark>();
  const tied = active ? tiedUnits(active.units) : new Set<string>();
  const openUnit = (u: RankingUnit) => openPublic(PUBLIC_ROUTES.unit, { month, unitId: u.id, name: u.name });
  const latestCorrection = data?.corrections.length ? data.corrections[data.corrections.length - 1] : null;

  return (
    <View className="pub-page ranking">
      <View className="ranking__picker">
        <MonthPicker months={months} value={month} onChange={setMonth} />
      </View>

      {state.status === 'loading' ? <PageSkeleton cards={2} rows={4} /> : null}
      {state.status === 'failed' ? (
        state.error?.code === 'NOT_FOUND' ? (
          <StateView
            kind="empty"
            title={`${monthLabel(month)}的考评结果尚未发布`}
            description="请选择其他月份查看。"
            actionText="查看最新一期"
            onAction={() => setMonth(published.published[0].month)}
          />
        ) : (
          <StateView
            kind="error"
            title="排名加载失败"
            description={state.error?.message}
            actionText="重试"
            onAction={() => void state.reload()}
          />
        )
      ) : null}

      {data ? (
        <View>
          {latestCorrection ? (
            <View className="ranking__correction" role="note" data-testid="correction-note">
              <Text className="ranking__correction-title">本月结果已更正，当前为第 {data.revision} 版</Text>
              {data.corrections.map((c) => (
                <Text key={c.revision} className="ranking__correction-text">
                  第 {c.revision} 版{c.publishedAt ? `（${formatDate(c.publishedAt)}发布）` : ''}，更正原因：{c.reason || '未说明'}
                </Text>
              ))}
            </View>
          ) : null}

          <View className="ranking__summary">
            <View className="ranking__summary-body">
              <Text className="ranking__summary-text">
                {data.figures
                  ? `${monthLabel(data.month)}共采集上报城市管理问题 ${data.figures.reported} 件，结案率 ${formatRate(data.figures.closureRate)}。`
                  : `${monthLabel(data.month)}城市管理考评结果。`}
              </Text>
              {data.publishedAt ? <Text className="ranking__summary-date">发布日期：{formatDate(data.publishedAt)}</Text> : null}
            </View>
            <View className="ranking__summary-link" role="link" onClick={() => openPublic(PUBLIC_ROUTES.bulletin, { month: data.month })}>
              <Text>查看通报 ›</Text>
            </View>
          </View>

          {groups.length ? (
            <View className="ranking__tabs" role="tablist">
              {groups.map((g) => (
                <View
                  key={g.code}
                  className={`ranking__tab${g.code === active?.code ? ' ranking__tab--active' : ''}`}
                  role="tab"
                  aria-selected={g.code === active?.code}
                  data-group={g.code}
                  onClick={() => setGroupCode(g.code)}
                >
                  <Text>{groupTabLabel(g)}</Text>
                </View>
              ))}
            </View>
          ) : null}

          {active ? (
            <View className="ranking__group">
              <View className="ranking__group-head">
                <Text className="ranking__group-name">{active.name}</Text>
                <Text className="ranking__group-count">共 {active.units.length} 个单位</Text>
              </View>
              <View className="ranking__legend">
                <Text className="ranking__legend-item">
                  <Text className="ranking__dot ranking__dot--top" />
                  前三名
                </Text>
                <Text className="ranking__legend-item">
                  <Text className="ranking__dot ranking__dot--bottom" />
                  后三名
                </Text>
                <Text className="ranking__legend-item">同分并列，与通报一致</Text>
              </View>
              {active.units.length ? (
                <View className="ranking__list">
                  {active.units.map((u) => (
                    <RankRow key={u.id} unit={u} mark={marks.get(u.id) ?? null} tied={tied.has(u.id)} onOpen={openUnit} />
                  ))}
                </View>
              ) : (
                <StateView kind="empty" title="该组本月没有考评分数" description="请切换到其他考评组或月份查看。" />
              )}
              <Text className="ranking__hint">点击单位可查看得分明细和历史走势</Text>
            </View>
          ) : (
            <StateView kind="empty" title="本月没有考评分组" description="请选择其他月份查看。" />
          )}
        </View>
      ) : null}
    </View>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { Button as TaroButton, Text, View } from '@tarojs/components';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../ui';
import { toApiErrorBody } from '../../../../services/request';
import { monthLabel } from '../../../../utils/format';
import { pageParams } from '../../../../utils/nav';
import { bulletinText, bulletinTitle, ranking, rankingXlsxUrl } from '../../api';
import { formatDate, gradeTone, parseBulletin, type BulletinBlock } from '../../format';
import { PUBLIC_ROUTES, openPublic, publicUrl } from '../../routes';
import { MonthPicker } from '../../components/MonthPicker';
import { PageSkeleton } from '../../components/PageSkeleton';
import { MonthsGate, usePublishedMonths } from '../../months';
import './index.scss';

type TextState =
  { status: 'loading' } | { status: 'failed'; message: string; notFound: boolean } | { status: 'ready'; month: string; text: string };

type ShareHook = (cb: () => { title: string; path: string }) => void;
const noShare: ShareHook = () => undefined;
/** weapp: the share card of this bulletin. The hook comes from Taro's React plugin (absent in jest). */
const useShare: ShareHook = typeof useShareAppMessage === 'function' ? (useShareAppMessage as ShareHook) : noShare;

function toast(title: string): void {
  try {
    void Promise.resolve(Taro.showToast({ title, icon: 'none' })).catch(() => undefined);
  } catch {
    // no toast (tests)
  }
}

/** A score line with its grade tinted: "襄城县 85.66分（合格）". */
function ScoreLine({ block }: { block: Extract<BulletinBlock, { kind: 'line' }> }) {
  if (!block.grade) return <Text className="doc__line">{block.text}</Text>;
  const suffix = `（${block.grade}）`;
  const head = block.text.slice(0, block.text.length - suffix.length);
  return (
    <Text className="doc__line" data-testid="bulletin-line">
      {head}
      <Text className={`doc__grade doc__grade--${gradeTone(block.grade)}`}>{suffix}</Text>
    </Text>
  );
}

function Document({ text, month, publishedAt }: { text: string; month: string; publishedAt: string | null }) {
  const doc = useMemo(() => parseBulletin(text), [text]);
  return (
    <View className="doc" data-testid="bulletin-doc">
      <Text className="doc__title">{doc.title}</Text>
      <View className="doc__meta">
        <Text className="doc__meta-line">许昌市城市管理委员会办公室</Text>
        <Text className="doc__meta-line">考评月份：{monthLabel(month)}</Text>
        {publishedAt ? <Text className="doc__meta-line">发布日期：{formatDate(publishedAt)}</Text> : null}
      </View>
      {doc.blocks.map((b, i) => {
        switch (b.kind) {
          case 'paragraph':
            return (
              <Text key={i} className="doc__para">
                {b.text}
              </Text>
            );
          case 'section':
            return (
              <View key={i} className="doc__section" role="heading" aria-level={2}>
                <Text>{b.text}</Text>
              </View>
            );
          case 'subsection':
            return (
              <View key={i} className="doc__subsection" role="heading" aria-level={3}>
                <Text>{b.text}</Text>
              </View>
            );
          default:
            return <ScoreLine key={i} block={b} />;
        }
      })}
    </View>
  );
}

export default function BulletinPage() {
  const [params] = useState(() => pageParams());
  const published = usePublishedMonths(params.month);
  const { month, setMonth, months } = published;
  const [state, setState] = useState<TextState>({ status: 'loading' });
  const [publishedAt, setPublishedAt] = useState<string | null>(null);
  const seq = useRef(0);

  const loadText = useCallback(async (m: string) => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    setPublishedAt(null);
    // The publish date comes with the ranking; the bulletin shows without it if that fails.
    ranking(m)
      .then((r) => mine === seq.current && setPublishedAt(r.publishedAt))
      .catch(() => undefined);
    try {
      const text = await bulletinText(m);
      if (mine === seq.current) setState({ status: 'ready', month: m, text });
    } catch (err) {
      if (mine !== seq.current) return;
      const body = toApiErrorBody(err);
      setState({ status: 'failed', message: body.message, notFound: body.code === 'NOT_FOUND' });
    }
  }, []);

  useEffect(() => {
    if (month) void loadText(month);
  }, [month, loadText]);

  const title = state.status === 'ready' ? parseBulletin(state.text).title : month ? bulletinTitle(month) : '考评通报';
  const sharePath = publicUrl(PUBLIC_ROUTES.bulletin, { month: month ?? undefined });
  useShare(() => ({ title, path: sharePath }));

  const copyAll = () => {
    if (state.status !== 'ready') return;
    void Promise.resolve(Taro.setClipboardData({ data: state.text }))
      .then(() => toast('已复制通报全文'))
      .catch(() => toast('复制失败，请长按文字手动复制'));
  };

  const copyLink = () => {
    const href = typeof window !== 'undefined' && window.location ? window.location.href : sharePath;
    const link = /[?&]month=/.test(href) || !month ? href : `${href}${href.includes('?') ? '&' : '?'}month=${month}`;
    void Promise.resolve(Taro.setClipboardData({ data: link }))
      .then(() => toast('链接已复制，可粘贴发送给他人'))
      .catch(() => toast('复制失败'));
  };

  const gate = (
    <MonthsGate
      months={published}
      className="pub-page bulletin"
      skeleton={{ cards: 1, rows: 10 }}
      failedTitle="考评通报加载失败"
      emptyTitle="暂无已发布的考评通报"
      emptyDescription="市城管委办公室每月发布城市管理考评通报，发布后可在这里阅读全文。"
    />
  );
  if (!month || !published.ready) return gate;

  return (
    <View className="pub-page bulletin">
      <View className="bulletin__picker">
        <MonthPicker months={months} value={month} onChange={setMonth} />
      </View>

      {state.status === 'loading' ? <PageSkeleton cards={1} rows={10} /> : null}
      {state.status === 'failed' ? (
        state.notFound ? (
          <StateView
            kind="empty"
            title={`${monthLabel(month)}的考评通报尚未发布`}
            description="请选择其他月份阅读。"
            actionText="查看最新一期"
            onAction={() => setMonth(published.published[0].month)}
          />
        ) : (
          <StateView
            kind="error"
            title="通报加载失败"
            description={state.message}
            actionText="重试"
            onAction={() => void loadText(month)}
          />
        )
      ) : null}

      {state.status === 'ready' ? (
        <View>
          <View className="pub-card bulletin__card">
            <Document text={state.text} month={state.month} publishedAt={publishedAt} />
          </View>

          <View className="bulletin__links">
            <View className="bulletin__link-btn" role="button" onClick={() => openPublic(PUBLIC_ROUTES.ranking, { month: state.month })}>
              <Text>查看本月排行榜</Text>
            </View>
            {process.env.TARO_ENV === 'h5' ? (
              <a className="bulletin__download" href={rankingXlsxUrl(state.month)} download={`许昌城市管理考评排名-${state.month}.xlsx`}>
                下载本月排名表格（Excel）
              </a>
            ) : null}
          </View>

          <View className="bulletin__bar">
            <View className="bulletin__bar-main">
              <Button type="primary" size="large" block onClick={copyAll}>
                复制全文
              </Button>
            </View>
            {process.env.TARO_ENV === 'weapp' ? (
              <TaroButton className="bulletin__share" openType="share">
                分享
              </TaroButton>
            ) : (
              <View className="bulletin__share" role="button" onClick={copyLink}>
                <Text>复制链接</Text>
              </View>
            )}
          </View>
        </View>
      ) : null}
    </View>
  );
}

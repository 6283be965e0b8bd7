import { useState } from 'react';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { Button as TaroButton, Text, View } from '@tarojs/components';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../ui';
import { useLoad } from '../../../../services/use-load';
import { monthLabel } from '../../../../utils/format';
import { pageParams } from '../../../../utils/nav';
import { bulletinLineText, bulletinTitle, renderBulletinText, type BulletinDocument, type BulletinLine } from '@xc/shared';
import { bulletinDocument, rankingXlsxUrl } from '../../api';
import { formatDate, gradeTone } from '../../format';
import { PUBLIC_ROUTES, openPublic, publicUrl } from '../../routes';
import { MonthPicker } from '../../components/MonthPicker';
import { PageSkeleton } from '../../components/PageSkeleton';
import { MonthsGate, usePublishedMonths } from '../../months';
import './index.scss';

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
function ScoreLine({ line }: { line: BulletinLine }) {
  const text = bulletinLineText(line);
  const suffix = `（${line.grade}）`;
  return (
    <Text className="doc__line" data-testid="bulletin-line">
      {text.slice(0, text.length - suffix.length)}
      <Text className={`doc__grade doc__grade--${gradeTone(line.grade)}`}>{suffix}</Text>
    </Text>
  );
}

function Document({ doc }: { doc: BulletinDocument }) {
  return (
    <View className="doc" data-testid="bulletin-doc">
      <Text className="doc__title">{doc.title}</Text>
      <View className="doc__meta">
        <Text className="doc__meta-line">{doc.issuer}</Text>
        <Text className="doc__meta-line">考评月份：{monthLabel(doc.month)}</Text>
        {doc.publishedAt ? <Text className="doc__meta-line">发布日期：{formatDate(doc.publishedAt)}</Text> : null}
      </View>
      {doc.paragraphs.map((p, i) => (
        <Text key={`p${i}`} className="doc__para">
          {p}
        </Text>
      ))}
      {doc.sections.map((section) => (
        <View key={section.heading}>
          <View className="doc__section" role="heading" aria-level={2}>
            <Text>{section.heading}</Text>
          </View>
          {section.parts.map((part, i) => (
            <View key={i}>
              {part.heading ? (
                <View className="doc__subsection" role="heading" aria-level={3}>
                  <Text>{part.heading}</Text>
                </View>
              ) : null}
              {part.lines.map((line) => (
                <ScoreLine key={line.names.join('、')} line={line} />
              ))}
            </View>
          ))}
        </View>
      ))}
      {doc.closing.map((p, i) => (
        <Text key={`c${i}`} className="doc__para">
          {p}
        </Text>
      ))}
    </View>
  );
}

export default function BulletinPage() {
  const [params] = useState(() => pageParams());
  const published = usePublishedMonths(params.month);
  const { month, setMonth, months } = published;
  const state = useLoad<BulletinDocument>(month, () => bulletinDocument(month as string));
  const doc = state.data ?? null;

  const title = doc ? doc.title : month ? bulletinTitle(month) : '考评通报';
  const sharePath = publicUrl(PUBLIC_ROUTES.bulletin, { month: month ?? undefined });
  useShare(() => ({ title, path: sharePath }));

  const copyAll = () => {
    if (!doc) return;
    void Promise.resolve(Taro.setClipboardData({ data: renderBulletinText(doc) }))
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
        state.error?.code === 'NOT_FOUND' ? (
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
            description={state.error?.message}
            actionText="重试"
            onAction={() => void state.reload()}
          />
        )
      ) : null}

      {doc ? (
        <View>
          <View className="pub-card bulletin__card">
            <Document doc={doc} />
          </View>

          <View className="bulletin__links">
            <View className="bulletin__link-btn" role="button" onClick={() => openPublic(PUBLIC_ROUTES.ranking, { month: doc.month })}>
              <Text>查看本月排行榜</Text>
            </View>
            {process.env.TARO_ENV === 'h5' ? (
              <a className="bulletin__download" href={rankingXlsxUrl(doc.month)} download={`许昌城市管理考评排名-${doc.month}.xlsx`}>
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

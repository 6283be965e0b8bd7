import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, type CaseDto, type CaseHistoryDto, type CaseStatus } from '@xc/shared';
import { ACTOR_ROLE_LABELS, formatDateTime, mediaUrl, type Audience } from './format';
import { STEPS, caseProgress } from './progress';
import './case-detail.scss';

/** The parts of a case page shared by the citizen's 问题详情 and the staff case page. */

/** The step bar: each step ticked once reached, the next under way, a stop marked where it came. */
export function CaseSteps({ status, history }: { status: CaseStatus; history?: readonly CaseHistoryDto[] }) {
  const { states, stopped } = caseProgress(status, history);
  return (
    <View className="steps" aria-label={`处理进度${stopped ? `：${stopped}` : ''}`}>
      {STEPS.map((label, i) => {
        const state = states[i];
        return (
          <View key={label} className={`steps__item steps__item--${state}`} data-state={state}>
            <View className="steps__dot">
              <Text>{state === 'done' ? '✓' : state === 'stopped' ? '×' : i + 1}</Text>
            </View>
            <Text className="steps__label">{label}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** Steps the public reads in plain words (挂账 is staff's term). */
const PUBLIC_ACTION_TITLES: Partial<Record<CaseHistoryDto['action'], string>> = {
  pend: '转为长期整治，暂停计时',
  resume: '恢复处理',
};

export function historyTitle(h: CaseHistoryDto, audience: Audience = 'staff'): string {
  if (audience === 'public' && PUBLIC_ACTION_TITLES[h.action]) return PUBLIC_ACTION_TITLES[h.action]!;
  if (h.action === 'report') return '上报问题';
  if (h.action === 'self-handle') return '网格员当场处置';
  if (h.action === 'check') return h.to === 'checked' ? '核查通过' : '核查未通过，返工';
  if (h.action === 'verify') return '现场核实';
  return CASE_ACTION_LABELS[h.action] ?? CASE_STATUS_LABELS[h.to];
}

export type PreviewFn = (urls: string[], current: string) => void;

/**
 * The case's moves, newest first, with times and roles. `showNames` (staff pages only): the
 * person and unit beside the role; the public never sees staff names.
 */
export function CaseTimeline({
  history,
  onPreview,
  showNames = false,
}: {
  history: CaseHistoryDto[];
  onPreview: PreviewFn;
  /** Staff pages: names beside roles, and staff's words (挂账); the public sees neither. */
  showNames?: boolean;
}) {
  const items = [...history].reverse(); // newest first
  return (
    <View className="timeline" data-testid="timeline">
      {items.map((h, i) => {
        const urls = h.media.map((m) => mediaUrl(m.url));
        const role = ACTOR_ROLE_LABELS[h.actor.role] ?? '工作人员';
        const who = showNames ? [h.actor.unit, h.actor.name].filter(Boolean).join(' · ') : '';
        return (
          <View key={`${h.at}-${i}`} className={`timeline__item${i === 0 ? ' timeline__item--latest' : ''}`} data-testid="timeline-item">
            <View className="timeline__dot" />
            <View className="timeline__body">
              <View className="timeline__top">
                <Text className="timeline__title">{historyTitle(h, showNames ? 'staff' : 'public')}</Text>
                <Text className="timeline__role">{role}</Text>
              </View>
              <Text className="timeline__time">
                {formatDateTime(h.at)}
                {who ? `  ${who}` : ''}
              </Text>
              {h.categoryChange ? (
                <Text className="timeline__note" data-testid="category-change">
                  问题类别：{h.categoryChange.from?.name ?? '未确定'} → {h.categoryChange.to.name}
                </Text>
              ) : null}
              {h.note ? <Text className="timeline__note">{h.note}</Text> : null}
              {h.media.length ? (
                <View className="timeline__photos">
                  {h.media.map((m, j) => (
                    <Image
                      key={m.id}
                      className="timeline__photo"
                      src={mediaUrl(m.thumbUrl)}
                      mode="aspectFill"
                      onClick={() => onPreview(urls, urls[j])}
                    />
                  ))}
                </View>
              ) : null}
            </View>
          </View>
        );
      })}
    </View>
  );
}

/** Before and after photos in one swiper, each labelled; a tap opens the full-screen preview. */
export function CaseGallery({ item, onPreview }: { item: Pick<CaseDto, 'media' | 'afterMedia'>; onPreview: PreviewFn }) {
  const slides = [...item.media.map((m) => ({ m, label: '上报照片' })), ...(item.afterMedia ?? []).map((m) => ({ m, label: '处置后' }))];
  if (!slides.length) return null;
  const urls = slides.map((s) => mediaUrl(s.m.url));
  return (
    <View className="gallery">
      <Swiper className="gallery__swiper" indicatorDots={slides.length > 1} indicatorActiveColor="#1677ff" circular={false}>
        {slides.map((s, i) => (
          <SwiperItem key={`${s.m.id}-${i}`}>
            <View className="gallery__slide" onClick={() => onPreview(urls, urls[i])}>
              <Image className="gallery__img" src={mediaUrl(s.m.url)} mode="aspectFill" />
              <Text className={`gallery__label${s.label === '处置后' ? ' gallery__label--after' : ''}`}>
                {s.label} {i + 1}/{slides.length}
              </Text>
            </View>
          </SwiperItem>
        ))}
      </Swiper>
    </View>
  );
}

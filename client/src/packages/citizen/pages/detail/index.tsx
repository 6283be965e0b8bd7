import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { type CaseDto, TERMINAL_STATUSES } from '@xc/shared';
import { Button, Skeleton } from '../../../../ui';
import { TextArea } from '../../../../ui/textarea';
import { caseAction, getCase } from '../../../../services/api';
import { toApiErrorBody } from '../../../../services/request';
import { useLoad } from '../../../../services/use-load';
import { pageParams } from '../../../../utils/nav';
import { LoadFailed, StateView } from '../../../../components/StateView';
import { StatusTag } from '../../../../components/case/StatusTag';
import { caseAddress } from '../../../../components/case/CaseCard';
import { CaseGallery, CaseSteps, CaseTimeline } from '../../../../components/case/CaseParts';
import { SubscribeUpdates } from '../../components/SubscribeUpdates';
import { deadlineState, formatDateTime } from '../../../../components/case/format';
import '../../components/citizen-components.scss';
import './index.scss';

export const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];
const MAX_COMMENT = 200;

function toast(title: string): void {
  void Taro.showToast({ title, icon: 'none', duration: 2500 })?.catch?.(() => undefined);
}

function Stars({ value, onChange, size = 'large' }: { value: number; onChange?: (v: number) => void; size?: 'large' | 'small' }) {
  return (
    <View className={`stars stars--${size}`} role={onChange ? 'radiogroup' : undefined} aria-label={`${value} 星`}>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          className={`stars__star${n <= value ? ' stars__star--on' : ''}`}
          role={onChange ? 'radio' : undefined}
          aria-checked={onChange ? n === value : undefined}
          aria-label={`${n} 星`}
          data-star={n}
          onClick={onChange ? () => onChange(n) : undefined}
        >
          <Text>★</Text>
        </View>
      ))}
    </View>
  );
}

function RatingForm({ item, onDone, onConflict }: { item: CaseDto; onDone: (c: CaseDto) => void; onConflict: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (!rating) {
      setError('请先点亮星星评分');
      return;
    }
    setSending(true);
    setError('');
    try {
      const updated = await caseAction(item.id, {
        action: 'rate',
        version: item.version,
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      toast('感谢您的评价');
      onDone(updated);
    } catch (err) {
      const e = toApiErrorBody(err);
      if (e.code === 'VERSION_CONFLICT') {
        toast('该问题已被他人处理，已为你刷新');
        onConflict();
        return;
      }
      setError(`评价未提交：${e.message}`);
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="detail__card rating" data-testid="rating-form">
      <Text className="detail__card-title">评价处理结果</Text>
      <Text className="rating__hint">问题已结案，请为本次处理打分</Text>
      <Stars
        value={rating}
        onChange={(v) => {
          setRating(v);
          setError('');
        }}
      />
      <Text className="rating__word">{rating ? RATING_WORDS[rating] : '点击星星评分'}</Text>
      <TextArea
        className="rating__comment"
        placeholder="说说处理得怎么样（选填）"
        maxLength={MAX_COMMENT}
        showCount
        value={comment}
        onChange={setComment}
      />
      {error ? (
        <View className="rating__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
      <Button type="primary" size="large" block loading={sending} disabled={sending} onClick={() => void send()}>
        提交评价
      </Button>
    </View>
  );
}

function Detail({ item, reload, setItem, now }: { item: CaseDto; reload: () => void; setItem: (c: CaseDto) => void; now?: Date }) {
  const preview = (urls: string[], current: string) => {
    void Taro.previewImage({ urls, current })?.catch?.(() => undefined);
  };
  // The deadline as the lists tell it: running, paused while 长期整治中, met or missed once done.
  const deadline = deadlineState(item, now, 'public');
  const canRate = item.nextActions?.includes('rate') && !item.rating;
  const lastNote = item.history?.length ? item.history[item.history.length - 1].note : null;

  return (
    <View className="detail">
      <CaseGallery item={item} onPreview={preview} />

      <View className="detail__card">
        <View className="detail__head">
          <Text className="detail__title">{item.categoryName ?? item.theme ?? '城市管理问题'}</Text>
          <StatusTag status={item.status} overdue={item.overdue} audience="public" />
        </View>
        <Text className="detail__no">案件编号 {item.caseNo}</Text>
        <CaseSteps status={item.status} history={item.history} />
        {item.status === 'refused' ? <Text className="detail__stopped">该问题不予立案{lastNote ? `：${lastNote}` : ''}</Text> : null}
        {item.status === 'voided' ? <Text className="detail__stopped">该问题已作废</Text> : null}
        {item.status === 'pending' ? (
          <Text className="detail__stopped" data-testid="pending-note">
            该问题需要较长时间整治（如需多个部门协调或等待施工条件），处理期限暂停计算，条件具备后继续处理。
          </Text>
        ) : null}
      </View>

      <View className="detail__card">
        <View className="detail__row">
          <Text className="detail__key">问题位置</Text>
          <Text className="detail__value">{caseAddress(item)}</Text>
        </View>
        <View className="detail__row">
          <Text className="detail__key">上报时间</Text>
          <Text className="detail__value">{formatDateTime(item.reportedAt)}</Text>
        </View>
        {item.unit ? (
          <View className="detail__row">
            <Text className="detail__key">处置单位</Text>
            <Text className="detail__value">{item.unit.name}</Text>
          </View>
        ) : null}
        {deadline && item.deadline ? (
          <View className="detail__row" data-testid="deadline">
            <Text className="detail__key">处理期限</Text>
            <View className="detail__value">
              <Text>{formatDateTime(item.deadline)}</Text>
              <Text className={`detail__left deadline-state deadline-state--${deadline.kind}`} data-testid="deadline-state">
                {deadline.text}
              </Text>
            </View>
          </View>
        ) : null}
        <View className="detail__desc">
          <Text className="detail__key">问题描述</Text>
          <Text className="detail__desc-text">{item.description}</Text>
        </View>
      </View>

      {item.rating ? (
        <View className="detail__card rating" data-testid="rating-done">
          <Text className="detail__card-title">我的评价</Text>
          <Stars value={item.rating.rating} size="small" />
          <Text className="rating__word">{RATING_WORDS[item.rating.rating]}</Text>
          {item.rating.comment ? <Text className="rating__given">{item.rating.comment}</Text> : null}
        </View>
      ) : null}
      {canRate ? <RatingForm item={item} onDone={setItem} onConflict={reload} /> : null}
      {/* The reporter (only they and staff get `reporter`) may ask to hear of the next step. */}
      {item.reporter && !TERMINAL_STATUSES.includes(item.status) ? <SubscribeUpdates /> : null}

      <View className="detail__card">
        <Text className="detail__card-title">处理记录</Text>
        {item.history?.length ? (
          <CaseTimeline history={item.history} onPreview={preview} />
        ) : (
          <Text className="detail__empty">暂无处理记录</Text>
        )}
      </View>
    </View>
  );
}

export default function CaseDetailPage() {
  const [{ id }] = useState(pageParams);
  const state = useLoad<CaseDto>(id ?? null, () => getCase(id as string), { onRefreshError: (e) => toast(`刷新失败：${e.message}`) });

  if (state.status === 'loading') {
    return (
      <View className="detail" aria-busy="true" data-testid="detail-skeleton">
        <View className="gallery gallery--skeleton" />
        <View className="detail__card">
          <Skeleton rows={3} animated />
        </View>
        <View className="detail__card">
          <Skeleton rows={4} animated />
        </View>
      </View>
    );
  }
  if (!state.data) {
    return (
      <View className="citizen-page">
        {!id || state.error?.code === 'NOT_FOUND' ? (
          <StateView
            kind="empty"
            title="问题不存在"
            description="该问题可能已被删除，或编号有误。"
            actionText="返回"
            onAction={() => void Taro.navigateBack().catch(() => undefined)}
          />
        ) : (
          <LoadFailed load={state} />
        )}
      </View>
    );
  }
  return <Detail item={state.data} reload={() => void state.reload()} setItem={(item) => state.mutate(() => item)} />;
}

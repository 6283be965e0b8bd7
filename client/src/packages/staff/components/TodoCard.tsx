import { Image, Text, View } from '@tarojs/components';
import type { CaseSummaryDto, Role } from '@xc/shared';
import { StatusTag } from '../../../components/case/StatusTag';
import { caseAddress } from '../../../components/case/CaseCard';
import { deadlineState, formatShort, gridLabel, mediaUrl } from '../../../components/case/format';
import { taskLine } from '../todo';
import './staff.scss';

export interface TodoCardProps {
  item: CaseSummaryDto;
  roles: readonly Role[];
  onOpen: (item: CaseSummaryDto) => void;
  /** The clock of the 剩余/已超期 texts (tests pass a fixed one). */
  now?: Date;
}

/**
 * One to-do: what to do with it, the case number, category, place, and its deadline: the list runs
 * by deadline, so a card with one shows it (剩余/已超期 while the unit works on it; 按期/超期完成
 * after; paused under 挂账); a card without one shows when it was reported.
 */
export function TodoCard({ item, roles, now, onOpen }: TodoCardProps) {
  const thumb = item.media[0]?.thumbUrl ?? item.media[0]?.url;
  const clock = deadlineState(item, now);
  const task = taskLine(item, roles);
  const place = [caseAddress(item), gridLabel(item.grid, item.street?.name)].filter(Boolean).join(' · ');
  return (
    <View
      className={`todo-card${item.overdue ? ' todo-card--overdue' : ''}`}
      data-testid="todo-card"
      data-case-id={item.id}
      data-case-no={item.caseNo}
      data-overdue={item.overdue ? 'true' : 'false'}
      onClick={() => onOpen(item)}
    >
      <View className="todo-card__head">
        {task ? <Text className="todo-card__task">{task}</Text> : null}
        <StatusTag status={item.status} overdue={item.overdue} />
      </View>
      <View className="todo-card__main">
        <View className="todo-card__thumb">
          {thumb ? (
            <Image className="todo-card__img" src={mediaUrl(thumb)} mode="aspectFill" lazyLoad />
          ) : (
            <Text className="todo-card__noimg">无照片</Text>
          )}
        </View>
        <View className="todo-card__body">
          <Text className="todo-card__title">{item.categoryName ?? item.theme ?? '未分类问题'}</Text>
          <Text className="todo-card__no">{item.caseNo}</Text>
          <Text className="todo-card__address">{place}</Text>
        </View>
      </View>
      <View className="todo-card__foot">
        <Text className="todo-card__time" data-testid="todo-time">
          {clock && item.deadline ? `期限 ${formatShort(item.deadline, now)}` : `上报 ${formatShort(item.reportedAt, now)}`}
        </Text>
        {clock ? (
          <Text className={`todo-card__clock deadline-state deadline-state--${clock.kind}`} data-testid="todo-clock">
            {clock.text}
          </Text>
        ) : item.unit ? (
          <Text className="todo-card__unit">{item.unit.name}</Text>
        ) : null}
      </View>
    </View>
  );
}

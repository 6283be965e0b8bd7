import { Image, Text, View } from '@tarojs/components';
import type { CaseSummaryDto, Role } from '@xc/shared';
import { StatusTag } from '../../../components/case/StatusTag';
import { caseAddress } from '../../../components/case/CaseCard';
import { deadlineText, formatShort, mediaUrl } from '../../../components/case/format';
import { todoLabel } from '../todo';
import './staff.scss';

export interface TodoCardProps {
  item: CaseSummaryDto;
  roles: readonly Role[];
  onOpen: (item: CaseSummaryDto) => void;
}

/** One to-do: what to do with it, the case number, category, place, and the clock. */
export function TodoCard({ item, roles, onOpen }: TodoCardProps) {
  const thumb = item.media[0]?.thumbUrl ?? item.media[0]?.url;
  // The handling clock runs while the case is with a unit; afterwards the deadline is history.
  const clock = item.status === 'dispatched' || item.overdue ? deadlineText(item.deadline, item.overdue) : null;
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
        <Text className="todo-card__task">{todoLabel(item.status, roles)}</Text>
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
          <Text className="todo-card__address">{caseAddress(item)}</Text>
        </View>
      </View>
      <View className="todo-card__foot">
        <Text className="todo-card__time">
          {clock && item.deadline ? `截止 ${formatShort(item.deadline)}` : `上报 ${formatShort(item.reportedAt)}`}
        </Text>
        {clock ? (
          <Text className={`todo-card__clock${clock.overdue ? ' todo-card__clock--overdue' : ''}`}>{clock.text}</Text>
        ) : item.unit ? (
          <Text className="todo-card__unit">{item.unit.name}</Text>
        ) : null}
      </View>
    </View>
  );
}

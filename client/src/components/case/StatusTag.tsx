import { Text } from '@tarojs/components';
import { CASE_STATUS_LABELS, CASE_STATUS_TONES, type CaseStatus } from '@xc/shared';
import './case.scss';

/** A status tag: the same status always has the same colour (ux.md), 超期 in orange. */
export function StatusTag({ status, overdue = false }: { status: CaseStatus; overdue?: boolean }) {
  return (
    <Text className="status-tags">
      <Text className={`status-tag status-tag--${CASE_STATUS_TONES[status]}`} data-status={status}>
        {CASE_STATUS_LABELS[status]}
      </Text>
      {overdue ? <Text className="status-tag status-tag--orange">超期</Text> : null}
    </Text>
  );
}

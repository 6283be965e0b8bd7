import { Text } from '@tarojs/components';
import { CASE_STATUS_TONES, type CaseStatus } from '@xc/shared';
import { statusLabel, type Audience } from './format';
import './case.scss';

/**
 * A status tag: the same status always has the same colour (ux.md), 超期 in orange. The public
 * reads 挂账 as 长期整治中.
 */
export function StatusTag({ status, overdue = false, audience = 'staff' }: { status: CaseStatus; overdue?: boolean; audience?: Audience }) {
  return (
    <Text className="status-tags">
      <Text className={`status-tag status-tag--${CASE_STATUS_TONES[status]}`} data-status={status}>
        {statusLabel(status, audience)}
      </Text>
      {overdue ? <Text className="status-tag status-tag--orange">超期</Text> : null}
    </Text>
  );
}

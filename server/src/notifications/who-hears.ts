import { REFUSE_REASON_LABELS, type RefuseReason, cityClock, cityDate } from '@xc/shared';

/** What an outbox row says about a case: enough to word every message without reading the case again. */
export interface CaseEvent {
  /** A case action, `report`, or a timed event. */
  kind: string;
  caseId: string;
  caseNo: string;
  /** The reporting user (for Open311 cases an api key, which no user matches: no one is told). */
  reporterId: string;
  /** Who acted; staff audiences leave them out. Null for timed events. */
  actorId: string | null;
  unitId?: string | null;
  /** The kind of the unit dispatched to (公司, 局…): what the reporter is told instead of names. */
  unitKind?: string | null;
  /** The unit that had the case before a 回退. */
  fromUnitId?: string | null;
  inspectorId?: string | null;
  reason?: string | null;
  note?: string | null;
  passed?: boolean | null;
  /** ISO time: the new deadline (dispatch, extension) or the one that is near or passed. */
  deadline?: string | null;
}

export type Audience = { user: string } | { unit: string } | { role: 'operator' | 'dispatcher' };

/** Which subscribe-message template a reporter's notice goes out with, if any. */
export type WechatTemplate = 'progress' | 'closed';

export interface Notice {
  audience: Audience;
  /** Stable identifier of the message type (the client picks an icon by it). */
  kind: string;
  title: string;
  body: string;
  /** Reporter notices only: also sent as a WeChat 订阅消息 with this template and this short status word. */
  wechat?: { template: WechatTemplate; phrase: string };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Beijing time as 月日 时:分, for deadlines in message text. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  const [, m, d] = cityDate(t).split('-').map(Number);
  return `${m}月${d}日 ${cityClock(t)}`;
}

/**
 * Who hears what (issue 14): the reporter hears the milestones of their own case, never a staff
 * name; the handling unit hears what it must act on; an inspector hears a task given to them;
 * operators and dispatchers hear the work that waits for them. Pure: the dispatcher resolves
 * units and roles to users.
 */
export function whoHears(e: CaseEvent): Notice[] {
  const no = e.caseNo;
  const reporter = (kind: string, title: string, body: string, wechat?: Notice['wechat']): Notice => ({
    audience: { user: e.reporterId },
    kind,
    title,
    body,
    wechat,
  });
  const unit = (unitId: string | null | undefined, kind: string, title: string, body: string): Notice[] =>
    unitId ? [{ audience: { unit: unitId }, kind, title, body }] : [];
  const role = (r: 'operator' | 'dispatcher', kind: string, title: string, body: string): Notice => ({
    audience: { role: r },
    kind,
    title,
    body,
  });
  const deadline = e.deadline ? `，处置期限 ${shortTime(e.deadline)}` : '';

  switch (e.kind) {
    case 'report':
      return [role('operator', 'report-waiting', '新上报待受理', `问题 ${no} 已上报，等待受理`)];
    case 'verify':
      return [role('operator', 'report-waiting', '核实完成待受理', `问题 ${no} 已完成现场核实，等待受理`)];
    case 'register':
      return [
        reporter('registered', '已受理', `你上报的问题 ${no} 已受理立案，将尽快派遣处置`, { template: 'progress', phrase: '已受理' }),
        role('dispatcher', 'dispatch-waiting', '新立案待派遣', `问题 ${no} 已立案，等待派遣`),
      ];
    case 'refuse': {
      const label = REFUSE_REASON_LABELS[e.reason as RefuseReason] ?? '不符合立案条件';
      return [reporter('refused', '不予立案', `你上报的问题 ${no} 不予立案，原因：${label}`, { template: 'progress', phrase: '不予立案' })];
    }
    case 'dispatch':
      return [
        reporter('dispatched', '已派遣', `你上报的问题 ${no} 已派遣至${e.unitKind ? `相关${e.unitKind}` : '相关处置单位'}处理`, {
          template: 'progress',
          phrase: '已派遣',
        }),
        ...unit(e.unitId, 'assigned', '新派遣任务', `问题 ${no} 已派遣给本单位${deadline}`),
      ];
    case 'finish':
      return [
        reporter('handled', '已处置', `你上报的问题 ${no} 已处置完毕，等待核查`, { template: 'progress', phrase: '已处置' }),
        role('operator', 'check-waiting', '处置完成待核查', `问题 ${no} 已处置，等待派发核查`),
      ];
    case 'check':
      return e.passed === false ? unit(e.unitId, 'returned', '核查未通过', `问题 ${no} 核查未通过，请返工处置${deadline}`) : [];
    case 'close':
      return [reporter('closed', '已结案', `你上报的问题 ${no} 已结案，欢迎对处置结果进行评价`, { template: 'closed', phrase: '已结案' })];
    case 'void': {
      const why = e.note ? `，原因：${clip(e.note, 100)}` : '';
      return [reporter('voided', '已作废', `你上报的问题 ${no} 已作废${why}`, { template: 'progress', phrase: '已作废' })];
    }
    case 'request-verify':
      return e.inspectorId
        ? [{ audience: { user: e.inspectorId }, kind: 'verify-assigned', title: '新核实任务', body: `请到现场核实问题 ${no}` }]
        : [];
    case 'request-check':
      return e.inspectorId
        ? [{ audience: { user: e.inspectorId }, kind: 'check-assigned', title: '新核查任务', body: `请到现场核查问题 ${no} 的处置结果` }]
        : [];
    case 'approve-extension':
      return unit(e.unitId, 'extension-approved', '延期已同意', `问题 ${no} 的延期申请已同意${deadline}`);
    case 'reject-extension':
      return unit(e.unitId, 'extension-refused', '延期被驳回', `问题 ${no} 的延期申请被驳回，请按原期限处置`);
    case 'request-extension':
      return [role('dispatcher', 'request-waiting', '延期申请待审批', `问题 ${no} 的处置单位申请延期`)];
    case 'request-return':
      return [role('dispatcher', 'request-waiting', '回退申请待审批', `问题 ${no} 的处置单位申请回退`)];
    case 'deadline-soon':
      return unit(e.unitId, 'deadline-soon', '即将超期', `问题 ${no} 将于 ${shortTime(e.deadline)} 到期，请尽快处置`);
    case 'overdue':
      return [
        ...unit(e.unitId, 'overdue', '已超期', `问题 ${no} 已超过处置期限，请立即处置`),
        role('dispatcher', 'overdue', '案件超期', `问题 ${no} 已超过处置期限`),
      ];
    case 'rate-reminder':
      return [reporter('rate-reminder', '邀请评价', `你上报的问题 ${no} 已结案 3 天，欢迎评价处置结果`)];
    default:
      // recategorize, pend, resume, approve-return, reject-return, rate: nobody waits on these.
      return [];
  }
}

import type { Role } from './roles.js';

/** Case statuses of the contract (../shared/docs/api.md, Cases). Stored as varchar, typed here. */
export const CASE_STATUSES = [
  'reported',
  'verifying',
  'registered',
  'refused',
  'dispatched',
  'handled',
  'checking',
  'checked',
  'closed',
  'pending',
  'voided',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '待受理',
  verifying: '核实中',
  registered: '已立案',
  refused: '不予立案',
  dispatched: '已派遣',
  handled: '已处置',
  checking: '核查中',
  checked: '核查通过',
  closed: '已结案',
  pending: '挂账',
  voided: '已作废',
};

/** Tag colour families of ../shared/docs/ux.md: the same status always has the same colour. */
export type StatusTone = 'grey' | 'blue' | 'green' | 'dark' | 'purple' | 'orange';
export const CASE_STATUS_TONES: Record<CaseStatus, StatusTone> = {
  reported: 'grey',
  verifying: 'grey',
  registered: 'blue',
  dispatched: 'blue',
  handled: 'blue',
  checking: 'blue',
  checked: 'blue',
  closed: 'green',
  refused: 'dark',
  voided: 'dark',
  pending: 'purple',
};

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'refused', 'voided'];
export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

export const CASE_ACTIONS = [
  'request-verify',
  'verify',
  'register',
  'refuse',
  'dispatch',
  'recategorize',
  'finish',
  'request-extension',
  'approve-extension',
  'reject-extension',
  'request-return',
  'approve-return',
  'reject-return',
  'request-check',
  'check',
  'close',
  'pend',
  'resume',
  'void',
  'rate',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  'request-verify': '派发核实',
  verify: '核实',
  register: '立案',
  refuse: '不予立案',
  recategorize: '修改类别',
  dispatch: '派遣',
  finish: '处置完成',
  'request-extension': '申请延期',
  'approve-extension': '同意延期',
  'reject-extension': '驳回延期',
  'request-return': '申请回退',
  'approve-return': '同意回退',
  'reject-return': '驳回回退',
  'request-check': '派发核查',
  check: '核查',
  close: '结案',
  pend: '挂账',
  resume: '恢复',
  void: '作废',
  rate: '评价',
};

export type RefuseReason = 'invalid' | 'duplicate' | 'out_of_scope';
export const REFUSE_REASON_LABELS: Record<RefuseReason, string> = {
  invalid: '无效信息',
  duplicate: '重复上报',
  out_of_scope: '不属于城市管理范围',
};

/** A pending request on a dispatched case that a dispatcher must answer. */
export type CaseRequest = 'extension' | 'return' | null;

/** What the engine needs to know of a case to decide; the server maps its entity to this. */
export interface CaseFacts {
  status: CaseStatus;
  reporterId: string | null;
  assignedUnitId: string | null;
  assignedInspectorId: string | null;
  openRequest: CaseRequest;
  rated: boolean;
  /** The case's CJ/T 214 category; null for a report filed with only a theme. Absent: not known to the caller. */
  categoryCode?: string | null;
}

/** Who acts. `unitId` binds a handler to a unit. */
export interface Actor {
  id: string;
  roles: readonly Role[];
  unitId?: string | null;
}

/** Extra input an action carries, where the target depends on it (check: passed or 返工). */
export interface ActionInput {
  passed?: boolean;
}

type Guard = (facts: CaseFacts, actor: Actor) => boolean;

export type RequiredField = 'unitId' | 'reason' | 'passed' | 'rating' | 'deadline' | 'mediaIds' | 'note' | 'categoryCode';

export interface TransitionRule {
  from: readonly CaseStatus[];
  /** Every status the action can lead to (for validation); `resolve` picks one. */
  to: readonly CaseStatus[];
  roles: readonly Role[];
  /**
   * Whose case this is to act on, whatever its status: checked before the status, so a caller who
   * could never take the action on this case gets 403 rather than 409 (api.md, Errors: 403 before 409).
   */
  party?: Guard;
  /** Extra conditions on the case and the actor, beyond status and role. */
  guard?: Guard;
  resolve?: (facts: CaseFacts, input: ActionInput) => CaseStatus;
  /** Fields of the action body that must be present; a function where it depends on the case. */
  requires?: readonly RequiredField[] | ((facts: CaseFacts) => readonly RequiredField[]);
}

const handlerOfUnit: Guard = (c, a) => !!a.unitId && a.unitId === c.assignedUnitId;
const assignedInspector: Guard = (c, a) => !c.assignedInspectorId || c.assignedInspectorId === a.id;

/** The statuses before dispatch, where the category may still be set or corrected (修改类别). */
const BEFORE_DISPATCH = ['reported', 'verifying', 'registered'] as const;

/** The lifecycle, in one table. */
export const CASE_TRANSITIONS: Record<CaseAction, TransitionRule> = {
  'request-verify': { from: ['reported'], to: ['verifying'], roles: ['operator'] },
  verify: { from: ['verifying'], to: ['reported'], roles: ['inspector'], guard: assignedInspector, requires: ['passed'] },
  // A report filed with only a theme is given its category when it is registered.
  register: {
    from: ['reported'],
    to: ['registered'],
    roles: ['operator'],
    requires: (c) => (c.categoryCode === null ? ['categoryCode'] : []),
  },
  refuse: { from: ['reported'], to: ['refused'], roles: ['operator'], requires: ['reason'] },
  // The category set or corrected until dispatch; the status stays where it is.
  recategorize: {
    from: BEFORE_DISPATCH,
    to: BEFORE_DISPATCH,
    roles: ['operator', 'dispatcher'],
    resolve: (c) => c.status,
    requires: ['categoryCode'],
  },
  dispatch: {
    from: ['registered'],
    to: ['dispatched'],
    roles: ['dispatcher'],
    requires: (c) => (c.categoryCode === null ? ['unitId', 'categoryCode'] : ['unitId']),
  },
  finish: {
    from: ['dispatched'],
    to: ['handled'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest !== 'return',
    requires: ['mediaIds'],
  },
  'request-extension': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest === null,
    requires: ['deadline', 'note'],
  },
  'approve-extension': { from: ['dispatched'], to: ['dispatched'], roles: ['dispatcher'], guard: (c) => c.openRequest === 'extension' },
  'reject-extension': { from: ['dispatched'], to: ['dispatched'], roles: ['dispatcher'], guard: (c) => c.openRequest === 'extension' },
  'request-return': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest === null,
    requires: ['note'],
  },
  'approve-return': { from: ['dispatched'], to: ['registered'], roles: ['dispatcher'], guard: (c) => c.openRequest === 'return' },
  'reject-return': { from: ['dispatched'], to: ['dispatched'], roles: ['dispatcher'], guard: (c) => c.openRequest === 'return' },
  'request-check': { from: ['handled'], to: ['checking'], roles: ['operator'] },
  check: {
    from: ['checking'],
    to: ['checked', 'dispatched'],
    roles: ['inspector'],
    guard: assignedInspector,
    requires: ['passed'],
    resolve: (_c, input) => (input.passed ? 'checked' : 'dispatched'),
  },
  close: { from: ['checked'], to: ['closed'], roles: ['operator'] },
  pend: { from: ['dispatched'], to: ['pending'], roles: ['dispatcher'], guard: (c) => c.openRequest === null },
  resume: { from: ['pending'], to: ['dispatched'], roles: ['dispatcher'] },
  void: { from: OPEN_STATUSES, to: ['voided'], roles: ['operator'] },
  rate: {
    from: ['closed'],
    to: ['closed'],
    roles: ['citizen', 'inspector', 'operator', 'dispatcher', 'handler', 'evaluator', 'admin'],
    party: (c, a) => c.reporterId === a.id,
    guard: (c) => !c.rated,
    requires: ['rating'],
  },
};

export type TransitionVerdict = { ok: true; to: CaseStatus } | { ok: false; reason: 'TRANSITION_NOT_ALLOWED' | 'FORBIDDEN' };

/**
 * Decides one move. Status first (409 when the case is elsewhere), then role and guards (403).
 * The API's precedence puts 403 before 409, so callers that know the actor could never act
 * on this case at all (wrong role) should check `mayEverTake` first.
 */
export function decide(action: CaseAction, facts: CaseFacts, actor: Actor, input: ActionInput = {}): TransitionVerdict {
  const rule = CASE_TRANSITIONS[action];
  if (!rule.roles.some((r) => actor.roles.includes(r))) return { ok: false, reason: 'FORBIDDEN' };
  if (rule.party && !rule.party(facts, actor)) return { ok: false, reason: 'FORBIDDEN' };
  if (!rule.from.includes(facts.status)) return { ok: false, reason: 'TRANSITION_NOT_ALLOWED' };
  if (rule.guard && !rule.guard(facts, actor)) return { ok: false, reason: 'FORBIDDEN' };
  const to = rule.resolve ? rule.resolve(facts, input) : rule.to[0];
  return { ok: true, to };
}

/** The fields an action's body must carry on this case (立案 of a theme-only report needs a category). */
export function requiredFields(action: CaseAction, facts: CaseFacts): readonly RequiredField[] {
  const r = CASE_TRANSITIONS[action].requires;
  return typeof r === 'function' ? r(facts) : (r ?? []);
}

/** The actions this actor may take on this case now: the buttons a client shows. */
export function nextActions(facts: CaseFacts, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((a) => decide(a, facts, actor, { passed: true }).ok);
}

/**
 * Validates the table: every status named exists, every status is reachable from `reported`,
 * every open status has a way out. Returns the problems; the server refuses to start on any.
 */
export function validateTransitions(table: Record<CaseAction, TransitionRule> = CASE_TRANSITIONS): string[] {
  const problems: string[] = [];
  const known = new Set<string>(CASE_STATUSES);
  for (const [action, rule] of Object.entries(table)) {
    for (const s of [...rule.from, ...rule.to]) if (!known.has(s)) problems.push(`${action}: unknown status ${s}`);
    if (rule.roles.length === 0) problems.push(`${action}: no role may take it`);
  }
  const reached = new Set<CaseStatus>(['reported']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const rule of Object.values(table)) {
      if (rule.from.some((s) => reached.has(s))) {
        for (const t of rule.to)
          if (!reached.has(t)) {
            reached.add(t);
            grew = true;
          }
      }
    }
  }
  for (const s of CASE_STATUSES) if (!reached.has(s)) problems.push(`status ${s} is unreachable`);
  for (const s of OPEN_STATUSES) {
    const exits = Object.values(table).some((r) => r.from.includes(s) && r.to.some((t) => t !== s));
    if (!exits) problems.push(`open status ${s} has no way out`);
  }
  return problems;
}

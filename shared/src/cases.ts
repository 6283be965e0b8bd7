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

/**
 * Whose to-do a case in a status lands in: the role, on a condition where the status alone does
 * not say (a request waits; the case is with the person's unit; the inspector was asked, or nobody
 * was and the grid is theirs), and the task as the to-do names it.
 */
export interface TodoRule {
  role: Role;
  when?: 'open-request' | 'own-unit' | 'assigned-or-own-grid';
  /** The task, e.g. 待派遣. */
  label: string;
  /** How this role's to-do names the status while the condition does not hold (nothing to do yet). */
  otherwise?: string;
}

/** Who may see a case in a status: everyone, or only its reporter and the staff who read every case. */
export type CaseAudience = 'everyone' | 'reporter-and-staff';

/**
 * The facts of a status, the other half of the lifecycle table (moves: CASE_TRANSITIONS). The
 * sets of ../shared/docs/domain.md (Cases, Indicators) are read from here and nowhere else.
 */
export interface StatusRule {
  /** No move leads out of it (评价 of a closed case keeps it closed). */
  terminal: boolean;
  /** The unit's work is done (the last `finish` stands): overdue is judged by that finish, not by the clock. */
  finished: boolean;
  /** A case registered in the month counts in 应结案 while in this status (all but 挂账, 作废, and never-registered 不予立案). */
  due: boolean;
  /** Never overdue: out of the workflow, or 挂账 (its clock is paused). */
  neverOverdue: boolean;
  seenBy: CaseAudience;
  /** Whose to-do (工作台) a case in this status is in; the first rule whose role a person has names the task. */
  todo: readonly TodoRule[];
}

const working = { terminal: false, finished: false, due: true, neverOverdue: false, seenBy: 'everyone' } as const;
const done = { ...working, finished: true } as const;

/** The statuses of the lifecycle, in one table. */
export const CASE_STATES: Record<CaseStatus, StatusRule> = {
  reported: { ...working, todo: [{ role: 'operator', label: '待受理' }] },
  verifying: { ...working, todo: [{ role: 'inspector', when: 'assigned-or-own-grid', label: '待核实' }] },
  registered: { ...working, todo: [{ role: 'dispatcher', label: '待派遣' }] },
  refused: { ...working, terminal: true, due: false, neverOverdue: true, seenBy: 'reporter-and-staff', todo: [] },
  dispatched: {
    ...working,
    todo: [
      { role: 'handler', when: 'own-unit', label: '待处置' },
      { role: 'dispatcher', when: 'open-request', label: '待审批申请', otherwise: '处置单位处置中' },
    ],
  },
  handled: { ...done, todo: [{ role: 'operator', label: '待派发核查' }] },
  checking: { ...done, todo: [{ role: 'inspector', when: 'assigned-or-own-grid', label: '待核查' }] },
  checked: { ...done, todo: [{ role: 'operator', label: '待结案' }] },
  closed: { ...done, terminal: true, todo: [] },
  pending: { ...working, due: false, neverOverdue: true, todo: [] },
  voided: { ...working, terminal: true, due: false, neverOverdue: true, seenBy: 'reporter-and-staff', todo: [] },
};

/** What each role's to-do holds, one line per role, for the 工作台 header. */
export const TODO_HINTS: Partial<Record<Role, string>> = {
  operator: '新上报待受理，已处置待派发核查，核查通过待结案',
  dispatcher: '已立案待派遣，处置单位的延期、回退申请待审批',
  handler: '本单位待处置的问题，按处理期限排列',
  inspector: '派给你的核实、核查任务',
};

/** The task a waiting request (延期, 回退) sets for the dispatcher. */
export const REQUEST_TASK_LABELS: Record<Exclude<CaseRequest, null>, string> = {
  extension: '待审批延期',
  return: '待审批回退',
};

function statusesWhere(p: (r: StatusRule) => boolean, states: Record<CaseStatus, StatusRule> = CASE_STATES): CaseStatus[] {
  return CASE_STATUSES.filter((s) => p(states[s]));
}

export const TERMINAL_STATUSES: readonly CaseStatus[] = statusesWhere((r) => r.terminal);
export const OPEN_STATUSES: readonly CaseStatus[] = statusesWhere((r) => !r.terminal);
/** The unit's work is done (handled, checking, checked, closed). */
export const FINISHED_STATUSES: readonly CaseStatus[] = statusesWhere((r) => r.finished);
/** Counted in 应结案 when registered in the month. */
export const DUE_STATUSES: readonly CaseStatus[] = statusesWhere((r) => r.due);
export const NEVER_OVERDUE_STATUSES: readonly CaseStatus[] = statusesWhere((r) => r.neverOverdue);
/** Not public: to anyone but the reporter and the staff who read every case, they do not exist. */
export const HIDDEN_STATUSES: readonly CaseStatus[] = statusesWhere((r) => r.seenBy !== 'everyone');

/** Staff who read every case, whatever its unit or status (a handler reads its own unit's). */
export const CASE_READER_ROLES: readonly Role[] = ['operator', 'dispatcher', 'inspector', 'evaluator', 'admin'];

/** Whether this viewer may see the case at all. */
export function maySee(
  c: { status: CaseStatus; reporterId: string | null },
  viewer: { id: string; roles: readonly Role[] } | null,
): boolean {
  if (CASE_STATES[c.status].seenBy === 'everyone') return true;
  return !!viewer && (viewer.id === c.reporterId || viewer.roles.some((r) => CASE_READER_ROLES.includes(r)));
}

/**
 * Overdue (超期) is derived, never stored: a finished case whose last finish came after the
 * deadline, or an unfinished one whose deadline has passed at `now`; never in a never-overdue status.
 */
export function isOverdue(c: { status: CaseStatus; deadline: Date | null; lastFinishedAt: Date | null }, now: Date): boolean {
  const rule = CASE_STATES[c.status];
  if (!c.deadline || rule.neverOverdue) return false;
  if (rule.finished) return !!c.lastFinishedAt && c.lastFinishedAt > c.deadline;
  return now > c.deadline;
}

/** The statuses a role finds in its to-do (on the rule's condition). */
export function todoStatuses(role: Role): CaseStatus[] {
  return statusesWhere((r) => r.todo.some((t) => t.role === role));
}

/**
 * The task a status is for a person with these roles, or null when it is in none of their to-dos.
 * With the case's open request known (null: none waits) the label names that request, or says
 * there is nothing to do yet; without it (a filter of the to-do) the rule's own label.
 */
export function todoTask(status: CaseStatus, roles: readonly Role[], openRequest?: CaseRequest): string | null {
  const rule = CASE_STATES[status].todo.find((t) => roles.includes(t.role));
  if (!rule) return null;
  if (rule.when === 'open-request' && openRequest !== undefined) {
    return openRequest === null ? (rule.otherwise ?? rule.label) : REQUEST_TASK_LABELS[openRequest];
  }
  return rule.label;
}

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

/** The instants a case keeps for its figures. */
export type CaseInstant = 'registeredAt' | 'dispatchedAt' | 'lastFinishedAt' | 'closedAt' | 'ratedAt';

/**
 * What a move changes besides status and version, as data. The values it names come with the
 * move (`ChangeValues`: the unit chosen, the deadline worked out, the inspector resolved).
 */
export interface CaseChanges {
  /** Instants set to the moment of the move. */
  stamp?: readonly CaseInstant[];
  /** Instants cleared. */
  unstamp?: readonly CaseInstant[];
  /** The handling unit: the one the move names, or none (back to the dispatcher). */
  unit?: 'named' | 'none';
  /** The deadline: the category's time limit from now, the one requested, the time left before 挂账 given back, or none. */
  deadline?: 'time-limit' | 'requested' | 'resumed' | 'none';
  /** A request opened (延期 with its requested deadline, 回退), or none waiting any more. */
  request?: 'extension' | 'return' | 'none';
  /** The inspector asked to verify or check: the one named (or resolved), or none once they have answered. */
  inspector?: 'named' | 'none';
  /** The move's photos become the after-photos (处置后照片). */
  afterPhotos?: true;
  /** A failed check: the case goes back to the unit (返工). */
  rework?: true;
}

export interface TransitionRule {
  /** Taken only with the report that files the case (自处理), never as an action on a case. */
  withReport?: true;
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
  /** What the move changes, whatever status it leads to. */
  changes?: CaseChanges;
  /** What it changes besides, by the status it leads to (a failed check is 返工). */
  changesTo?: Partial<Record<CaseStatus, CaseChanges>>;
}

/** The rules of the table: every action, and 自处理 (taken with a report). */
export type CaseRule = CaseAction | 'self-handle';

const handlerOfUnit: Guard = (c, a) => !!a.unitId && a.unitId === c.assignedUnitId;
const assignedInspector: Guard = (c, a) => !c.assignedInspectorId || c.assignedInspectorId === a.id;

/** The statuses before dispatch, where the category may still be set or corrected (修改类别). */
const BEFORE_DISPATCH = ['reported', 'verifying', 'registered'] as const;

/** The lifecycle's moves, in one table (the statuses they lead to: CASE_STATES). */
export const CASE_TRANSITIONS: Record<CaseRule, TransitionRule> = {
  'request-verify': { from: ['reported'], to: ['verifying'], roles: ['operator'], changes: { inspector: 'named' } },
  verify: {
    from: ['verifying'],
    to: ['reported'],
    roles: ['inspector'],
    guard: assignedInspector,
    requires: ['passed'],
    changes: { inspector: 'none' },
  },
  // A report filed with only a theme is given its category when it is registered.
  register: {
    from: ['reported'],
    to: ['registered'],
    roles: ['operator'],
    requires: (c) => (c.categoryCode === null ? ['categoryCode'] : []),
    changes: { stamp: ['registeredAt'] },
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
    changes: { unit: 'named', stamp: ['dispatchedAt'], deadline: 'time-limit', request: 'none' },
  },
  finish: {
    from: ['dispatched'],
    to: ['handled'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest !== 'return',
    requires: ['mediaIds'],
    changes: { stamp: ['lastFinishedAt'], afterPhotos: true },
  },
  'request-extension': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest === null,
    requires: ['deadline', 'note'],
    changes: { request: 'extension' },
  },
  'approve-extension': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['dispatcher'],
    guard: (c) => c.openRequest === 'extension',
    changes: { deadline: 'requested', request: 'none' },
  },
  'reject-extension': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['dispatcher'],
    guard: (c) => c.openRequest === 'extension',
    changes: { request: 'none' },
  },
  'request-return': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['handler'],
    guard: (c, a) => handlerOfUnit(c, a) && c.openRequest === null,
    requires: ['note'],
    changes: { request: 'return' },
  },
  // Back to the dispatcher: the unit is released and the clock stops until the next dispatch.
  'approve-return': {
    from: ['dispatched'],
    to: ['registered'],
    roles: ['dispatcher'],
    guard: (c) => c.openRequest === 'return',
    changes: { unit: 'none', deadline: 'none', unstamp: ['dispatchedAt'], request: 'none' },
  },
  'reject-return': {
    from: ['dispatched'],
    to: ['dispatched'],
    roles: ['dispatcher'],
    guard: (c) => c.openRequest === 'return',
    changes: { request: 'none' },
  },
  'request-check': { from: ['handled'], to: ['checking'], roles: ['operator'], changes: { inspector: 'named' } },
  check: {
    from: ['checking'],
    to: ['checked', 'dispatched'],
    roles: ['inspector'],
    guard: assignedInspector,
    requires: ['passed'],
    resolve: (_c, input) => (input.passed ? 'checked' : 'dispatched'),
    changes: { inspector: 'none' },
    changesTo: { dispatched: { rework: true } },
  },
  close: { from: ['checked'], to: ['closed'], roles: ['operator'], changes: { stamp: ['closedAt'] } },
  pend: { from: ['dispatched'], to: ['pending'], roles: ['dispatcher'], guard: (c) => c.openRequest === null },
  // 挂账 paused the clock: the unit gets back the time it had left.
  resume: { from: ['pending'], to: ['dispatched'], roles: ['dispatcher'], changes: { deadline: 'resumed' } },
  void: { from: OPEN_STATUSES, to: ['voided'], roles: ['operator'], changes: { request: 'none' } },
  rate: {
    from: ['closed'],
    to: ['closed'],
    roles: ['citizen', 'inspector', 'operator', 'dispatcher', 'handler', 'evaluator', 'admin'],
    party: (c, a) => c.reporterId === a.id,
    guard: (c) => !c.rated,
    requires: ['rating'],
    changes: { stamp: ['ratedAt'] },
  },
  // 自处理: an inspector's report of a problem fixed on the spot, registered, finished and closed at once.
  'self-handle': {
    withReport: true,
    from: ['reported'],
    to: ['closed'],
    roles: ['inspector'],
    changes: { stamp: ['registeredAt', 'lastFinishedAt', 'closedAt'], afterPhotos: true },
  },
};

export type TransitionVerdict = { ok: true; to: CaseStatus } | { ok: false; reason: 'TRANSITION_NOT_ALLOWED' | 'FORBIDDEN' };

/**
 * Decides one move. Status first (409 when the case is elsewhere), then role and guards (403).
 * The API's precedence puts 403 before 409, so callers that know the actor could never act
 * on this case at all (wrong role) should check `mayEverTake` first.
 */
export function decide(action: CaseRule, facts: CaseFacts, actor: Actor, input: ActionInput = {}): TransitionVerdict {
  const rule = CASE_TRANSITIONS[action];
  if (!rule.roles.some((r) => actor.roles.includes(r))) return { ok: false, reason: 'FORBIDDEN' };
  if (rule.party && !rule.party(facts, actor)) return { ok: false, reason: 'FORBIDDEN' };
  if (!rule.from.includes(facts.status)) return { ok: false, reason: 'TRANSITION_NOT_ALLOWED' };
  if (rule.guard && !rule.guard(facts, actor)) return { ok: false, reason: 'FORBIDDEN' };
  const to = rule.resolve ? rule.resolve(facts, input) : rule.to[0];
  return { ok: true, to };
}

/** The fields an action's body must carry on this case (立案 of a theme-only report needs a category). */
export function requiredFields(action: CaseRule, facts: CaseFacts): readonly RequiredField[] {
  const r = CASE_TRANSITIONS[action].requires;
  return typeof r === 'function' ? r(facts) : (r ?? []);
}

/** The actions this actor may take on this case now: the buttons a client shows. */
export function nextActions(facts: CaseFacts, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((a) => decide(a, facts, actor, { passed: true }).ok);
}

/** What a move changes: the rule's changes, with those of the status it leads to. */
export function changesOf(rule: CaseRule, to: CaseStatus, table: Record<CaseRule, TransitionRule> = CASE_TRANSITIONS): CaseChanges {
  const r = table[rule];
  return { ...r.changes, ...r.changesTo?.[to] };
}

/** The values a move's changes name, worked out by the caller (they may need the database). */
export interface ChangeValues {
  /** `unit: 'named'`. */
  unitId?: string;
  /** `deadline: 'time-limit'` or `'resumed'`. */
  deadline?: Date | null;
  /** `request: 'extension'`: the deadline asked for. */
  requestedDeadline?: Date;
  /** `inspector: 'named'`. */
  inspectorId?: string;
  /** `afterPhotos`: the move's photos. */
  mediaIds?: readonly string[];
}

/** The columns a move writes besides status and version. */
export interface CasePatch {
  registeredAt?: Date | null;
  dispatchedAt?: Date | null;
  lastFinishedAt?: Date | null;
  closedAt?: Date | null;
  ratedAt?: Date | null;
  unitId?: string | null;
  deadline?: Date | null;
  openRequest?: CaseRequest;
  requestedDeadline?: Date | null;
  inspectorId?: string | null;
  afterMediaIds?: string[];
  reworked?: true;
}

/** Applies a move's changes: the case's current requested deadline is what `deadline: 'requested'` approves. */
export function applyChanges(changes: CaseChanges, c: { requestedDeadline: Date | null }, values: ChangeValues, now: Date): CasePatch {
  const patch: CasePatch = {};
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`applyChanges: ${what} not given`);
    return v;
  };
  for (const i of changes.stamp ?? []) patch[i] = now;
  for (const i of changes.unstamp ?? []) patch[i] = null;
  if (changes.unit) patch.unitId = changes.unit === 'named' ? need(values.unitId, 'unitId') : null;
  if (changes.deadline === 'time-limit' || changes.deadline === 'resumed') patch.deadline = need(values.deadline, 'deadline');
  else if (changes.deadline === 'requested') patch.deadline = c.requestedDeadline;
  else if (changes.deadline === 'none') patch.deadline = null;
  if (changes.request === 'extension') {
    patch.openRequest = 'extension';
    patch.requestedDeadline = need(values.requestedDeadline, 'requestedDeadline');
  } else if (changes.request === 'return') patch.openRequest = 'return';
  else if (changes.request === 'none') {
    patch.openRequest = null;
    patch.requestedDeadline = null;
  }
  if (changes.inspector) patch.inspectorId = changes.inspector === 'named' ? need(values.inspectorId, 'inspectorId') : null;
  if (changes.afterPhotos) patch.afterMediaIds = [...(values.mediaIds ?? [])];
  if (changes.rework) patch.reworked = true;
  return patch;
}

/** A move as the history records it: the rule taken and the status reached. */
export interface CaseMove {
  action: CaseRule;
  to: CaseStatus;
}

/** The moves whose changes match: e.g. the ones that finish the unit's work, or 返工. */
export function movesWhere(p: (c: CaseChanges) => boolean, table: Record<CaseRule, TransitionRule> = CASE_TRANSITIONS): CaseMove[] {
  return (Object.keys(table) as CaseRule[]).flatMap((action) =>
    table[action].to.filter((to) => p(changesOf(action, to, table))).map((to) => ({ action, to })),
  );
}

/**
 * Validates the table: every status named exists, every status is reachable from `reported`,
 * every open status has a way out and no terminal one has, every to-do leads to an action its
 * role may take, a hidden status is in no to-do of someone who could not see it. Returns the
 * problems; the server refuses to start on any.
 */
export function validateTransitions(
  table: Record<CaseRule, TransitionRule> = CASE_TRANSITIONS,
  states: Record<CaseStatus, StatusRule> = CASE_STATES,
): string[] {
  const problems: string[] = [];
  const known = new Set<string>(CASE_STATUSES);
  for (const [action, rule] of Object.entries(table)) {
    for (const s of [...rule.from, ...rule.to]) if (!known.has(s)) problems.push(`${action}: unknown status ${s}`);
    if (rule.roles.length === 0) problems.push(`${action}: no role may take it`);
    for (const t of Object.keys(rule.changesTo ?? {}))
      if (!rule.to.includes(t as CaseStatus)) problems.push(`${action}: changes for ${t}, which it never leads to`);
  }
  for (const s of CASE_STATUSES) if (!states[s]) problems.push(`status ${s} has no rule`);
  if (problems.length) return problems;
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
  for (const s of CASE_STATUSES) {
    const exits = Object.values(table).some((r) => r.from.includes(s) && r.to.some((t) => t !== s));
    if (!states[s].terminal && !exits) problems.push(`open status ${s} has no way out`);
    if (states[s].terminal && exits) problems.push(`terminal status ${s} has a way out`);
    for (const t of states[s].todo) {
      const acts = Object.values(table).some((r) => !r.withReport && r.from.includes(s) && r.roles.includes(t.role));
      if (!acts) problems.push(`status ${s} is in the ${t.role} to-do, who can take no action on it`);
      if (states[s].seenBy !== 'everyone' && !CASE_READER_ROLES.includes(t.role))
        problems.push(`status ${s} is in the ${t.role} to-do, who may not see it`);
    }
  }
  return problems;
}

import { describe, expect, it } from '@jest/globals';
import {
  CASE_ACTIONS,
  CASE_STATES,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  DUE_STATUSES,
  FINISHED_STATUSES,
  HIDDEN_STATUSES,
  NEVER_OVERDUE_STATUSES,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  applyChanges,
  changesOf,
  decide,
  isOverdue,
  maySee,
  movesWhere,
  nextActions,
  requiredFields,
  todoStatuses,
  todoTask,
  validateTransitions,
  type Actor,
  type CaseFacts,
  type CaseStatus,
} from './cases.js';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'reported',
  reporterId: 'citizen-1',
  assignedUnitId: null,
  assignedInspectorId: null,
  openRequest: null,
  rated: false,
  ...over,
});
const operator: Actor = { id: 'op', roles: ['operator'] };
const dispatcher: Actor = { id: 'd', roles: ['dispatcher'] };
const handler: Actor = { id: 'h', roles: ['handler'], unitId: 'U1' };
const otherHandler: Actor = { id: 'h2', roles: ['handler'], unitId: 'U2' };
const inspector: Actor = { id: 'i', roles: ['inspector'] };
const citizen: Actor = { id: 'citizen-1', roles: ['citizen'] };

describe('case transition table', () => {
  it('is valid: every status exists, is reachable, and open ones have a way out', () => {
    expect(validateTransitions()).toEqual([]);
  });

  it('catches a broken table', () => {
    const broken = { ...CASE_TRANSITIONS, close: { ...CASE_TRANSITIONS.close, to: ['closd' as never] } };
    expect(validateTransitions(broken).join('\n')).toMatch(/unknown status closd/);
    const noClose = {
      ...CASE_TRANSITIONS,
      close: { ...CASE_TRANSITIONS.close, from: [] },
      'self-handle': { ...CASE_TRANSITIONS['self-handle'], from: [] },
    };
    expect(validateTransitions(noClose).join('\n')).toMatch(/status closed is unreachable/);
    const trap = {
      ...CASE_TRANSITIONS,
      resume: { ...CASE_TRANSITIONS.resume, from: [] },
      void: { ...CASE_TRANSITIONS.void, from: ['reported' as const] },
    };
    expect(validateTransitions(trap).join('\n')).toMatch(/open status pending has no way out/);
  });

  it('covers every action and status of the contract, and 自处理', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_ACTIONS, 'self-handle'].sort());
    expect(CASE_STATUSES).toHaveLength(11);
    expect(Object.keys(CASE_STATES).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it('runs the main path 上报 → 立案 → 派遣 → 处置 → 核查 → 结案', () => {
    expect(decide('register', facts(), operator)).toEqual({ ok: true, to: 'registered' });
    expect(decide('dispatch', facts({ status: 'registered' }), dispatcher)).toEqual({ ok: true, to: 'dispatched' });
    expect(decide('finish', facts({ status: 'dispatched', assignedUnitId: 'U1' }), handler)).toEqual({ ok: true, to: 'handled' });
    expect(decide('request-check', facts({ status: 'handled' }), operator)).toEqual({ ok: true, to: 'checking' });
    expect(decide('check', facts({ status: 'checking' }), inspector, { passed: true })).toEqual({ ok: true, to: 'checked' });
    expect(decide('check', facts({ status: 'checking' }), inspector, { passed: false })).toEqual({ ok: true, to: 'dispatched' });
    expect(decide('close', facts({ status: 'checked' }), operator)).toEqual({ ok: true, to: 'closed' });
  });

  it('answers FORBIDDEN for the wrong role or unit, TRANSITION_NOT_ALLOWED for the wrong status', () => {
    expect(decide('register', facts(), citizen)).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(decide('finish', facts({ status: 'dispatched', assignedUnitId: 'U1' }), otherHandler)).toEqual({
      ok: false,
      reason: 'FORBIDDEN',
    });
    expect(decide('close', facts({ status: 'reported' }), operator)).toEqual({ ok: false, reason: 'TRANSITION_NOT_ALLOWED' });
  });

  it('handles extension and return requests one at a time', () => {
    const d = facts({ status: 'dispatched', assignedUnitId: 'U1' });
    expect(nextActions(d, handler)).toEqual(['finish', 'request-extension', 'request-return']);
    expect(nextActions({ ...d, openRequest: 'extension' }, handler)).toEqual(['finish']);
    expect(nextActions({ ...d, openRequest: 'extension' }, dispatcher)).toEqual(['approve-extension', 'reject-extension']);
    expect(nextActions({ ...d, openRequest: 'return' }, dispatcher)).toEqual(['approve-return', 'reject-return']);
    expect(decide('approve-return', { ...d, openRequest: 'return' }, dispatcher)).toEqual({ ok: true, to: 'registered' });
  });

  it("refuses rating someone else's case with FORBIDDEN whatever its status (403 before 409)", () => {
    const other = { id: 'someone-else', roles: ['citizen'] as const };
    expect(decide('rate', facts({ status: 'dispatched' }), other)).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(decide('rate', facts({ status: 'closed' }), other)).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(decide('rate', facts({ status: 'dispatched' }), citizen)).toEqual({ ok: false, reason: 'TRANSITION_NOT_ALLOWED' });
  });

  it('lets only the reporter rate, once, after closure', () => {
    expect(nextActions(facts({ status: 'closed' }), citizen)).toEqual(['rate']);
    expect(nextActions(facts({ status: 'closed', rated: true }), citizen)).toEqual([]);
    expect(nextActions(facts({ status: 'closed' }), { id: 'someone-else', roles: ['citizen'] })).toEqual([]);
  });

  it('lets an operator void any open case but not a closed one', () => {
    for (const status of ['reported', 'registered', 'dispatched', 'pending'] as const)
      expect(decide('void', facts({ status }), operator).ok).toBe(true);
    expect(decide('void', facts({ status: 'closed' }), operator)).toEqual({ ok: false, reason: 'TRANSITION_NOT_ALLOWED' });
  });

  describe('a report filed with only a theme (issue 11, dead end 1)', () => {
    const themeOnly = facts({ categoryCode: null });

    it('asks 立案 for a category when the case has none, and only then', () => {
      expect(requiredFields('register', themeOnly)).toEqual(['categoryCode']);
      expect(requiredFields('register', facts({ categoryCode: '200102' }))).toEqual([]);
      // A caller that does not know the category (no categoryCode fact) is not asked for one.
      expect(requiredFields('register', facts())).toEqual([]);
      expect(requiredFields('dispatch', facts({ status: 'registered', categoryCode: null }))).toEqual(['unitId', 'categoryCode']);
      expect(requiredFields('dispatch', facts({ status: 'registered', categoryCode: '200102' }))).toEqual(['unitId']);
      expect(requiredFields('refuse', themeOnly)).toEqual(['reason']);
    });

    it('offers 修改类别 to the operator and the dispatcher until dispatch, keeping the status', () => {
      expect(nextActions(themeOnly, operator)).toEqual(['request-verify', 'register', 'refuse', 'recategorize', 'void']);
      expect(nextActions(facts({ status: 'registered', categoryCode: null }), dispatcher)).toEqual(['dispatch', 'recategorize']);
      for (const status of ['reported', 'verifying', 'registered'] as const) {
        for (const who of [operator, dispatcher]) expect(decide('recategorize', facts({ status }), who)).toEqual({ ok: true, to: status });
      }
      expect(requiredFields('recategorize', themeOnly)).toEqual(['categoryCode']);
    });

    it('offers it again after a return (回退) brings the case back to registered', () => {
      const returned = decide('approve-return', facts({ status: 'dispatched', openRequest: 'return' }), dispatcher);
      expect(returned).toEqual({ ok: true, to: 'registered' });
      expect(nextActions(facts({ status: 'registered' }), dispatcher)).toContain('recategorize');
    });

    it('refuses 修改类别 from dispatch on, and to everyone else', () => {
      for (const status of ['dispatched', 'handled', 'checking', 'checked', 'closed', 'pending', 'refused', 'voided'] as const)
        expect(decide('recategorize', facts({ status }), operator)).toEqual({ ok: false, reason: 'TRANSITION_NOT_ALLOWED' });
      for (const who of [handler, inspector, citizen])
        expect(decide('recategorize', facts(), who)).toEqual({ ok: false, reason: 'FORBIDDEN' });
    });
  });
});

/**
 * The facts below are written by hand from ../shared/docs/domain.md (Cases: Lifecycle, Indicators)
 * and api.md (Cases), never computed from the table under test.
 */
describe('status sets (domain.md, Indicators)', () => {
  // status: [terminal, finished (处置 done, the last finish stands), 应结案 when registered, never overdue, hidden from the public]
  const expected: Record<CaseStatus, [boolean, boolean, boolean, boolean, boolean]> = {
    reported: [false, false, true, false, false],
    verifying: [false, false, true, false, false],
    registered: [false, false, true, false, false],
    refused: [true, false, false, true, true],
    dispatched: [false, false, true, false, false],
    handled: [false, true, true, false, false],
    checking: [false, true, true, false, false],
    checked: [false, true, true, false, false],
    closed: [true, true, true, false, false],
    pending: [false, false, false, true, false],
    voided: [true, false, false, true, true],
  };
  const sets = [TERMINAL_STATUSES, FINISHED_STATUSES, DUE_STATUSES, NEVER_OVERDUE_STATUSES, HIDDEN_STATUSES];

  it.each(Object.entries(expected))('puts %s in exactly the sets domain.md says', (status, memberships) => {
    expect(sets.map((set) => set.includes(status as CaseStatus))).toEqual(memberships);
  });

  it('names the sets in full', () => {
    expect([...FINISHED_STATUSES].sort()).toEqual(['checked', 'checking', 'closed', 'handled']);
    expect([...NEVER_OVERDUE_STATUSES].sort()).toEqual(['pending', 'refused', 'voided']);
    expect([...HIDDEN_STATUSES].sort()).toEqual(['refused', 'voided']);
    expect([...TERMINAL_STATUSES].sort()).toEqual(['closed', 'refused', 'voided']);
    expect([...OPEN_STATUSES].sort()).toEqual([
      'checked',
      'checking',
      'dispatched',
      'handled',
      'pending',
      'registered',
      'reported',
      'verifying',
    ]);
  });

  it('finds 返工 in exactly one move: a failed check, back to dispatched', () => {
    expect(movesWhere((c) => !!c.rework)).toEqual([{ action: 'check', to: 'dispatched' }]);
  });

  it('finds the moves that finish the unit’s work (处置, 自处理) and those that set the unit or the deadline', () => {
    const sorted = (m: { action: string; to: string }[]) => m.map((x) => `${x.action}>${x.to}`).sort();
    expect(sorted(movesWhere((c) => !!c.stamp?.includes('lastFinishedAt')))).toEqual(['finish>handled', 'self-handle>closed']);
    expect(sorted(movesWhere((c) => !!c.unit))).toEqual(['approve-return>registered', 'dispatch>dispatched']);
    expect(sorted(movesWhere((c) => !!c.deadline))).toEqual([
      'approve-extension>dispatched',
      'approve-return>registered',
      'dispatch>dispatched',
      'resume>dispatched',
    ]);
  });
});

describe('isOverdue', () => {
  const deadline = new Date('2026-11-27T10:00:00Z');
  const before = new Date('2026-11-27T09:00:00Z');
  const after = new Date('2026-11-27T11:00:00Z');

  it('is false without a deadline', () => {
    expect(isOverdue({ status: 'registered', deadline: null, lastFinishedAt: null }, after)).toBe(false);
  });
  it('follows the clock while the case is being handled', () => {
    expect(isOverdue({ status: 'dispatched', deadline, lastFinishedAt: null }, before)).toBe(false);
    expect(isOverdue({ status: 'dispatched', deadline, lastFinishedAt: null }, after)).toBe(true);
  });
  it('judges a finished case by its last finish, whatever the clock says', () => {
    expect(isOverdue({ status: 'closed', deadline, lastFinishedAt: before }, after)).toBe(false);
    expect(isOverdue({ status: 'checking', deadline, lastFinishedAt: after }, after)).toBe(true);
    expect(isOverdue({ status: 'handled', deadline, lastFinishedAt: deadline }, after)).toBe(false);
  });
  it('is false for pending, refused and voided cases', () => {
    for (const status of ['pending', 'refused', 'voided'] as const)
      expect(isOverdue({ status, deadline, lastFinishedAt: null }, after)).toBe(false);
  });
  it('counts a reworked case that is open again by the clock', () => {
    expect(isOverdue({ status: 'dispatched', deadline, lastFinishedAt: before }, after)).toBe(true);
  });
});

describe('to-do by role (api.md, README: 工作台)', () => {
  it('gives each role the statuses it acts on', () => {
    expect(todoStatuses('operator')).toEqual(['reported', 'handled', 'checked']);
    expect(todoStatuses('dispatcher')).toEqual(['registered', 'dispatched']);
    expect(todoStatuses('handler')).toEqual(['dispatched']);
    expect(todoStatuses('inspector')).toEqual(['verifying', 'checking']);
    for (const role of ['citizen', 'evaluator', 'admin'] as const) expect(todoStatuses(role)).toEqual([]);
  });

  it('names the task for the person, the handler’s before the dispatcher’s', () => {
    expect(todoTask('reported', ['operator'])).toBe('待受理');
    expect(todoTask('handled', ['operator'])).toBe('待派发核查');
    expect(todoTask('checked', ['operator'])).toBe('待结案');
    expect(todoTask('registered', ['dispatcher'])).toBe('待派遣');
    expect(todoTask('verifying', ['inspector'])).toBe('待核实');
    expect(todoTask('checking', ['inspector'])).toBe('待核查');
    expect(todoTask('dispatched', ['handler'])).toBe('待处置');
    expect(todoTask('dispatched', ['dispatcher', 'handler'])).toBe('待处置');
    expect(todoTask('dispatched', ['dispatcher'])).toBe('待审批申请');
    expect(todoTask('dispatched', ['dispatcher'], 'extension')).toBe('待审批延期');
    expect(todoTask('dispatched', ['dispatcher'], 'return')).toBe('待审批回退');
    expect(todoTask('dispatched', ['dispatcher'], null)).toBe('处置单位处置中');
    expect(todoTask('closed', ['operator'])).toBeNull();
    expect(todoTask('reported', ['dispatcher'])).toBeNull();
  });
});

describe('who may see a case', () => {
  const reporter = { id: 'citizen-1', roles: ['citizen'] as const };
  const stranger = { id: 'someone', roles: ['citizen'] as const };
  it('shows refused and voided cases only to the reporter and the staff who read every case', () => {
    for (const status of ['refused', 'voided'] as const) {
      expect(maySee({ status, reporterId: 'citizen-1' }, null)).toBe(false);
      expect(maySee({ status, reporterId: 'citizen-1' }, stranger)).toBe(false);
      expect(maySee({ status, reporterId: 'citizen-1' }, { id: 'h', roles: ['handler'] })).toBe(false);
      expect(maySee({ status, reporterId: 'citizen-1' }, reporter)).toBe(true);
      for (const role of ['operator', 'dispatcher', 'inspector', 'evaluator', 'admin'] as const)
        expect(maySee({ status, reporterId: 'citizen-1' }, { id: 'x', roles: [role] })).toBe(true);
    }
  });
  it('shows every other status to everyone', () => {
    for (const status of ['reported', 'dispatched', 'pending', 'closed'] as const)
      expect(maySee({ status, reporterId: 'citizen-1' }, null)).toBe(true);
  });
});

describe('what each move changes', () => {
  const now = new Date('2026-11-27T02:00:00Z');
  const deadline = new Date('2026-11-27T06:00:00Z');
  const asked = new Date('2026-11-30T06:00:00Z');
  const apply = (rule: Parameters<typeof changesOf>[0], to: CaseStatus, values = {}, requested: Date | null = null) =>
    applyChanges(changesOf(rule, to), { requestedDeadline: requested }, values, now);

  it('立案 stamps the registration; 派遣 names the unit, the deadline and the dispatch, and answers any request', () => {
    expect(apply('register', 'registered')).toEqual({ registeredAt: now });
    expect(apply('dispatch', 'dispatched', { unitId: 'U1', deadline })).toEqual({
      unitId: 'U1',
      dispatchedAt: now,
      deadline,
      openRequest: null,
      requestedDeadline: null,
    });
  });

  it('处置 stamps the last finish with the after-photos; 结案 the closure; 评价 the rating', () => {
    expect(apply('finish', 'handled', { mediaIds: ['m1'] })).toEqual({ lastFinishedAt: now, afterMediaIds: ['m1'] });
    expect(apply('close', 'closed')).toEqual({ closedAt: now });
    expect(apply('rate', 'closed')).toEqual({ ratedAt: now });
  });

  it('延期: asked with its deadline, approved moves the deadline, refused changes nothing but the request', () => {
    expect(apply('request-extension', 'dispatched', { requestedDeadline: asked })).toEqual({
      openRequest: 'extension',
      requestedDeadline: asked,
    });
    expect(apply('approve-extension', 'dispatched', {}, asked)).toEqual({ deadline: asked, openRequest: null, requestedDeadline: null });
    expect(apply('reject-extension', 'dispatched', {}, asked)).toEqual({ openRequest: null, requestedDeadline: null });
  });

  it('回退: approved releases the unit and stops the clock until the next dispatch', () => {
    expect(apply('request-return', 'dispatched')).toEqual({ openRequest: 'return' });
    expect(apply('approve-return', 'registered')).toEqual({
      unitId: null,
      deadline: null,
      dispatchedAt: null,
      openRequest: null,
      requestedDeadline: null,
    });
    expect(apply('reject-return', 'dispatched')).toEqual({ openRequest: null, requestedDeadline: null });
  });

  it('核实/核查 are given to an inspector and released by their answer; a failed check is 返工', () => {
    expect(apply('request-verify', 'verifying', { inspectorId: 'i1' })).toEqual({ inspectorId: 'i1' });
    expect(apply('request-check', 'checking', { inspectorId: 'i1' })).toEqual({ inspectorId: 'i1' });
    expect(apply('verify', 'reported')).toEqual({ inspectorId: null });
    expect(apply('check', 'checked')).toEqual({ inspectorId: null });
    expect(apply('check', 'dispatched')).toEqual({ inspectorId: null, reworked: true });
  });

  it('挂账 changes nothing, 恢复 gives the time back, 作废 drops a waiting request', () => {
    expect(apply('pend', 'pending')).toEqual({});
    expect(apply('resume', 'dispatched', { deadline })).toEqual({ deadline });
    expect(apply('void', 'voided')).toEqual({ openRequest: null, requestedDeadline: null });
  });

  it('自处理 registers, finishes and closes at once with the after-photos, for an inspector only, never as an action', () => {
    expect(apply('self-handle', 'closed', { mediaIds: ['a1'] })).toEqual({
      registeredAt: now,
      lastFinishedAt: now,
      closedAt: now,
      afterMediaIds: ['a1'],
    });
    expect(decide('self-handle', facts(), inspector)).toEqual({ ok: true, to: 'closed' });
    expect(decide('self-handle', facts(), operator)).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(nextActions(facts(), inspector)).not.toContain('self-handle');
  });

  it('refuses to apply a change whose value is missing', () => {
    expect(() => apply('dispatch', 'dispatched', { deadline })).toThrow(/unitId/);
  });
});

describe('the table’s own checks', () => {
  it('catches a terminal status with a way out, a to-do nobody can act on, and a hidden case in a to-do', () => {
    const reopen = { ...CASE_TRANSITIONS, resume: { ...CASE_TRANSITIONS.resume, from: ['pending' as const, 'closed' as const] } };
    expect(validateTransitions(reopen).join('\n')).toMatch(/terminal status closed has a way out/);
    const idle = { ...CASE_STATES, pending: { ...CASE_STATES.pending, todo: [{ role: 'handler' as const, label: '待办' }] } };
    expect(validateTransitions(CASE_TRANSITIONS, idle).join('\n')).toMatch(
      /status pending is in the handler to-do, who can take no action/,
    );
    const seen = { ...CASE_STATES, dispatched: { ...CASE_STATES.dispatched, seenBy: 'reporter-and-staff' as const } };
    expect(validateTransitions(CASE_TRANSITIONS, seen).join('\n')).toMatch(/status dispatched is in the handler to-do, who may not see it/);
    const stray = { ...CASE_TRANSITIONS, close: { ...CASE_TRANSITIONS.close, changesTo: { dispatched: { rework: true as const } } } };
    expect(validateTransitions(stray).join('\n')).toMatch(/close: changes for dispatched, which it never leads to/);
  });
});

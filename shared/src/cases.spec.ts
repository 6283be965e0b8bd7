import { describe, expect, it } from '@jest/globals';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  decide,
  nextActions,
  requiredFields,
  validateTransitions,
  type Actor,
  type CaseFacts,
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
    const noClose = { ...CASE_TRANSITIONS, close: { ...CASE_TRANSITIONS.close, from: [] } };
    expect(validateTransitions(noClose).join('\n')).toMatch(/status closed is unreachable/);
    const trap = {
      ...CASE_TRANSITIONS,
      resume: { ...CASE_TRANSITIONS.resume, from: [] },
      void: { ...CASE_TRANSITIONS.void, from: ['reported' as const] },
    };
    expect(validateTransitions(trap).join('\n')).toMatch(/open status pending has no way out/);
  });

  it('covers every action and status of the contract', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_ACTIONS].sort());
    expect(CASE_STATUSES).toHaveLength(11);
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

import { describe, expect, it } from '@jest/globals';
import { CASE_ACTIONS } from '@xc/shared';
import { shortTime, whoHears, type CaseEvent } from './who-hears.js';

const base: CaseEvent = {
  kind: 'register',
  caseId: 'c1',
  caseNo: 'XC202611300001',
  reporterId: 'citizen-1',
  actorId: 'operator-1',
  unitId: 'unit-1',
  unitKind: '局',
  inspectorId: 'insp-1',
  deadline: '2026-11-30T08:00:00.000Z',
};
const ev = (kind: string, over: Partial<CaseEvent> = {}) => whoHears({ ...base, kind, ...over });
const who = (kind: string, over: Partial<CaseEvent> = {}) => ev(kind, over).map((n) => [JSON.stringify(n.audience), n.kind]);

describe('who hears what', () => {
  it('tells the reporter every milestone of their case, each once', () => {
    const reporterKinds = (kind: string, over: Partial<CaseEvent> = {}) =>
      ev(kind, over)
        .filter((n) => 'user' in n.audience && n.audience.user === 'citizen-1')
        .map((n) => n.kind);
    expect(reporterKinds('register')).toEqual(['registered']);
    expect(reporterKinds('refuse', { reason: 'duplicate' })).toEqual(['refused']);
    expect(reporterKinds('dispatch')).toEqual(['dispatched']);
    expect(reporterKinds('finish')).toEqual(['handled']);
    expect(reporterKinds('close')).toEqual(['closed']);
    expect(reporterKinds('void', { note: '信息有误' })).toEqual(['voided']);
    expect(reporterKinds('rate-reminder')).toEqual(['rate-reminder']);
  });

  it('says why a report is refused or voided, and to which kind of unit it went, never who', () => {
    expect(ev('refuse', { reason: 'duplicate' })[0].body).toContain('重复上报');
    expect(ev('void', { note: '经核实不存在' })[0].body).toContain('经核实不存在');
    const dispatched = ev('dispatch')[0];
    expect(dispatched.body).toContain('相关局');
    expect(dispatched.body).not.toContain('unit-1');
    expect(dispatched.wechat).toEqual({ template: 'progress', phrase: '已派遣' });
    expect(ev('close')[0].wechat?.template).toBe('closed');
    expect(ev('close')[0].body).toContain('评价');
  });

  it('tells the handling unit what it must act on', () => {
    expect(who('dispatch')).toContainEqual(['{"unit":"unit-1"}', 'assigned']);
    expect(who('check', { passed: false })).toEqual([['{"unit":"unit-1"}', 'returned']]);
    expect(who('check', { passed: true })).toEqual([]);
    expect(who('approve-extension')).toEqual([['{"unit":"unit-1"}', 'extension-approved']]);
    expect(who('reject-extension')).toEqual([['{"unit":"unit-1"}', 'extension-refused']]);
    expect(who('deadline-soon')).toEqual([['{"unit":"unit-1"}', 'deadline-soon']]);
    expect(who('overdue')).toEqual([
      ['{"unit":"unit-1"}', 'overdue'],
      ['{"role":"dispatcher"}', 'overdue'],
    ]);
  });

  it('gives inspectors their tasks and operators and dispatchers the work that waits', () => {
    expect(who('request-verify')).toEqual([['{"user":"insp-1"}', 'verify-assigned']]);
    expect(who('request-check')).toEqual([['{"user":"insp-1"}', 'check-assigned']]);
    expect(who('request-verify', { inspectorId: null })).toEqual([]);
    expect(who('report')).toEqual([['{"role":"operator"}', 'report-waiting']]);
    expect(who('finish')).toContainEqual(['{"role":"operator"}', 'check-waiting']);
    expect(who('register')).toContainEqual(['{"role":"dispatcher"}', 'dispatch-waiting']);
    expect(who('request-extension')).toEqual([['{"role":"dispatcher"}', 'request-waiting']]);
  });

  it('knows every action of the lifecycle (the quiet ones say nothing) and words everything in Chinese', () => {
    for (const action of CASE_ACTIONS) {
      for (const n of ev(action, { reason: 'invalid', passed: false })) {
        expect(n.title).toMatch(/[\u4e00-\u9fa5]/);
        expect(n.body).toContain(base.caseNo);
        expect(n.body.length).toBeLessThanOrEqual(300);
      }
    }
    expect(ev('recategorize')).toEqual([]);
    expect(ev('rate')).toEqual([]);
  });

  it('writes deadlines in Beijing time', () => {
    expect(shortTime('2026-11-30T08:00:00.000Z')).toBe('11月30日 16:00');
  });
});

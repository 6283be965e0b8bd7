import type { CaseHistoryDto, CaseStatus } from '@xc/shared';
import { STEPS, caseProgress } from './progress';

const move = (from: CaseStatus | null, to: CaseStatus, action: CaseHistoryDto['action']) => ({ from, to, action });
const states = (status: CaseStatus, history: ReturnType<typeof move>[] = []) => caseProgress(status, history).states;

describe('the step bar (上报 → 立案 → 派遣 → 处置 → 核查 → 结案)', () => {
  it('has the six steps of the standard', () => {
    expect(STEPS).toEqual(['上报', '立案', '派遣', '处置', '核查', '结案']);
  });

  it('ticks every step the case has reached, and marks the next one under way', () => {
    expect(states('reported')).toEqual(['done', 'current', 'todo', 'todo', 'todo', 'todo']);
    expect(states('verifying')).toEqual(['done', 'current', 'todo', 'todo', 'todo', 'todo']);
    // 已立案: 立案 is done (not "current"); 派遣 is what comes next.
    expect(states('registered')).toEqual(['done', 'done', 'current', 'todo', 'todo', 'todo']);
    expect(states('dispatched')).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
    expect(states('pending')).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
    expect(states('handled')).toEqual(['done', 'done', 'done', 'done', 'current', 'todo']);
    // 核查中: the check is asked for, not done.
    expect(states('checking')).toEqual(['done', 'done', 'done', 'done', 'current', 'todo']);
    // 核查通过 ticks 核查.
    expect(states('checked')).toEqual(['done', 'done', 'done', 'done', 'done', 'current']);
    expect(states('closed')).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
  });

  it('marks where a refused case stopped', () => {
    expect(caseProgress('refused', [move(null, 'reported', 'report'), move('reported', 'refused', 'refuse')])).toEqual({
      states: ['done', 'stopped', 'todo', 'todo', 'todo', 'todo'],
      stopped: '不予立案',
    });
  });

  it('keeps what a voided case had reached before it was voided', () => {
    // Registered, then voided: 立案 stays done.
    const registered = [move(null, 'reported', 'report'), move('reported', 'registered', 'register'), move('registered', 'voided', 'void')];
    expect(caseProgress('voided', registered)).toEqual({ states: ['done', 'done', 'stopped', 'todo', 'todo', 'todo'], stopped: '已作废' });
    // Dispatched, handled, sent back after a failed check (dispatched again), then voided.
    const reworked = [
      move(null, 'reported', 'report'),
      move('reported', 'registered', 'register'),
      move('registered', 'dispatched', 'dispatch'),
      move('dispatched', 'handled', 'finish'),
      move('handled', 'checking', 'request-check'),
      move('checking', 'dispatched', 'check'),
      move('dispatched', 'voided', 'void'),
    ];
    expect(states('voided', reworked)).toEqual(['done', 'done', 'done', 'stopped', 'todo', 'todo']);
    // Voided straight from 待受理.
    expect(states('voided', [move(null, 'reported', 'report'), move('reported', 'voided', 'void')])).toEqual([
      'done',
      'stopped',
      'todo',
      'todo',
      'todo',
      'todo',
    ]);
    // Without the void move in the history given: the furthest status the case had.
    expect(states('voided', [move(null, 'reported', 'report'), move('reported', 'registered', 'register')])).toEqual([
      'done',
      'done',
      'stopped',
      'todo',
      'todo',
      'todo',
    ]);
  });

  it('follows the status back after a return or a failed check', () => {
    // A return approved: back to 已立案, 派遣 is next again.
    expect(states('registered', [move('dispatched', 'registered', 'approve-return')])).toEqual([
      'done',
      'done',
      'current',
      'todo',
      'todo',
      'todo',
    ]);
    // 返工: dispatched again after a failed check, 处置 is under way again.
    expect(states('dispatched', [move('checking', 'dispatched', 'check')])).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
  });
});

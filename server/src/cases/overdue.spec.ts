import { describe, expect, it } from '@jest/globals';
import { isOverdue } from './overdue.js';

const deadline = new Date('2026-11-27T10:00:00Z');
const before = new Date('2026-11-27T09:00:00Z');
const after = new Date('2026-11-27T11:00:00Z');

describe('isOverdue', () => {
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
  });
  it('is false for pending, refused and voided cases', () => {
    for (const status of ['pending', 'refused', 'voided'] as const)
      expect(isOverdue({ status, deadline, lastFinishedAt: null }, after)).toBe(false);
  });
  it('counts a reworked case that is open again by the clock', () => {
    expect(isOverdue({ status: 'dispatched', deadline, lastFinishedAt: before }, after)).toBe(true);
  });
});

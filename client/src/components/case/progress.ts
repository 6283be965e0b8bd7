import type { CaseHistoryDto, CaseStatus } from '@xc/shared';

/**
 * The step bar of a case page (上报 → 立案 → 派遣 → 处置 → 核查 → 结案), derived in one place from
 * the status and the history, so that it tells what the status tag tells: a step reached is
 * ticked, the next one is under way, and a case that stopped (不予立案, 作废) shows where.
 */

export const STEPS = ['上报', '立案', '派遣', '处置', '核查', '结案'] as const;

export type StepState = 'done' | 'current' | 'stopped' | 'todo';

export interface CaseProgress {
  states: StepState[];
  /** Why the bar stops, when it does. */
  stopped: '不予立案' | '已作废' | null;
}

/** The last step each status has reached (its index in STEPS). Voided: from the history. */
const REACHED: Record<Exclude<CaseStatus, 'voided'>, number> = {
  reported: 0,
  verifying: 0,
  refused: 0,
  registered: 1,
  dispatched: 2,
  pending: 2,
  // 派发核查 asks for the check; the check itself is not done until 核查通过.
  handled: 3,
  checking: 3,
  checked: 4,
  closed: 5,
};

function reachedBeforeVoid(history: readonly Pick<CaseHistoryDto, 'action' | 'from' | 'to'>[]): number {
  const voidMove = [...history].reverse().find((h) => h.to === 'voided');
  const from = voidMove?.from;
  if (from && from !== 'voided') return REACHED[from];
  // No void move in the history given: the furthest status the case ever had.
  return Math.max(0, ...history.filter((h) => h.to !== 'voided').map((h) => REACHED[h.to as Exclude<CaseStatus, 'voided'>]));
}

export function caseProgress(status: CaseStatus, history: readonly Pick<CaseHistoryDto, 'action' | 'from' | 'to'>[] = []): CaseProgress {
  const last = STEPS.length - 1;
  if (status === 'closed') return { states: STEPS.map(() => 'done'), stopped: null };
  const stopped = status === 'refused' ? '不予立案' : status === 'voided' ? '已作废' : null;
  const reached = status === 'voided' ? reachedBeforeVoid(history) : REACHED[status];
  const states = STEPS.map((_, i): StepState => {
    if (i <= reached) return 'done';
    if (i === reached + 1 && i <= last) return stopped ? 'stopped' : 'current';
    return 'todo';
  });
  return { states, stopped };
}

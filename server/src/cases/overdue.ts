import type { CaseStatus } from '@xc/shared';

/** Statuses in which the handler's work is done (the last `finish` stands). */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['handled', 'checking', 'checked', 'closed'];
/** Statuses that can never be overdue: out of the workflow, or pending (挂账, long-term). */
const NEVER_OVERDUE: readonly CaseStatus[] = ['refused', 'voided', 'pending'];

/**
 * Overdue (超期) is derived, never stored: a finished case whose last finish came after the
 * deadline, or an unfinished one whose deadline has passed at `now`.
 */
export function isOverdue(c: { status: CaseStatus; deadline: Date | null; lastFinishedAt: Date | null }, now: Date): boolean {
  if (!c.deadline || NEVER_OVERDUE.includes(c.status)) return false;
  if (FINISHED_STATUSES.includes(c.status)) return !!c.lastFinishedAt && c.lastFinishedAt > c.deadline;
  return now > c.deadline;
}

/** The same rule as SQL, for filters and aggregates (`:now` bound by the caller; column prefix `p`). */
export function overdueSql(p = 'c', now = ':now'): string {
  const finished = FINISHED_STATUSES.map((s) => `'${s}'`).join(',');
  const never = NEVER_OVERDUE.map((s) => `'${s}'`).join(',');
  return `(${p}.deadline IS NOT NULL AND ${p}.status NOT IN (${never}) AND ((${p}.status IN (${finished}) AND ${p}.last_finished_at > ${p}.deadline) OR (${p}.status NOT IN (${finished}) AND ${p}.deadline < ${now})))`;
}

import {
  CASE_STATUS_LABELS,
  WORKBENCH_ROLES,
  todoStatuses,
  todoTask,
  type CaseRequest,
  type CaseStatus,
  type CaseSummaryDto,
  type Role,
} from '@xc/shared';

/** Pure helpers of the 工作台: the to-do's order, its counts, what each role's to-do holds. */

const far = Number.MAX_SAFE_INTEGER;

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : far;
}

/**
 * Overdue first (the longest overdue on top), then by deadline (soonest first), then cases
 * without a deadline, the longest waiting first.
 */
export function sortTodo<T extends Pick<CaseSummaryDto, 'overdue' | 'deadline' | 'reportedAt' | 'id'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    const d = time(a.deadline) - time(b.deadline);
    if (d !== 0) return d;
    const r = time(a.reportedAt) - time(b.reportedAt);
    if (r !== 0) return r;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** The statuses each role finds in its to-do: the lifecycle table's (the server decides, this only labels). */
export const TODO_STATUSES: Partial<Record<Role, CaseStatus[]>> = Object.fromEntries(WORKBENCH_ROLES.map((r) => [r, todoStatuses(r)]));

/** What the to-do holds, one line per role, for the header (beside the table in @xc/shared). */
export { TODO_HINTS } from '@xc/shared';

/**
 * Status labels as the to-do names them (the table's tasks), else the status's own label. 已派遣
 * reaches a dispatcher's to-do only while a request waits: with the case at hand (`openRequest`
 * given) the label names that request, or says the unit is at work when none waits; without it (a
 * filter of the to-do) it names the requests.
 */
export function todoLabel(status: CaseStatus, roles: readonly Role[], openRequest?: CaseRequest): string {
  return todoTask(status, roles, openRequest) ?? CASE_STATUS_LABELS[status];
}

/**
 * The task line above a case (a card, the case page): what this person is to do with it, or null
 * when that would only repeat the status tag beside it (待受理 / 待受理).
 */
export function taskLine(item: Pick<CaseSummaryDto, 'status'> & { openRequest?: CaseRequest }, roles: readonly Role[]): string | null {
  const label = todoLabel(item.status, roles, item.openRequest ?? null);
  return label === CASE_STATUS_LABELS[item.status] ? null : label;
}

export interface TodoCounts {
  total: number;
  overdue: number;
  byStatus: Partial<Record<CaseStatus, number>>;
  /** The count stopped at the page limit: show `n+`. */
  truncated: boolean;
}

export function countTodo(items: readonly Pick<CaseSummaryDto, 'status' | 'overdue'>[], truncated = false): TodoCounts {
  const byStatus: Partial<Record<CaseStatus, number>> = {};
  let overdue = 0;
  for (const i of items) {
    byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
    if (i.overdue) overdue++;
  }
  return { total: items.length, overdue, byStatus, truncated };
}

/** The role(s) that make someone staff, in the order a badge shows them. */
export const STAFF_BADGE_ORDER: Role[] = ['operator', 'dispatcher', 'handler', 'inspector', 'evaluator', 'admin'];

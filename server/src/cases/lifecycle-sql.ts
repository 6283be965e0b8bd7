import {
  CASE_STATES,
  CASE_STATUSES,
  DUE_STATUSES,
  FINISHED_STATUSES,
  HIDDEN_STATUSES,
  NEVER_OVERDUE_STATUSES,
  ROLES,
  movesWhere,
  type CaseChanges,
  type CaseMove,
  type CaseStatus,
  type Role,
  type TodoRule,
} from '@xc/shared';

/**
 * The lifecycle's facts as SQL conditions, built from the shared table (CASE_STATES,
 * CASE_TRANSITIONS) and nothing else. Statuses and action names are the table's own constants,
 * written as literals; values from callers are always bound parameters.
 */

const literals = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

/** `col IN (…)`; never true for an empty set. */
export function statusIn(col: string, statuses: readonly CaseStatus[]): string {
  return statuses.length ? `${col} IN (${literals(statuses)})` : '1 = 0';
}

/** `col NOT IN (…)`; always true for an empty set. */
function statusNotIn(col: string, statuses: readonly CaseStatus[]): string {
  return statuses.length ? `${col} NOT IN (${literals(statuses)})` : '1 = 1';
}

/**
 * Overdue (isOverdue in @xc/shared) over any columns: a finished case whose last finish came after
 * the deadline, an unfinished one whose deadline is before `now` (an expression or a parameter).
 */
export function overdueSql(cols: { status: string; deadline: string; lastFinished: string }, now: string): string {
  const { status, deadline, lastFinished } = cols;
  return (
    `(${deadline} IS NOT NULL AND ${statusNotIn(status, NEVER_OVERDUE_STATUSES)} AND ` +
    `((${statusIn(status, FINISHED_STATUSES)} AND ${lastFinished} > ${deadline}) OR ` +
    `(${statusNotIn(status, FINISHED_STATUSES)} AND ${deadline} < ${now})))`
  );
}

/** Overdue on the `cases` table (alias `p`), at the bound parameter `now`. */
export function caseOverdueSql(p = 'c', now = ':now'): string {
  return overdueSql({ status: `${p}.status`, deadline: `${p}.deadline`, lastFinished: `${p}.last_finished_at` }, now);
}

/** A status that counts in 应结案 (for a case registered in the month). */
export function dueSql(statusCol: string): string {
  return statusIn(statusCol, DUE_STATUSES);
}

/** Cases everyone may see (the others only their reporter and the staff who read every case). */
export function publicSql(p = 'c'): string {
  return statusNotIn(`${p}.status`, HIDDEN_STATUSES);
}

/** History rows (alias `h`) of these moves: the action, and the status it reached where the action can reach others. */
export function movesSql(moves: readonly CaseMove[], h = 'h'): string {
  if (!moves.length) return '1 = 0';
  const byAction = new Map<string, CaseStatus[]>();
  for (const m of moves) byAction.set(m.action, [...(byAction.get(m.action) ?? []), m.to]);
  return `(${[...byAction].map(([action, to]) => `(${h}.action = '${action}' AND ${statusIn(`${h}.to_status`, to)})`).join(' OR ')})`;
}

/** The history rows of the moves whose changes match (e.g. those that finish the unit's work). */
export function changedBySql(p: (c: CaseChanges) => boolean, h = 'h'): string {
  return movesSql(movesWhere(p), h);
}

/** 返工: a history row of a move that sends the case back to the unit. */
export function reworkSql(h = 'h'): string {
  return changedBySql((c) => !!c.rework, h);
}

type TodoCondition = NonNullable<TodoRule['when']> | 'always';

/** For each of the person's roles, the statuses of its to-do by the condition they hold on. */
function todoParts(roles: readonly Role[]): { role: Role; when: TodoCondition; statuses: CaseStatus[] }[] {
  const parts: { role: Role; when: TodoCondition; statuses: CaseStatus[] }[] = [];
  for (const role of ROLES) {
    if (!roles.includes(role)) continue;
    for (const status of CASE_STATUSES)
      for (const t of CASE_STATES[status].todo) {
        if (t.role !== role) continue;
        const when = t.when ?? 'always';
        const part = parts.find((x) => x.role === role && x.when === when);
        if (part) part.statuses.push(status);
        else parts.push({ role, when, statuses: [status] });
      }
  }
  return parts;
}

/** Whether the person's to-do depends on the grids they patrol (an inspector's). */
export function todoNeedsGrids(roles: readonly Role[]): boolean {
  return todoParts(roles).some((p) => p.when === 'assigned-or-own-grid');
}

/**
 * The person's to-do as one condition on `cases` (alias `p`) with its parameters; null when no
 * role of theirs has one (a handler without a unit has none).
 */
export function todoSql(
  actor: { id: string; roles: readonly Role[]; unitId?: string | null },
  grids: readonly string[],
  p = 'c',
): { sql: string; params: Record<string, unknown> } | null {
  const params: Record<string, unknown> = {};
  const conditions: Record<TodoCondition, () => string | null> = {
    always: () => '1 = 1',
    'open-request': () => `${p}.open_request IS NOT NULL`,
    'own-unit': () => {
      if (!actor.unitId) return null;
      params.todoUnit = actor.unitId;
      return `${p}.unit_id = :todoUnit`;
    },
    'assigned-or-own-grid': () => {
      params.todoMe = actor.id;
      if (!grids.length) return `${p}.inspector_id = :todoMe`;
      params.todoGrids = [...grids];
      return `(${p}.inspector_id = :todoMe OR (${p}.inspector_id IS NULL AND ${p}.grid_code IN (:...todoGrids)))`;
    },
  };
  const parts = todoParts(actor.roles).flatMap(({ when, statuses }) => {
    const condition = conditions[when]();
    if (condition === null) return [];
    const status = statusIn(`${p}.status`, statuses);
    return [when === 'always' ? status : `(${status} AND ${condition})`];
  });
  return parts.length ? { sql: `(${parts.join(' OR ')})`, params } : null;
}

export const ROLES = ['citizen', 'inspector', 'operator', 'dispatcher', 'handler', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '市民',
  inspector: '网格巡查监督员',
  operator: '受理员',
  dispatcher: '派遣员',
  handler: '处置单位',
  evaluator: '考评管理员',
  admin: '系统管理员',
};

/** Staff roles (everyone but citizens). */
export const STAFF_ROLES: readonly Role[] = ['inspector', 'operator', 'dispatcher', 'handler', 'evaluator', 'admin'];

export const PATROL_ROLES = ['grid_leader', 'supervisor_l3', 'grid_manager'] as const;
export type PatrolRole = (typeof PATROL_ROLES)[number];

export const PATROL_ROLE_LABELS: Record<PatrolRole, string> = {
  grid_leader: '网格长',
  supervisor_l3: '三级网格巡查监督员',
  grid_manager: '网格管理员',
};

export function isStaff(roles: readonly Role[]): boolean {
  return roles.some((r) => STAFF_ROLES.includes(r));
}

/**
 * Roles with a to-do in the 工作台. Evaluators and admins have none there (their work is the
 * evaluation and the reference data), so they get no 工作台 tile that would lead to 没有待办.
 */
export const WORKBENCH_ROLES: readonly Role[] = ['inspector', 'operator', 'dispatcher', 'handler'];

export function hasWorkbench(roles: readonly Role[]): boolean {
  return roles.some((r) => WORKBENCH_ROLES.includes(r));
}

import type { PatrolRole, Role } from '@xc/shared';
import { GRIDS, UNITS } from './reference/index.js';

export interface DemoUser {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  unitId?: string;
  patrolRole?: PatrolRole;
  gridCodes?: string[];
}

function unitId(name: string): string {
  const unit = UNITS.find((u) => u.name === name);
  if (!unit) throw new Error(`demo seed: unit ${name} missing from reference data`);
  return unit.code;
}

const WEIDU = '411002';
/** The demo inspector patrols the first two grids of 魏都区. */
const inspectorGrids = GRIDS.filter((g) => g.districtCode === WEIDU)
  .slice(0, 2)
  .map((g) => g.code);

/** The demo accounts of the contract (../shared/docs/api.md, Accounts). Fixed ids keep seeding idempotent. */
export const DEMO_USERS: DemoUser[] = [
  { id: '00000000-0000-4000-8000-000000000001', username: 'demo-citizen', name: '演示市民', roles: ['citizen'] },
  { id: '00000000-0000-4000-8000-000000000002', username: 'demo-citizen-2', name: '演示市民二', roles: ['citizen'] },
  {
    id: '00000000-0000-4000-8000-000000000003',
    username: 'demo-inspector',
    name: '演示网格员',
    roles: ['inspector'],
    patrolRole: 'supervisor_l3',
    gridCodes: inspectorGrids,
  },
  { id: '00000000-0000-4000-8000-000000000004', username: 'demo-operator', name: '演示受理员', roles: ['operator'] },
  { id: '00000000-0000-4000-8000-000000000005', username: 'demo-dispatcher', name: '演示派遣员', roles: ['dispatcher'] },
  {
    id: '00000000-0000-4000-8000-000000000006',
    username: 'demo-handler',
    name: '演示处置员（魏都区）',
    roles: ['handler'],
    unitId: unitId('魏都区'),
  },
  {
    id: '00000000-0000-4000-8000-000000000007',
    username: 'demo-handler-2',
    name: '演示处置员（建安区）',
    roles: ['handler'],
    unitId: unitId('建安区'),
  },
  { id: '00000000-0000-4000-8000-000000000008', username: 'demo-evaluator', name: '演示考评员', roles: ['evaluator'] },
  { id: '00000000-0000-4000-8000-000000000009', username: 'demo-admin', name: '演示管理员', roles: ['admin'] },
];

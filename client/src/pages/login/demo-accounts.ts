/** The server's demo accounts (shared/docs/api.md, Accounts), offered by the H5 demo picker. */
export interface DemoAccount {
  username: string;
  label: string;
  note?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'demo-citizen', label: '市民' },
  { username: 'demo-citizen-2', label: '市民' },
  { username: 'demo-inspector', label: '网格巡查监督员', note: '魏都区网格' },
  { username: 'demo-operator', label: '受理员' },
  { username: 'demo-dispatcher', label: '派遣员' },
  { username: 'demo-handler', label: '处置单位', note: '魏都区' },
  { username: 'demo-handler-2', label: '处置单位', note: '建安区' },
  { username: 'demo-evaluator', label: '考评管理员' },
  { username: 'demo-admin', label: '系统管理员' },
];

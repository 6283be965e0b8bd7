import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '@xc/shared';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', ...ROLES];

/**
 * Every endpoint × every caller → the expected status, from this one table. Protected routes are
 * called with an empty body, so a caller who passes authorisation gets 400 (validation), never a
 * side effect; a route added without a row here fails the coverage test below.
 */
const PUBLIC_OK = {
  anonymous: 200,
  citizen: 200,
  inspector: 200,
  operator: 200,
  dispatcher: 200,
  handler: 200,
  evaluator: 200,
  admin: 200,
} as const;
const ANY_USER = (status: number) => ({
  anonymous: 401,
  citizen: status,
  inspector: status,
  operator: status,
  dispatcher: status,
  handler: status,
  evaluator: status,
  admin: status,
});
const ADMIN_ONLY = {
  anonymous: 401,
  citizen: 403,
  inspector: 403,
  operator: 403,
  dispatcher: 403,
  handler: 403,
  evaluator: 403,
  admin: 400,
} as const;
const EVALUATOR_ONLY = (status: number) => ({
  anonymous: 401,
  citizen: 403,
  inspector: 403,
  operator: 403,
  dispatcher: 403,
  handler: 403,
  evaluator: status,
  admin: 403,
});
const INSPECTOR_ONLY = {
  anonymous: 401,
  citizen: 403,
  inspector: 400,
  operator: 403,
  dispatcher: 403,
  handler: 403,
  evaluator: 403,
  admin: 403,
} as const;
const PUBLIC_POST_400 = {
  anonymous: 400,
  citizen: 400,
  inspector: 400,
  operator: 400,
  dispatcher: 400,
  handler: 400,
  evaluator: 400,
  admin: 400,
} as const;

interface Row {
  route: string; // METHOD /path as registered
  url: string; // a concrete URL to call
  expect: Record<Who, number>;
  /** The call ends the caller's sign-in: log in again before the next row. */
  signsOut?: boolean;
}

let gridCode = '';
let unitId = '';
const rows = (): Row[] => [
  { route: 'GET /api/health', url: '/api/health', expect: PUBLIC_OK },
  { route: 'GET /api/health/ready', url: '/api/health/ready', expect: PUBLIC_OK },
  { route: 'GET /api/v1/admin/jobs', url: '/api/v1/admin/jobs?state=failed', expect: { ...ADMIN_ONLY, admin: 200 } },
  { route: 'POST /api/v1/auth/wechat', url: '/api/v1/auth/wechat', expect: PUBLIC_POST_400 },
  { route: 'POST /api/v1/auth/demo', url: '/api/v1/auth/demo', expect: PUBLIC_POST_400 },
  { route: 'POST /api/v1/auth/refresh', url: '/api/v1/auth/refresh', expect: PUBLIC_POST_400 },
  { route: 'GET /api/v1/me', url: '/api/v1/me', expect: ANY_USER(200) },
  { route: 'POST /api/v1/admin/users', url: '/api/v1/admin/users', expect: ADMIN_ONLY },
  {
    route: 'PATCH /api/v1/admin/users/:id',
    url: '/api/v1/admin/users/00000000-0000-4000-8000-000000000001',
    expect: { ...ADMIN_ONLY, admin: 200 },
  },
  { route: 'GET /api/v1/evaluation-groups', url: '/api/v1/evaluation-groups', expect: PUBLIC_OK },
  { route: 'GET /api/v1/units/:id', url: `/api/v1/units/${unitId}`, expect: PUBLIC_OK },
  { route: 'POST /api/v1/admin/units', url: '/api/v1/admin/units', expect: ADMIN_ONLY },
  { route: 'PATCH /api/v1/admin/units/:id', url: `/api/v1/admin/units/${unitId}`, expect: { ...ADMIN_ONLY, admin: 200 } },
  { route: 'PUT /api/v1/admin/units/:id/group', url: `/api/v1/admin/units/${unitId}/group`, expect: ADMIN_ONLY },
  { route: 'GET /api/v1/grids/locate', url: '/api/v1/grids/locate', expect: PUBLIC_POST_400 },
  { route: 'GET /api/v1/grids/:code', url: `/api/v1/grids/${gridCode}`, expect: PUBLIC_OK },
  { route: 'GET /api/v1/divisions', url: '/api/v1/divisions', expect: PUBLIC_OK },
  { route: 'POST /api/v1/admin/grids', url: '/api/v1/admin/grids', expect: ADMIN_ONLY },
  { route: 'PATCH /api/v1/admin/grids/:code', url: `/api/v1/admin/grids/${gridCode}`, expect: { ...ADMIN_ONLY, admin: 200 } },
  { route: 'GET /api/v1/categories', url: '/api/v1/categories', expect: PUBLIC_OK },
  { route: 'POST /api/v1/admin/categories', url: '/api/v1/admin/categories', expect: ADMIN_ONLY },
  { route: 'PATCH /api/v1/admin/categories/:code', url: '/api/v1/admin/categories/100101', expect: { ...ADMIN_ONLY, admin: 200 } },
  { route: 'GET /api/v1/calendar/deadline', url: '/api/v1/calendar/deadline', expect: PUBLIC_POST_400 },
  { route: 'GET /api/v1/calendar/:year', url: '/api/v1/calendar/2026', expect: PUBLIC_OK },
  { route: 'PUT /api/v1/admin/calendar/:year', url: '/api/v1/admin/calendar/2026', expect: ADMIN_ONLY },
  { route: 'POST /api/v1/media', url: '/api/v1/media', expect: ANY_USER(400) },
  {
    route: 'PATCH /api/v1/media/:id',
    url: '/api/v1/media/00000000-0000-4000-8000-0000000000ff',
    expect: { ...ADMIN_ONLY, operator: 400, dispatcher: 400 },
  },
  { route: 'POST /api/v1/cases', url: '/api/v1/cases', expect: ANY_USER(400) },
  { route: 'GET /api/v1/cases/duplicates', url: '/api/v1/cases/duplicates', expect: PUBLIC_POST_400 },
  { route: 'GET /api/v1/cases', url: '/api/v1/cases', expect: PUBLIC_OK },
  { route: 'GET /api/v1/cases/counts', url: '/api/v1/cases/counts', expect: PUBLIC_OK },
  { route: 'GET /api/v1/staff', url: '/api/v1/staff?role=inspector', expect: { ...ANY_USER(200), citizen: 403 } },
  {
    route: 'GET /api/v1/cases/:id',
    url: '/api/v1/cases/00000000-0000-4000-8000-00000000dead',
    expect: { anonymous: 404, citizen: 404, inspector: 404, operator: 404, dispatcher: 404, handler: 404, evaluator: 404, admin: 404 },
  },
  {
    route: 'GET /api/v1/cases/:id/default-inspector',
    url: '/api/v1/cases/00000000-0000-4000-8000-00000000dead/default-inspector',
    expect: { anonymous: 401, citizen: 403, inspector: 403, operator: 404, dispatcher: 403, handler: 403, evaluator: 403, admin: 403 },
  },
  { route: 'POST /api/v1/cases/:id/actions', url: '/api/v1/cases/00000000-0000-4000-8000-00000000dead/actions', expect: ANY_USER(404) },
  { route: 'GET /api/v1/stats/monthly', url: '/api/v1/stats/monthly', expect: PUBLIC_OK },
  // Patrols: inspectors only (the owner; 404 for a patrol that is not theirs or does not exist); compliance for staff.
  { route: 'POST /api/v1/patrols', url: '/api/v1/patrols', expect: { ...INSPECTOR_ONLY, inspector: 201 } },
  {
    route: 'POST /api/v1/patrols/:id/points',
    url: '/api/v1/patrols/00000000-0000-4000-8000-00000000dead/points',
    expect: { ...INSPECTOR_ONLY, inspector: 404 },
  },
  {
    route: 'POST /api/v1/patrols/:id/finish',
    url: '/api/v1/patrols/00000000-0000-4000-8000-00000000dead/finish',
    expect: { ...INSPECTOR_ONLY, inspector: 404 },
  },
  {
    route: 'GET /api/v1/patrols/:id',
    url: '/api/v1/patrols/00000000-0000-4000-8000-00000000dead',
    expect: { ...INSPECTOR_ONLY, inspector: 404 },
  },
  { route: 'GET /api/v1/patrols/mine/week', url: '/api/v1/patrols/mine/week', expect: { ...INSPECTOR_ONLY, inspector: 200 } },
  { route: 'GET /api/v1/patrols/compliance', url: '/api/v1/patrols/compliance', expect: { ...ANY_USER(200), citizen: 403 } },
  // Evaluation writes on a month without members (2020-01): authorised callers get 400/404/409, never a side effect.
  { route: 'PUT /api/v1/evaluations/:month/scores', url: '/api/v1/evaluations/2020-01/scores', expect: EVALUATOR_ONLY(400) },
  { route: 'PUT /api/v1/evaluations/:month/figures', url: '/api/v1/evaluations/2020-01/figures', expect: EVALUATOR_ONLY(400) },
  { route: 'PUT /api/v1/evaluations/:month/wording', url: '/api/v1/evaluations/2020-01/wording', expect: EVALUATOR_ONLY(400) },
  { route: 'POST /api/v1/evaluations/:month/compute', url: '/api/v1/evaluations/2020-01/compute', expect: EVALUATOR_ONLY(400) },
  { route: 'POST /api/v1/evaluations/:month/deductions', url: '/api/v1/evaluations/2020-01/deductions', expect: EVALUATOR_ONLY(400) },
  { route: 'GET /api/v1/evaluations/:month/deductions', url: '/api/v1/evaluations/2020-01/deductions', expect: EVALUATOR_ONLY(200) },
  {
    route: 'DELETE /api/v1/evaluations/:month/deductions/:id',
    url: '/api/v1/evaluations/2020-01/deductions/nope',
    expect: EVALUATOR_ONLY(404),
  },
  { route: 'POST /api/v1/evaluations/:month/publish', url: '/api/v1/evaluations/2020-01/publish', expect: EVALUATOR_ONLY(409) },
  { route: 'GET /api/v1/evaluations/:month', url: '/api/v1/evaluations/2020-01', expect: EVALUATOR_ONLY(200) },
  { route: 'GET /api/v1/rankings', url: '/api/v1/rankings', expect: PUBLIC_OK },
  { route: 'GET /api/v1/rankings/:month', url: '/api/v1/rankings/2023-02', expect: PUBLIC_OK },
  { route: 'GET /api/v1/rankings/:month/bulletin', url: '/api/v1/rankings/2023-02/bulletin', expect: PUBLIC_OK },
  { route: 'GET /api/v1/rankings/:month/units/:unitId', url: '/api/v1/rankings/2023-02/units/county-411025', expect: PUBLIC_OK },
  { route: 'GET /api/v1/units/:unitId/trend', url: '/api/v1/units/county-411025/trend', expect: PUBLIC_OK },
  { route: 'GET /api/open311/v2/discovery.:format', url: '/api/open311/v2/discovery.xml', expect: PUBLIC_OK },
  { route: 'GET /api/open311/v2/services.:format', url: '/api/open311/v2/services.json', expect: PUBLIC_OK },
  { route: 'GET /api/open311/v2/services/:code.:format', url: '/api/open311/v2/services/200102.json', expect: PUBLIC_OK },
  { route: 'GET /api/open311/v2/requests.:format', url: '/api/open311/v2/requests.json', expect: PUBLIC_OK },
  {
    route: 'GET /api/open311/v2/requests/:id.:format',
    url: '/api/open311/v2/requests/XC000000000000.json',
    expect: { anonymous: 404, citizen: 404, inspector: 404, operator: 404, dispatcher: 404, handler: 404, evaluator: 404, admin: 404 },
  },
  // Open to api keys too: without a key or a token, 403 (GeoReport v2: api_key not provided).
  { route: 'POST /api/open311/v2/requests.:format', url: '/api/open311/v2/requests.json', expect: { ...ANY_USER(400), anonymous: 403 } },
  { route: 'POST /api/v1/admin/open311-keys', url: '/api/v1/admin/open311-keys', expect: ADMIN_ONLY },
  { route: 'GET /api/v1/admin/open311-keys', url: '/api/v1/admin/open311-keys', expect: { ...ADMIN_ONLY, admin: 200 } },
  {
    route: 'DELETE /api/v1/admin/open311-keys/:id',
    url: '/api/v1/admin/open311-keys/00000000-0000-4000-8000-00000000dead',
    expect: { ...ADMIN_ONLY, admin: 404 },
  },
  { route: 'POST /api/v1/auth/logout', url: '/api/v1/auth/logout', expect: ANY_USER(204), signsOut: true },
  { route: 'POST /api/v1/auth/logout-all', url: '/api/v1/auth/logout-all', expect: ANY_USER(204), signsOut: true },
  // Notifications (issue 14): everyone's own 消息中心; the event stream with a bad ticket is 401 for all.
  { route: 'GET /api/v1/messages', url: '/api/v1/messages', expect: ANY_USER(200) },
  { route: 'GET /api/v1/messages/unread-count', url: '/api/v1/messages/unread-count', expect: ANY_USER(200) },
  { route: 'POST /api/v1/messages/read', url: '/api/v1/messages/read', expect: ANY_USER(400) },
  { route: 'POST /api/v1/subscriptions', url: '/api/v1/subscriptions', expect: ANY_USER(400) },
  { route: 'GET /api/v1/admin/deliveries', url: '/api/v1/admin/deliveries', expect: { ...ADMIN_ONLY, admin: 200 } },
  { route: 'POST /api/v1/events/ticket', url: '/api/v1/events/ticket', expect: ANY_USER(200) },
  { route: 'GET /api/v1/events', url: '/api/v1/events?ticket=not-a-ticket', expect: { ...ANY_USER(401) } },
  // Personal information: the policies are public; consent, phone and export are the caller's own.
  { route: 'GET /api/v1/policies/privacy', url: '/api/v1/policies/privacy', expect: PUBLIC_OK },
  { route: 'GET /api/v1/policies/terms', url: '/api/v1/policies/terms', expect: PUBLIC_OK },
  { route: 'POST /api/v1/admin/policies', url: '/api/v1/admin/policies', expect: ADMIN_ONLY },
  { route: 'POST /api/v1/me/consents', url: '/api/v1/me/consents', expect: ANY_USER(400) },
  { route: 'PUT /api/v1/me/phone', url: '/api/v1/me/phone', expect: ANY_USER(400) },
  { route: 'GET /api/v1/me/export', url: '/api/v1/me/export', expect: ANY_USER(200) },
  {
    route: 'GET /api/v1/cases/:id/reporter-contact',
    url: '/api/v1/cases/00000000-0000-4000-8000-00000000dead/reporter-contact',
    expect: { ...ANY_USER(404), citizen: 403 },
  },
  { route: 'GET /api/v1/admin/audit', url: '/api/v1/admin/audit', expect: { ...ADMIN_ONLY, admin: 200 } },
  // Last: the citizen's account is gone afterwards. Staff accounts cannot delete themselves.
  { route: 'DELETE /api/v1/me', url: '/api/v1/me', expect: { ...ANY_USER(403), citizen: 204 } },
];

describe(`permission matrix on ${ENGINE}`, () => {
  let t: TestApp;
  const tokens: Partial<Record<Who, string>> = {};
  const demo: Record<Role, string> = {
    citizen: 'demo-citizen',
    inspector: 'demo-inspector',
    operator: 'demo-operator',
    dispatcher: 'demo-dispatcher',
    handler: 'demo-handler',
    evaluator: 'demo-evaluator',
    admin: 'demo-admin',
  };
  beforeAll(async () => {
    t = await startApp();
    for (const role of ROLES) tokens[role] = await t.login(demo[role]);
    const [g] = await t.dataSource.query('SELECT code FROM grids ORDER BY code LIMIT 1');
    gridCode = g.code;
    const [u] = await t.dataSource.query('SELECT id FROM units ORDER BY id LIMIT 1');
    unitId = u.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has a row for every registered API route', () => {
    const router = t.app.getHttpAdapter().getInstance().router;
    const registered = new Set<string>();
    for (const layer of router.stack) {
      const route = layer.route;
      if (!route || !String(route.path).startsWith('/api/')) continue;
      if (String(route.path).startsWith('/api/docs')) continue;
      for (const [method, on] of Object.entries(route.methods))
        if (on && method !== '_all') registered.add(`${method.toUpperCase()} ${route.path}`);
    }
    const covered = new Set(rows().map((r) => r.route));
    expect([...registered].filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !registered.has(r))).toEqual([]);
  });

  it('answers each caller with the expected status', async () => {
    const mismatches: string[] = [];
    for (const row of rows()) {
      const [method] = row.route.split(' ');
      for (const who of WHO) {
        let req = t.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](row.url);
        if (who !== 'anonymous') req = req.set('Authorization', `Bearer ${tokens[who]}`);
        const res = method === 'GET' || method === 'DELETE' ? await req : await req.send({});
        if (res.status !== row.expect[who])
          mismatches.push(`${row.route} as ${who}: expected ${row.expect[who]}, got ${res.status} ${res.body?.code ?? ''}`);
        // Errors in the contract's format; under /api/open311/v2/ in GeoReport v2's ([{code: <status>, description}]).
        if (res.status >= 400 && row.url.startsWith('/api/open311/v2/')) expect(res.body[0].code).toBe(res.status);
        else if (res.status >= 400) expect(typeof res.body.code).toBe('string');
        if (row.signsOut && who !== 'anonymous') tokens[who] = await t.login(demo[who]);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

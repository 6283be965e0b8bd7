// The contract, end to end: every answer of a walk over the built server (every GET route and the
// main writes, as the roles that may call them, errors included) is checked with ajv against the
// OpenAPI document the same server publishes (/api/docs-json). A schema and a real answer that
// disagree fail this file; so does a GET route that never answered 2xx (nothing checked).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// ajv and sharp are the server's (development) packages, as test/cluster uses sharp.
const fromServer = createRequire(path.join(root, 'server', 'package.json'));
const ajvModule = fromServer('ajv');
const Ajv = ajvModule.Ajv ?? ajvModule.default ?? ajvModule;
const addFormatsModule = fromServer('ajv-formats');
const addFormats = addFormatsModule.default ?? addFormatsModule;
const sharp = fromServer('sharp');

const REF = '#/components/schemas/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const WEIDU_POINT = { lat: 34.0235, lng: 113.823 };

/** OpenAPI 3.0 schema → JSON Schema: `nullable` becomes `anyOf [.., null]`, references point into `openapi`. */
function toJsonSchema(s) {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k === 'example') continue;
    if (k === '$ref') out.$ref = `openapi#/definitions/${v.slice(REF.length)}`;
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([n, p]) => [n, toJsonSchema(p)]));
    else out[k] = toJsonSchema(v);
  }
  return s.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function operationsOf(doc) {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      method: m.toUpperCase(),
      path: p,
      responses: item[m].responses ?? {},
      pattern: new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (p.match(/\{/g) ?? []).length,
    })),
  );
}

/** Records every answer and what it disagrees with in the document. */
function contract(doc) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema({ $id: 'openapi', definitions: toJsonSchema(doc.components?.schemas ?? {}) });
  const ops = operationsOf(doc);
  const compiled = new Map();
  const problems = [];
  const answered = new Map(); // "GET /api/v1/cases/{id}" -> statuses seen
  const check = (method, url, status, contentType, body) => {
    const p = url.split('?')[0];
    const op = ops.filter((o) => o.method === method && o.pattern.test(p)).sort((a, b) => a.params - b.params)[0];
    if (!op) return problems.push(`${method} ${url}: no operation in the document`);
    const key = `${op.method} ${op.path}`;
    answered.set(key, [...(answered.get(key) ?? []), status]);
    const response = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`];
    if (!response) return problems.push(`${key}: answered ${status}, which the document does not list`);
    if (status === 204) return;
    const type = (contentType ?? '').split(';')[0].trim();
    const schema = response.content?.[type]?.schema;
    if (!schema) return problems.push(`${key} ${status}: answered ${type || 'no content type'}, which the document does not describe`);
    const id = `${key} ${status} ${type}`;
    if (!compiled.has(id)) compiled.set(id, ajv.compile(toJsonSchema(schema)));
    const validate = compiled.get(id);
    if (!validate(body))
      for (const e of validate.errors.slice(0, 5))
        problems.push(`${method} ${url} ${status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  };
  return { ops, problems, answered, check };
}

async function jpeg() {
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + ((i * 7919) % 251)) & 0xff;
  return sharp(raw, { raw: { width: 64, height: 48, channels: 3 } })
    .jpeg()
    .toBuffer();
}

test('every answer of a walk over the API agrees with the OpenAPI document', async () => {
  const doc = await (await fetch(`${BASE}/api/docs-json`)).json();
  const c = contract(doc);
  const tokens = {};

  /** One request; the answer is checked against the document and returned. */
  async function call(who, method, url, { json, form, multipart, headers = {} } = {}) {
    const h = { ...headers };
    if (who) h.Authorization = `Bearer ${tokens[who]}`;
    let body;
    if (json !== undefined) {
      h['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (form) body = new URLSearchParams(form);
    else if (multipart) body = multipart;
    const res = await fetch(`${BASE}${url}`, { method, headers: h, body });
    const type = res.headers.get('content-type') ?? '';
    const out = /json/.test(type)
      ? await res.json()
      : /spreadsheet/.test(type)
        ? Buffer.from(await res.arrayBuffer()).toString('base64')
        : await res.text();
    c.check(method, url, res.status, type, out);
    return { status: res.status, body: out, type };
  }
  const get = (who, url) => call(who, 'GET', url);

  // Signing in (each a checked POST).
  const roles = ['demo-citizen', 'demo-operator', 'demo-dispatcher', 'demo-handler', 'demo-inspector', 'demo-evaluator', 'demo-admin'];
  let refreshToken;
  for (const username of roles) {
    const r = await call(null, 'POST', '/api/v1/auth/demo', { json: { username } });
    assert.equal(r.status, 200, username);
    tokens[username] = r.body.accessToken;
    if (username === 'demo-citizen') refreshToken = r.body.refreshToken;
  }
  const refreshed = await call(null, 'POST', '/api/v1/auth/refresh', { json: { refreshToken } });
  assert.equal(refreshed.status, 200);
  tokens['demo-citizen'] = refreshed.body.accessToken;

  // Consent, phone, a photo, a report.
  const policy = await get(null, '/api/v1/policies/privacy');
  await get(null, '/api/v1/policies/terms');
  assert.equal((await call('demo-citizen', 'POST', '/api/v1/me/consents', { json: { policyVersion: policy.body.version } })).status, 201);
  assert.equal((await call('demo-citizen', 'PUT', '/api/v1/me/phone', { json: { phone: '13800138000' } })).status, 200);
  const form = new FormData();
  form.append('file', new Blob([await jpeg()], { type: 'image/jpeg' }), 'photo.jpg');
  const media = await call('demo-citizen', 'POST', '/api/v1/media', { multipart: form });
  assert.equal(media.status, 201);
  const report = {
    categoryCode: '200102',
    description: '路边有一堆生活垃圾无人清理',
    location: WEIDU_POINT,
    address: '魏都区七一路',
    mediaIds: [media.body.id],
  };
  const created = await call('demo-citizen', 'POST', '/api/v1/cases', {
    json: report,
    headers: { 'Idempotency-Key': `contract-${Date.now()}` },
  });
  assert.equal(created.status, 201);
  const caseId = created.body.id;
  const registered = await call('demo-operator', 'POST', `/api/v1/cases/${caseId}/actions`, {
    json: { action: 'register', version: created.body.version },
  });
  assert.equal(registered.status, 200);
  // A stale version: the error body, checked like any answer.
  assert.equal(
    (
      await call('demo-operator', 'POST', `/api/v1/cases/${caseId}/actions`, {
        json: { action: 'register', version: created.body.version },
      })
    ).status,
    409,
  );
  await call('demo-operator', 'PATCH', `/api/v1/media/${media.body.id}`, { json: { publicHidden: false } });

  // Reference data to fill the routes' parameters.
  const divisions = (await get(null, '/api/v1/divisions')).body;
  const gridCode = divisions[0].streets[0].communities[0].gridCodes[0];
  const groups = (await get(null, '/api/v1/evaluation-groups')).body;
  const unitId = groups[0].units[0].id;
  const months = (await get(null, '/api/v1/rankings')).body;
  assert.ok(months.length, 'a published month (the imported 2023-02 at least)');
  const month = months[0].month;
  const ranking = (await get(null, `/api/v1/rankings/${month}`)).body;
  const rankedUnit = ranking.groups.find((g) => g.units.length).units[0].id;
  const year = new Date().getUTCFullYear();

  // Patrols: start, a point, finish.
  const patrol = await call('demo-inspector', 'POST', '/api/v1/patrols', { json: {} });
  assert.equal(patrol.status, 201);
  await call('demo-inspector', 'POST', `/api/v1/patrols/${patrol.body.id}/points`, {
    json: [{ t: new Date().toISOString(), ...WEIDU_POINT, accuracy: 8 }],
  });
  await call('demo-inspector', 'POST', `/api/v1/patrols/${patrol.body.id}/finish`, { json: {} });

  // Open311: a key, a report with it, the key revoked.
  const key = await call('demo-admin', 'POST', '/api/v1/admin/open311-keys', { json: { name: '契约测试接入方' } });
  assert.equal(key.status, 201);
  const posted = await call(null, 'POST', '/api/open311/v2/requests.json', {
    form: {
      api_key: key.body.key,
      service_code: '200102',
      lat: String(WEIDU_POINT.lat),
      long: String(WEIDU_POINT.lng),
      description: '垃圾满溢',
    },
  });
  assert.equal(posted.status, 201);
  await call('demo-admin', 'DELETE', `/api/v1/admin/open311-keys/${key.body.id}`);
  const services = (await get(null, '/api/open311/v2/services.json')).body;

  // Messages and live events.
  await call('demo-citizen', 'POST', '/api/v1/messages/read', { json: { all: true } });
  const ticket = await call('demo-citizen', 'POST', '/api/v1/events/ticket');
  assert.equal(ticket.status, 200);
  const stream = new AbortController();
  const events = await fetch(`${BASE}/api/v1/events?ticket=${encodeURIComponent(ticket.body.ticket)}`, { signal: stream.signal });
  const first = await events.body.getReader().read();
  c.check('GET', '/api/v1/events', events.status, events.headers.get('content-type'), new TextDecoder().decode(first.value));
  stream.abort();
  await call('demo-citizen', 'POST', '/api/v1/subscriptions', { json: { accepted: [] } });

  // Every GET route, as whoever may call it.
  const reads = [
    [null, '/api/health'],
    [null, '/api/health/ready'],
    ['demo-citizen', '/api/v1/me'],
    ['demo-admin', '/api/v1/staff?role=inspector'],
    [null, `/api/v1/units/${unitId}`],
    [null, `/api/v1/grids/locate?lat=${WEIDU_POINT.lat}&lng=${WEIDU_POINT.lng}`],
    [null, `/api/v1/grids/${gridCode}`],
    [null, '/api/v1/categories'],
    [null, `/api/v1/calendar/deadline?start=${encodeURIComponent(new Date().toISOString())}&value=4&unit=workhour`],
    [null, `/api/v1/calendar/${year}`],
    [null, '/api/v1/cases?scope=public&limit=5'],
    [null, `/api/v1/cases?scope=public&near=${WEIDU_POINT.lat},${WEIDU_POINT.lng}&radius=2000&limit=5`],
    ['demo-citizen', '/api/v1/cases?scope=mine'],
    ['demo-dispatcher', '/api/v1/cases?scope=todo'],
    ['demo-handler', '/api/v1/cases?scope=todo'],
    [null, `/api/v1/cases/duplicates?categoryCode=200102&lat=${WEIDU_POINT.lat}&lng=${WEIDU_POINT.lng}`],
    ['demo-operator', '/api/v1/cases/counts?scope=todo'],
    [null, `/api/v1/cases/${caseId}`],
    ['demo-citizen', `/api/v1/cases/${caseId}`],
    ['demo-operator', `/api/v1/cases/${caseId}`],
    ['demo-operator', `/api/v1/cases/${caseId}/default-inspector`],
    ['demo-operator', `/api/v1/cases/${caseId}/reporter-contact`],
    [null, `/api/v1/stats/monthly?month=${month}`],
    [null, '/api/v1/stats/monthly'],
    ['demo-evaluator', `/api/v1/evaluations/${month}/deductions`],
    ['demo-evaluator', `/api/v1/evaluations/${month}`],
    [null, `/api/v1/rankings/${month}/bulletin?format=json`],
    [null, `/api/v1/rankings/${month}/bulletin`],
    [null, `/api/v1/rankings/${month}/bulletin?format=xlsx`],
    [null, `/api/v1/rankings/${month}/units/${rankedUnit}`],
    [null, `/api/v1/units/${rankedUnit}/trend`],
    [null, '/api/open311/v2/discovery.json'],
    [null, '/api/open311/v2/discovery.xml'],
    [null, `/api/open311/v2/services/${services[0].service_code}.json`],
    [null, '/api/open311/v2/requests.json'],
    [null, `/api/open311/v2/requests/${posted.body[0].service_request_id}.json`],
    [null, '/api/open311/v2/requests/XC000000000000.json'],
    ['demo-citizen', '/api/v1/messages'],
    ['demo-citizen', '/api/v1/messages/unread-count'],
    ['demo-admin', '/api/v1/admin/deliveries'],
    ['demo-citizen', '/api/v1/me/export'],
    ['demo-admin', '/api/v1/admin/audit'],
    ['demo-admin', '/api/v1/admin/jobs?state=completed'],
    ['demo-inspector', '/api/v1/patrols/compliance'],
    ['demo-inspector', '/api/v1/patrols/mine/week'],
    ['demo-inspector', `/api/v1/patrols/${patrol.body.id}`],
    ['demo-admin', '/api/v1/admin/open311-keys'],
    // Errors are answers of the contract too.
    [null, '/api/v1/me'],
    ['demo-citizen', '/api/v1/admin/audit'],
    [null, '/api/v1/cases/00000000-0000-4000-8000-000000000000'],
    [null, '/api/v1/rankings/2099-01'],
    [null, '/api/v1/grids/locate?lat=91&lng=0'],
  ];
  for (const [who, url] of reads) await get(who, url);

  assert.deepEqual(c.problems, [], 'answers that disagree with the OpenAPI document');
  // The check itself can fail: a field the type does not have, one missing, a wrong type, an undescribed status.
  const control = contract(doc);
  const me = (await get('demo-citizen', '/api/v1/me')).body;
  // Signing out (204 without a body; it ends the citizen's earlier tokens too, so it comes last).
  assert.equal((await call('demo-citizen', 'POST', '/api/v1/auth/logout')).status, 204);
  control.check('GET', '/api/v1/me', 200, 'application/json', me);
  assert.deepEqual(control.problems, []);
  for (const [status, body] of [
    [200, { ...me, nickname: '张三' }],
    [200, { ...me, roles: undefined }],
    [200, { ...me, unit: 'none' }],
    [404, { code: 'NOT_FOUND', message: '不存在' }],
  ]) {
    const before = control.problems.length;
    control.check('GET', '/api/v1/me', status, 'application/json', body);
    assert.ok(control.problems.length > before, `a wrong answer is caught: ${status} ${JSON.stringify(body).slice(0, 60)}`);
  }
  for (const [method, url, type] of [
    ['GET', '/api/v1/me', 'text/plain'],
    ['GET', '/api/v1/nowhere', 'application/json'],
  ]) {
    const before = control.problems.length;
    control.check(method, url, 200, type, {});
    assert.ok(control.problems.length > before, `a wrong answer is caught: ${method} ${url} ${type}`);
  }
  if (process.env.CONTRACT_DEBUG) console.log(Object.fromEntries(c.answered));
  const unanswered = c.ops
    .filter((op) => op.method === 'GET')
    .map((op) => `${op.method} ${op.path}`)
    .filter((k) => !(c.answered.get(k) ?? []).some((s) => s >= 200 && s < 300));
  assert.deepEqual(unanswered, [], 'GET routes the walk never got a success answer from');
  const writes = [
    'POST /api/v1/auth/demo',
    'POST /api/v1/auth/refresh',
    'POST /api/v1/auth/logout',
    'POST /api/v1/me/consents',
    'PUT /api/v1/me/phone',
    'POST /api/v1/media',
    'PATCH /api/v1/media/{id}',
    'POST /api/v1/cases',
    'POST /api/v1/cases/{id}/actions',
    'POST /api/v1/patrols',
    'POST /api/v1/patrols/{id}/points',
    'POST /api/v1/patrols/{id}/finish',
    'POST /api/v1/admin/open311-keys',
    'DELETE /api/v1/admin/open311-keys/{id}',
    'POST /api/open311/v2/requests.{format}',
    'POST /api/v1/messages/read',
    'POST /api/v1/events/ticket',
    'POST /api/v1/subscriptions',
  ];
  assert.deepEqual(
    writes.filter((k) => !(c.answered.get(k) ?? []).some((s) => s >= 200 && s < 300)),
    [],
    'writes the walk never got a success answer from',
  );
});

test('the bulletin is one document: the text is rendered from the structure the JSON form serves', async () => {
  const months = await (await fetch(`${BASE}/api/v1/rankings`)).json();
  assert.ok(
    months.some((m) => m.month === '2023-02'),
    'the imported 2023-02',
  );
  for (const { month } of months.slice(0, 3).concat(months.filter((m) => m.month === '2023-02'))) {
    const doc = await (await fetch(`${BASE}/api/v1/rankings/${month}/bulletin?format=json`)).json();
    const text = await (await fetch(`${BASE}/api/v1/rankings/${month}/bulletin`)).text();
    const lines = text.split('\n');
    assert.equal(lines[0], doc.title, month);
    for (const p of [...doc.paragraphs, ...doc.closing]) assert.ok(lines.includes(p), `${month}: paragraph ${p.slice(0, 20)}…`);
    // Every score line of the document, written the way the source prints it, in document order.
    const expected = doc.sections.flatMap((s) => [
      s.heading,
      ...s.parts.flatMap((p) => [
        ...(p.heading ? [p.heading] : []),
        ...p.lines.map((l) => `${l.names.join('、')} ${l.score}分（${l.grade}）`),
      ]),
    ]);
    const start = lines.indexOf(expected[0]);
    assert.ok(start > 0, `${month}: the first group's heading`);
    assert.deepEqual(lines.slice(start, start + expected.length), expected, month);
  }
  // The published wording of 2023-02, introduction included (hand-copied from the source page).
  const feb = await (await fetch(`${BASE}/api/v1/rankings/2023-02/bulletin`)).text();
  assert.match(
    feb,
    /市城乡一体化示范区成绩较好，市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。/,
  );
});

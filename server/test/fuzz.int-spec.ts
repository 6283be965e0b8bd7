import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { actors, caseBody, demoUserId, makeMedia } from './support/builders.js';
import { FakeWechatServer } from './support/fake-wechat.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { contractValidator, type OpenApiDoc } from './support/openapi.js';

/**
 * OpenAPI-driven fuzzing: every route of /api/docs-json, as anonymous, citizen, staff and admin,
 * with parameters and bodies generated from the document and then spoilt (nulls, wrong types,
 * unknown fields, deep nesting, lone surrogates, prototype names, huge and empty values).
 * Nothing may answer 5xx, every error must be the contract's `{code, message, details}`, and every
 * answer must agree with the document's schema for its status.
 *
 * Bounded for `npm test` (FUZZ_REQUESTS, default 3,000); the longer run (README, Tests):
 *   FUZZ_REQUESTS=20000 FUZZ_SEED=7 node --experimental-vm-modules node_modules/jest/bin/jest.js \
 *     --selectProjects integration --runInBand test/fuzz.int-spec.ts
 */
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { type: 'json' | 'multipart'; schema?: Schema };
}
type Who = 'anonymous' | 'citizen' | 'staff' | 'admin';

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  'x'.repeat(5000),
  '\uD800',
  'ab\uDC00',
  '__proto__',
  'constructor',
  'prototype',
  '../../../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '😀🚮',
  '\u0000',
  'null',
  'NaN',
  '-1',
  '0',
  '1e309',
  '2026-02-30',
  '9999-99-99T99:99:99Z',
  '2026-11-30T10:00:00+08:00',
  '-0001-01-01',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
];
const NASTY_NUMBERS = [0, -1, 1.5, -0.000001, 2 ** 31, 2 ** 53 + 2, -1e308, 1e308, 181, -91];

function deep(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

describe(`OpenAPI fuzzing on ${ENGINE}`, () => {
  let t: TestApp;
  let ops: Operation[] = [];
  let components: Record<string, Schema> = {};
  let agrees: ReturnType<typeof contractValidator>;
  const tokens = new Map<string, string>();
  const accounts: Record<Exclude<Who, 'anonymous'>, string[]> = {
    citizen: ['demo-citizen'],
    staff: ['demo-inspector', 'demo-operator', 'demo-dispatcher', 'demo-handler', 'demo-evaluator'],
    admin: ['demo-admin'],
  };
  const pools: Record<string, string[]> = {};
  let jpeg: Buffer;
  const wechat = new FakeWechatServer();

  beforeAll(async () => {
    t = await startApp({ WECHAT_API_BASE: await wechat.start(), WECHAT_APPID: 'wx-test-appid', WECHAT_SECRET: 'test-secret' });
    for (const list of Object.values(accounts)) for (const u of list) tokens.set(u, await t.login(u));
    const a = await actors(t, ['demo-citizen']);
    const created = await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]));
    const [grid] = await t.dataSource.query('SELECT code FROM grids ORDER BY code LIMIT 1');
    const [unit] = await t.dataSource.query('SELECT id FROM units ORDER BY id LIMIT 1');
    const [media] = await t.dataSource.query('SELECT id FROM media LIMIT 1');
    // Valid values by parameter name first, then anything. The accounts the fuzzer signs in with are
    // left out of the user ids, so that it never disables or demotes itself.
    Object.assign(pools, {
      id: [created.body.id, media.id, unit.id, '00000000-0000-4000-8000-00000000beef', 'x', '%E4%B8%AD'],
      userId: [demoUserId('demo-citizen-2'), demoUserId('demo-handler-2'), '00000000-0000-4000-8000-00000000cafe', 'nobody'],
      code: [grid.code, '200102', '100101', '411002', 'x', '9'.repeat(40)],
      unitId: [unit.id, 'county-411025', 'nope'],
      month: ['2023-02', '2026-11', '2026-13', '1999-00', 'abcd-ef'],
      year: ['2026', '2023', '0', '99999', 'year'],
      format: ['json', 'xml', 'xlsx', 'yaml', 'JSON'],
      caseNo: [created.body.caseNo, 'XC000000000000'],
    });
    jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();

    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    components = doc.components?.schemas ?? {};
    agrees = contractValidator(doc as unknown as OpenApiDoc);
    ops = Object.entries(doc.paths)
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => {
          const content = op.requestBody?.content ?? {};
          const multipart = content['multipart/form-data'];
          const json = content['application/json'];
          return {
            method: method.toUpperCase(),
            path,
            parameters: op.parameters ?? [],
            body: multipart
              ? { type: 'multipart' as const, schema: multipart.schema }
              : json
                ? { type: 'json' as const, schema: json.schema }
                : undefined,
          };
        }),
      )
      // 注销账号 would erase the demo accounts the callers sign in as (privacy.int-spec.ts tests it).
      .filter((op) => !(op.method === 'DELETE' && op.path === '/api/v1/me'));
  });
  afterAll(async () => {
    await t?.close();
    await wechat.stop();
  });

  it(`answers ${BUDGET} generated requests without a 5xx, every error in the contract's shape`, async () => {
    const r = generator(SEED);
    const resolve = (s: Schema | undefined): Schema => {
      if (!s) return {};
      if (s.$ref) return resolve(components[s.$ref.split('/').pop()!]);
      if (s.allOf?.length) return resolve(s.allOf[0]);
      if (s.oneOf?.length) return resolve(r.pick(s.oneOf));
      if (s.anyOf?.length) return resolve(r.pick(s.anyOf));
      return s;
    };
    /** A value the schema asks for (most of the time a valid one). */
    const valid = (raw: Schema | undefined, depth = 0): Json => {
      const s = resolve(raw);
      if (s.example !== undefined && r.chance(0.5)) return s.example as Json;
      if (s.enum?.length) return r.pick(s.enum) as Json;
      switch (s.type) {
        case 'object': {
          const out: Record<string, Json> = {};
          for (const [k, p] of Object.entries(s.properties ?? {}))
            if ((s.required ?? []).includes(k) || r.chance(0.5)) out[k] = valid(p, depth + 1);
          return out;
        }
        case 'array':
          return depth > 4 ? [] : Array.from({ length: r.int(4) }, () => valid(s.items, depth + 1));
        case 'integer':
          return s.minimum !== undefined
            ? s.minimum + r.int(Math.max(1, Math.min(10, (s.maximum ?? s.minimum + 10) - s.minimum)))
            : r.int(100);
        case 'number':
          return s.minimum !== undefined ? s.minimum + r.next() * ((s.maximum ?? s.minimum + 1) - s.minimum) : r.next() * 100;
        case 'boolean':
          return r.chance(0.5);
        case 'string':
          return s.format === 'date-time'
            ? new Date(Date.UTC(2026, 10, 1 + r.int(28), r.int(24))).toISOString()
            : r.pick(['abc', '测试内容', '200102', '2026-11']);
        default:
          return r.pick<Json>(['x', 1, true, null, {}, []]);
      }
    };
    const nasty = (): Json =>
      r.pick<() => Json>([
        () => null,
        () => r.pick(NASTY_STRINGS),
        () => r.pick(NASTY_NUMBERS),
        () => r.chance(0.5),
        () => [],
        () => [[[]]],
        () => ({}),
        () => [null],
        () => ({ type: 'Polygon', coordinates: r.pick<Json>([[], [[]], [[[]]], [[[1, 2]]], [['a', 'b']]]) }),
        () => deep(40 + r.int(3000)),
        () => Array.from({ length: 2000 }, () => 1),
      ])();
    /** A body: valid, or spoilt in one of many ways; a string is sent as raw JSON text. */
    const body = (schema: Schema | undefined): Json | { raw: string } => {
      const base = valid(schema);
      const k = r.int(10);
      if (k <= 1 || typeof base !== 'object' || base === null || Array.isArray(base)) return k === 0 ? nasty() : base;
      const keys = Object.keys(resolve(schema).properties ?? {});
      const obj = { ...base } as Record<string, Json>;
      if (k === 2 && keys.length) obj[r.pick(keys)] = null;
      else if (k === 3 && keys.length) obj[r.pick(keys)] = nasty();
      else if (k === 4 && keys.length) delete obj[r.pick(keys)];
      else if (k === 5) for (let i = 0; i < 1 + r.int(60); i++) obj[`unknown${i}`] = i;
      else if (k === 6)
        return {
          raw: r.pick([
            '{"__proto__":{"admin":true}}',
            '{"action":"__proto__","version":1}',
            '{"constructor":{"prototype":{}}}',
            '{',
            'null',
            '"text"',
            '[1,2',
            '{"a":1}'.repeat(3),
          ]),
        };
      else if (k === 7) return { raw: `${'['.repeat(3000)}${']'.repeat(3000)}` };
      else if (k === 8) for (const key of keys) obj[key] = nasty();
      else if (keys.length) obj[r.pick(keys)] = r.pick(NASTY_STRINGS);
      return obj;
    };
    const enc = (v: string) => {
      try {
        return encodeURIComponent(v);
      } catch {
        return '%ED%A0%80'; // a lone surrogate as UTF-8 bytes: not valid UTF-8
      }
    };
    const pathValue = (op: Operation, name: string) => {
      if (r.chance(0.15)) return enc(r.pick(NASTY_STRINGS)) || '%20';
      if (op.path.startsWith('/api/v1/admin/users/')) return r.pick(pools.userId);
      if (op.path.includes('/requests/') && name === 'id') return r.pick(pools.caseNo);
      return enc(r.pick(pools[name] ?? pools.id));
    };
    const EXTRA_QUERY = [
      'status',
      'service_code',
      'start_date',
      'end_date',
      'service_request_id',
      'format',
      'page',
      'page_size',
      'api_key',
    ];

    let sent = 0;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const timing = new Map<string, number>();
    const started = Date.now();
    const whos: Who[] = ['anonymous', 'citizen', 'staff', 'admin'];
    for (let round = 0; sent < BUDGET; round++) {
      for (const op of ops) {
        for (const who of whos) {
          if (sent >= BUDGET) break;
          sent++;
          const account = who === 'anonymous' ? null : accounts[who][(round + sent) % accounts[who].length];
          let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => pathValue(op, name));
          const query: string[] = [];
          for (const p of op.parameters.filter((x) => x.in === 'query')) {
            if (!r.chance(0.6)) continue;
            const v = r.chance(0.7) ? valid(p.schema) : nasty();
            const text = typeof v === 'string' ? v : JSON.stringify(v);
            query.push(r.chance(0.1) ? `${p.name}[a]=${enc(text)}` : r.chance(0.1) ? `${p.name}=1&${p.name}=2` : `${p.name}=${enc(text)}`);
          }
          if (r.chance(0.1)) query.push(`${r.pick(EXTRA_QUERY)}=${enc(r.pick(NASTY_STRINGS))}`);
          if (query.length) url += `?${query.join('&')}`;

          let req = t.http()[op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
          if (account) req = req.set('Authorization', `Bearer ${tokens.get(account)}`);
          if (op.parameters.some((p) => p.in === 'header') && r.chance(0.7))
            req = req.set('Idempotency-Key', r.pick([`fuzz-${SEED}-${sent}`, 'short', 'x'.repeat(200), 'bad key!']));
          let description = `${op.method} ${url.length > 160 ? `${url.slice(0, 160)}…(${url.length} chars)` : url} as ${account ?? 'anonymous'}`;
          if (op.body?.type === 'multipart') {
            const kind = r.int(5);
            if (kind === 0) req = req.attach('file', jpeg, 'ok.jpg');
            else if (kind === 1) req = req.attach('file', Buffer.from(r.pick(NASTY_STRINGS) || 'x'), 'bad.jpg');
            else if (kind === 2) req = req.attach('other', jpeg, 'ok.jpg');
            else if (kind === 3) req = req.field('file', 'not a file');
            else req = req.send({ file: 'x' });
            description += ` [multipart ${kind}]`;
          } else if (op.method !== 'GET' && op.method !== 'DELETE') {
            const b = op.body ? body(op.body.schema) : r.chance(0.5) ? {} : nasty();
            if (b && typeof b === 'object' && !Array.isArray(b) && 'raw' in b && typeof b.raw === 'string') {
              req = req.set('Content-Type', 'application/json').send(b.raw);
              description += ` raw ${b.raw.slice(0, 80)}`;
            } else {
              req = req.set('Content-Type', 'application/json').send(JSON.stringify(b));
              description += ` ${JSON.stringify(b)?.slice(0, 120)}`;
            }
          }
          const sentAt = Date.now();
          const res = await req;
          const key = `${op.method} ${op.path}`;
          timing.set(key, (timing.get(key) ?? 0) + Date.now() - sentAt);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} ${description} → ${JSON.stringify(res.body).slice(0, 200)}`);
          else if (res.status >= 400) {
            const b = res.body as { code?: unknown; message?: unknown; details?: unknown };
            // Under /api/open311/ errors are GeoReport v2's, in the format the URL asks for.
            const open311Error =
              op.path.startsWith('/api/open311/') &&
              (/\.xml(\?|$)/.test(url)
                ? /^<\?xml[^>]*>\s*<errors>\s*<error>\s*<code>\d{3}<\/code>\s*<description>[^<]+<\/description>/.test(res.text) &&
                  String(res.headers['content-type']).startsWith('text/xml')
                : Array.isArray(b) && b.every((e) => typeof e?.code !== 'undefined' && typeof e?.description === 'string'));
            const shaped =
              typeof b?.code === 'string' &&
              typeof b.message === 'string' &&
              /[\u4e00-\u9fff]/.test(b.message) &&
              typeof b.details === 'object' &&
              b.details !== null &&
              !Array.isArray(b.details);
            if (!shaped && !open311Error) failures.push(`shape ${res.status} ${description} → ${JSON.stringify(res.body).slice(0, 200)}`);
          }
          if (res.status < 500) {
            const type = String(res.headers['content-type'] ?? '');
            const answer = /json/.test(type) ? res.body : (res.text ?? '');
            for (const p of agrees(op.method, url, res.status, type, answer)) failures.push(`contract ${p} (${description})`);
          }
          // A sign-out or a revocation ended this account's token: sign in again and go on.
          if (account && res.status === 401) tokens.set(account, await t.login(account));
          if (account && /\/auth\/logout/.test(op.path) && res.status === 204) tokens.set(account, await t.login(account));
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz (${ENGINE}, seed ${SEED}): ${sent} requests over ${ops.length} routes × 4 callers in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((x, y) => x[0] - y[0])))}`,
    );
    const slowest = [...timing].sort((x, y) => y[1] - x[1]).slice(0, 5);
    console.log(`slowest routes (total ms): ${slowest.map(([k, ms]) => `${k} ${ms}`).join('; ')}`);
    expect(ops.length).toBeGreaterThanOrEqual(50);
    expect(failures.slice(0, 30)).toEqual([]);
    // The budget is a number of requests, not a time: on a busy 2-core machine they take 55–90 s.
  }, 240_000);
});

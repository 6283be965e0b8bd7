import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, makeMedia } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { contractValidator, openApiAjv, operations, toJsonSchema, type OpenApiDoc } from './support/openapi.js';

/**
 * The OpenAPI document describes every answer: each operation its success body (a schema per
 * media type, or 204 without a body), every error the error body. Real answers of this file are
 * checked against it (test/e2e/contract.test.mjs walks every route of the built server).
 */
describe(`the OpenAPI document on ${ENGINE}`, () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    t = await startApp();
    doc = (await t.http().get('/api/docs-json')).body as OpenApiDoc;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes the success body of every operation', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(80);
    const missing: string[] = [];
    for (const op of ops) {
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (!success.length) missing.push(`${op.method} ${op.path}: no success answer`);
      for (const status of success) {
        if (status === '204') continue;
        const content = (op.responses[status] as { content?: Record<string, { schema?: object }> }).content ?? {};
        if (!Object.keys(content).length) missing.push(`${op.method} ${op.path} ${status}: no body described`);
        for (const [type, media] of Object.entries(content))
          if (!media.schema || !Object.keys(media.schema).length) missing.push(`${op.method} ${op.path} ${status} ${type}: no schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes every error as the error body (Open311: the specification’s error list)', () => {
    const wrong = operations(doc).flatMap((op) =>
      ['4XX', '5XX'].flatMap((range) => {
        const schema = (op.responses[range] as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.[
          'application/json'
        ]?.schema?.$ref;
        const expected = op.path.startsWith('/api/open311/') ? 'Open311ErrorList' : 'ErrorBodyDto';
        return schema === `#/components/schemas/${expected}` ? [] : [`${op.method} ${op.path} ${range}: ${schema}`];
      }),
    );
    expect(wrong).toEqual([]);
    expect(doc.components?.schemas?.ErrorBodyDto).toMatchObject({ required: ['code', 'message', 'details'] });
  });

  it('has schemas that compile, every reference resolving', () => {
    const ajv = openApiAjv();
    ajv.addSchema({ $id: 'openapi', definitions: toJsonSchema(doc.components?.schemas ?? {}) as object });
    const broken: string[] = [];
    for (const op of operations(doc))
      for (const [status, r] of Object.entries(op.responses))
        for (const [type, media] of Object.entries((r as { content?: Record<string, { schema?: object }> }).content ?? {}))
          try {
            ajv.compile(toJsonSchema(media.schema) as object);
          } catch (e) {
            broken.push(`${op.method} ${op.path} ${status} ${type}: ${(e as Error).message}`);
          }
    expect(broken).toEqual([]);
  });

  it('agrees with real answers, and the check fails when an answer differs from its schema', async () => {
    const check = contractValidator(doc);
    const a = await actors(t, ['demo-citizen', 'demo-operator', 'demo-admin']);
    const seen: string[] = [];
    const verify = (method: string, url: string, res: { status: number; headers: Record<string, string>; body: unknown }) => {
      seen.push(...check(method, url, res.status, res.headers['content-type'] ?? '', res.body));
      return res;
    };
    const get = async (who: string | null, url: string) => verify('GET', url, await a.get(who, url));

    const media = await makeMedia(t, 'demo-citizen');
    const created = verify('POST', '/api/v1/cases', await a.post('demo-citizen', '/api/v1/cases', caseBody([media])));
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    for (const url of ['/api/health', '/api/v1/categories', '/api/v1/divisions', '/api/v1/evaluation-groups', '/api/v1/policies/privacy'])
      expect((await get(null, url)).status).toBe(200);
    for (const url of [
      '/api/v1/me',
      '/api/v1/cases?scope=mine',
      `/api/v1/cases/${id}`,
      '/api/v1/messages',
      '/api/v1/messages/unread-count',
    ])
      expect((await get('demo-citizen', url)).status).toBe(200);
    for (const url of ['/api/v1/cases?scope=todo', '/api/v1/cases/counts?scope=todo', `/api/v1/cases/${id}/default-inspector`])
      expect((await get('demo-operator', url)).status).toBe(200);
    for (const url of ['/api/v1/admin/audit', '/api/v1/admin/open311-keys', '/api/v1/admin/jobs', '/api/v1/staff'])
      expect((await get('demo-admin', url)).status).toBe(200);
    const version = (created.body as { version: number }).version;
    const registered = verify(
      'POST',
      `/api/v1/cases/${id}/actions`,
      await a.post('demo-operator', `/api/v1/cases/${id}/actions`, { action: 'register', version }),
    );
    expect(registered.status).toBe(200);
    // Errors are answers too.
    expect((await get(null, '/api/v1/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('demo-citizen', '/api/v1/admin/audit')).status).toBe(403);
    expect(seen).toEqual([]);

    // The check can fail: a field too many, one missing, a wrong type, a status not listed.
    const me = (await a.get('demo-citizen', '/api/v1/me')).body as Record<string, unknown>;
    expect(check('GET', '/api/v1/me', 200, 'application/json', me)).toEqual([]);
    expect(check('GET', '/api/v1/me', 200, 'application/json', { ...me, extra: 1 })).not.toEqual([]);
    expect(check('GET', '/api/v1/me', 200, 'application/json', { ...me, roles: undefined })).not.toEqual([]);
    expect(check('GET', '/api/v1/me', 200, 'application/json', { ...me, name: 7 })).not.toEqual([]);
    expect(check('GET', '/api/v1/me', 200, 'text/plain', 'hello')).not.toEqual([]);
    expect(check('GET', '/api/v1/me', 404, 'application/json', { code: 'NOT_FOUND', message: '不存在' })).not.toEqual([]);
  });
});

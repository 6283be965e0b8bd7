import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { actors, caseBody, makeMedia } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/** The public Open311 GeoReport v2 response schemas (copied from ../shared/conformance). */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'open311');
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
for (const f of ['service', 'request', 'services', 'requests', 'service-definition']) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, `${f}.json`), 'utf8')), `${f}.json`);
}
const conforms = (schema: string, body: unknown) => {
  const validate = ajv.getSchema(`${schema}.json`)!;
  const ok = validate(body);
  return ok ? [] : validate.errors;
};

describe(`Open311 GeoReport v2 on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let caseNo: string;
  beforeAll(async () => {
    t = await startApp({ PUBLIC_BASE_URL: 'https://cg.example.cn' });
    a = await actors(t, ['demo-citizen']);
    caseNo = (await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]))).body.caseNo;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists services that conform to services.json', async () => {
    const res = await t.http().get('/api/open311/v2/services.json');
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThanOrEqual(60);
    expect(conforms('services', res.body)).toEqual([]);
    expect(res.body.find((s: { service_code: string }) => s.service_code === '200102')).toMatchObject({
      service_name: expect.any(String),
      group: '环境卫生',
    });
    const def = await t.http().get('/api/open311/v2/services/200102.json');
    expect(conforms('service-definition', def.body)).toEqual([]);
    expect((await t.http().get('/api/open311/v2/services/999999.json')).status).toBe(404);
  });

  it('lists and fetches requests that conform to requests.json, with absolute media URLs', async () => {
    const list = await t.http().get('/api/open311/v2/requests.json');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(1);
    expect(conforms('requests', list.body)).toEqual([]);
    const one = await t.http().get(`/api/open311/v2/requests/${caseNo}.json`);
    expect(one.body).toHaveLength(1);
    expect(conforms('requests', one.body)).toEqual([]);
    expect(one.body[0]).toMatchObject({ service_request_id: caseNo, status: 'open', service_code: '200102', lat: 34.0235, long: 113.823 });
    // Absolute URLs come from PUBLIC_BASE_URL, never from the request's Host header.
    expect(one.body[0].media_url).toMatch(/^https:\/\/cg\.example\.cn\/media\//);
    expect(
      (await t.http().get('/api/open311/v2/requests.json?status=closed')).body.every((r: { status: string }) => r.status === 'closed'),
    ).toBe(true);
    expect((await t.http().get('/api/open311/v2/requests/XC000000000000.json')).status).toBe(404);
  });

  it('speaks XML too', async () => {
    const res = await t.http().get(`/api/open311/v2/requests/${caseNo}.xml`);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.text).toContain(`<service_requests><request><service_request_id>${caseNo}</service_request_id>`);
    expect((await t.http().get('/api/open311/v2/services.csv')).status).toBe(400);
  });

  it('accepts a request from an authenticated Open311 client, and refuses bad ones naming the field', async () => {
    const token = a.token('demo-citizen');
    const res = await t
      .http()
      .post('/api/open311/v2/requests.json')
      .set('Authorization', `Bearer ${token}`)
      .type('form')
      .send({ service_code: '100101', lat: '34.0235', long: '113.823', description: '上水井盖缺失', address_string: '七一路与建设路口' });
    expect(res.status).toBe(201);
    expect(res.body[0].service_request_id).toMatch(/^XC\d{12}$/);
    const bad = await t
      .http()
      .post('/api/open311/v2/requests.json')
      .set('Authorization', `Bearer ${token}`)
      .send({ service_code: '100101', lat: 'north' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields).sort()).toEqual(['description', 'lat', 'long']);
    expect((await t.http().post('/api/open311/v2/requests.json').send({})).status).toBe(401);
  });

  it('publishes discovery', async () => {
    const res = await t.http().get('/api/open311/v2/discovery.json').set('Host', 'evil.example.com');
    expect(res.body.endpoints[0]).toMatchObject({
      url: 'https://cg.example.cn/api/open311/v2',
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['application/json', 'text/xml'],
    });
  });
});

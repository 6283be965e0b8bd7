import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { Case } from '../src/cases/case.entity.js';
import { Media } from '../src/media/media.entity.js';
import { Open311Key, Open311Submission } from '../src/open311/open311.entities.js';
import { actors, demoUserId, STAFF } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { conforms, fromXml } from './support/open311.js';

const V2 = '/api/open311/v2';

/** A local photo host: serves one real JPEG (with EXIF, which the media pipeline must drop) and counts requests. */
async function photoHost(jpeg: Buffer) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/photos/cover.jpg') res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg);
    else if (req.url === '/photos/not-a-photo.jpg') res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end('<html>not found</html>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(`Open311 GeoReport v2 writes on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let allowed: Awaited<ReturnType<typeof photoHost>>;
  let other: Awaited<ReturnType<typeof photoHost>>;
  let apiKey: string;
  let keyId: string;
  let weiduUnit: string;
  let jpeg: Buffer;
  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6b8e23' } })
      .jpeg({ quality: 80 })
      .withExif({ IFD0: { Make: 'TestCam', Model: 'Open311' } })
      .toBuffer();
    allowed = await photoHost(jpeg);
    other = await photoHost(jpeg);
    // The allow-list names the first host by host:port; the second one (same address, another port) is not on it.
    t = await startApp({ PUBLIC_BASE_URL: 'https://cg.example.cn', OPEN311_MEDIA_HOSTS: `127.0.0.1:${allowed.port}` });
    a = await actors(t, STAFF);
    const created = await a.post('demo-admin', '/api/v1/admin/open311-keys', { name: 'FixMyStreet 许昌' });
    expect(created.status).toBe(201);
    apiKey = created.body.key;
    keyId = created.body.id;
    const groups = (await t.http().get('/api/v1/evaluation-groups')).body;
    weiduUnit = groups[1].units.find((u: { name: string }) => u.name === '魏都区').id;
  });
  afterAll(async () => {
    await t?.close();
    await allowed?.close();
    await other?.close();
  });

  const post = (format: 'json' | 'xml', form: Record<string, string>) => t.http().post(`${V2}/requests.${format}`).type('form').send(form);
  const staffCase = async (caseNo: string) => {
    const row = await t.dataSource.getRepository(Case).findOneByOrFail({ caseNo });
    return (await a.get('demo-operator', `/api/v1/cases/${row.id}`)).body;
  };

  it('creates api keys shown once and stored hashed, lists them without secrets, and revokes them at once', async () => {
    expect(apiKey).toMatch(/^xc311_[A-Za-z0-9_-]{43}$/);
    const row = await t.dataSource.getRepository(Open311Key).findOneByOrFail({ id: keyId });
    expect(row.keyHash).toBe(createHash('sha256').update(apiKey).digest('hex'));
    const raw = JSON.stringify(await t.dataSource.query('SELECT * FROM open311_keys'));
    expect(raw).not.toContain(apiKey.slice(10));

    const spare = (await a.post('demo-admin', '/api/v1/admin/open311-keys', { name: '测试接入方' })).body;
    const list = await a.get('demo-admin', '/api/v1/admin/open311-keys');
    expect(list.status).toBe(200);
    expect(list.body.map((k: { name: string }) => k.name).sort()).toEqual(['FixMyStreet 许昌', '测试接入方']);
    for (const k of list.body) expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt']);
    expect(list.body.find((k: { id: string }) => k.id === keyId).prefix).toBe(apiKey.slice(0, 10));
    expect(JSON.stringify(list.body)).not.toContain(apiKey.slice(10));

    const form = { api_key: spare.key, service_code: '200102', lat: '34.0235', long: '113.823', description: '吊销前' };
    expect((await post('json', form)).status).toBe(201);
    const revoked = await t
      .http()
      .delete(`/api/v1/admin/open311-keys/${spare.id}`)
      .set('Authorization', `Bearer ${a.token('demo-admin')}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const refused = await post('json', form);
    expect([refused.status, refused.body]).toEqual([403, [{ code: 403, description: 'api_key 无效或已停用' }]]);
    const bogus = await t
      .http()
      .delete('/api/v1/admin/open311-keys/00000000-0000-4000-8000-00000000beef')
      .set('Authorization', `Bearer ${a.token('demo-admin')}`);
    expect(bogus.status).toBe(404);
    expect((await a.post('demo-admin', '/api/v1/admin/open311-keys', { name: '' })).status).toBe(400);
  });

  it('refuses a POST without an api_key or with a wrong one (403), and a bad Bearer token (401), in the format asked for', async () => {
    const form = { service_code: '200102', lat: '34.0235', long: '113.823', description: '没有密钥' };
    const none = await post('xml', form);
    expect(none.status).toBe(403);
    expect(fromXml(none.text, { type: 'array', items: { properties: { code: { type: 'integer' } } } })).toEqual([
      { code: 403, description: expect.stringContaining('api_key') },
    ]);
    expect((await post('json', { ...form, api_key: 'xc311_wrong' })).status).toBe(403);
    expect((await post('json', { ...form, api_key: `${apiKey}x` })).status).toBe(403);
    const badBearer = await t.http().post(`${V2}/requests.json`).set('Authorization', 'Bearer a.b.c').type('form').send(form);
    expect(badBearer.status).toBe(401);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM cases WHERE description = '没有密钥'");
    expect(Number(n)).toBe(0);
  });

  it('takes a report the way FixMyStreet’s Open311 sender sends it, with the photo fetched, and reads it back in both formats', async () => {
    const form = {
      api_key: apiKey,
      jurisdiction_id: 'xuchang',
      service_code: '100101',
      lat: '34.0235',
      long: '113.823',
      address_string: '七一路与建设路交叉口东北角',
      email: 'wang.xiaoming@example.cn',
      first_name: '小明',
      last_name: '王',
      description: '人行道上的上水井盖丢失，井口敞开，夜间很危险。',
      media_url: `http://127.0.0.1:${allowed.port}/photos/cover.jpg`,
      'attribute[condition]': 'missing',
      'attribute[cover_marking]': '上水 SS-0231',
    };
    const res = await post('xml', form);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const answer = fromXml(res.text, 'request-response') as { service_request_id: string }[];
    expect(conforms('request-response', answer)).toEqual([]);
    expect(answer).toEqual([{ service_request_id: expect.stringMatching(/^XC\d{12}$/), service_notice: expect.any(String) }]);
    const id = answer[0].service_request_id;
    expect(allowed.hits).toEqual(['/photos/cover.jpg']);

    // Read back by service_request_id, in both formats, each conforming to the public schema.
    const json = await t.http().get(`${V2}/requests.json?service_request_id=${id}`);
    const xml = await t.http().get(`${V2}/requests/${id}.xml`);
    expect(conforms('requests', json.body)).toEqual([]);
    const fromXmlBody = fromXml(xml.text, 'requests');
    expect(conforms('requests', fromXmlBody)).toEqual([]);
    expect(fromXmlBody).toEqual(json.body);
    expect(json.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: '100101',
      service_name: '上水井盖',
      description: form.description,
      lat: 34.0235,
      long: 113.823,
      address: expect.stringContaining('七一路与建设路交叉口东北角'),
      media_url: expect.stringMatching(/^https:\/\/cg\.example\.cn\/media\/[0-9a-f]{32}\.jpg$/),
    });
    // The reporter's contact is never public.
    expect(json.text + xml.text).not.toMatch(/wang\.xiaoming|小明|FixMyStreet/);

    // The photo went through the media pipeline: a real JPEG, EXIF removed, owned by the integrator;
    // the public link is its public copy, never the stored photo.
    const media = await t.dataSource.getRepository(Media).findOneByOrFail({ publicKey: json.body[0].media_url.split('/').pop() });
    expect(media.ownerId).toBe(keyId);
    const stored = fs.readFileSync(path.join(t.config.mediaDir, media.storageKey));
    expect((await sharp(stored).metadata()).format).toBe('jpeg');
    expect((await sharp(stored).metadata()).exif).toBeUndefined();

    // Staff see the source, the contact and the answers; the public does not.
    const staff = await staffCase(id);
    expect(staff.channel).toBe('open311');
    expect(staff.open311).toEqual({
      integrator: { id: keyId, name: 'FixMyStreet 许昌' },
      contact: { name: '王小明', email: 'wang.xiaoming@example.cn', phone: null },
      attributes: [
        { code: 'condition', label: '井盖的情况', value: '丢失（井口敞开）' },
        { code: 'cover_marking', label: '是哪个井盖', value: '上水 SS-0231' },
      ],
      mediaLink: null,
    });
    const anonymous = await t.http().get(`/api/v1/cases/${staff.id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.open311).toBeUndefined();
    expect(JSON.stringify(anonymous.body)).not.toMatch(/wang\.xiaoming|小明/);
    expect((await t.dataSource.getRepository(Open311Key).findOneByOrFail({ id: keyId })).lastUsedAt).not.toBeNull();
  });

  it('keeps a media_url on a host not on the allow-list as a link for staff, never fetching it', async () => {
    const url = `http://127.0.0.1:${other.port}/photos/cover.jpg`;
    const res = await post('json', { api_key: apiKey, service_code: '200102', lat: '34.0235', long: '113.823', media_url: url });
    expect(res.status).toBe(201);
    expect(conforms('request-response', res.body)).toEqual([]);
    expect(other.hits).toEqual([]);
    const staff = await staffCase(res.body[0].service_request_id);
    expect(staff.media).toEqual([]);
    expect(staff.open311.mediaLink).toEqual({ url, status: 'not_allowed' });
    expect(staff.description).toBe('');
    const [read] = (await t.http().get(`${V2}/requests/${res.body[0].service_request_id}.json`)).body;
    expect(read).toMatchObject({ media_url: null, description: null });

    // An allowed host that serves something else than a photo: the report stands, the link is kept as failed.
    const bad = await post('json', {
      api_key: apiKey,
      service_code: '200102',
      lat: '34.0235',
      long: '113.823',
      media_url: `http://127.0.0.1:${allowed.port}/photos/not-a-photo.jpg`,
    });
    expect(bad.status).toBe(201);
    expect((await staffCase(bad.body[0].service_request_id)).open311.mediaLink.status).toBe('failed');
  });

  it('keeps a description of 4,000 characters whole and refuses a longer one; checks attributes; 404 for an unknown service', async () => {
    const long = '井盖'.repeat(2000);
    const ok = await post('json', { api_key: apiKey, service_code: '200102', lat: '34.0235', long: '113.823', description: long });
    expect(ok.status).toBe(201);
    expect((await staffCase(ok.body[0].service_request_id)).description).toBe(long);
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    const tooLong = await post('json', {
      api_key: apiKey,
      service_code: '200102',
      lat: '34.0235',
      long: '113.823',
      description: `${long}井`,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual([{ code: 400, description: expect.stringMatching(/^description：.*4000/) }]);
    const lamp = await post('json', {
      api_key: apiKey,
      service_code: '100118',
      lat: '34.0235',
      long: '113.823',
      'attribute[fault]': 'smoke',
    });
    expect(lamp.status).toBe(400);
    expect(lamp.body.map((e: { description: string }) => e.description.split('：')[0]).sort()).toEqual([
      'attribute[fault]',
      'attribute[pole_number]',
    ]);
    const nowhere = await post('json', { api_key: apiKey, service_code: '999999', lat: '34.0235', long: '113.823' });
    expect([nowhere.status, nowhere.body[0].code]).toEqual([404, 404]);
    const elsewhere = await post('json', { api_key: apiKey, service_code: '200102', lat: '39.9', long: '116.4' });
    expect(elsewhere.status).toBe(400);
    const noPlace = await post('xml', { api_key: apiKey, service_code: '200102', description: '没有位置' });
    expect(noPlace.status).toBe(400);
    expect(fromXml(noPlace.text)).toEqual([{ code: '400', description: expect.stringMatching(/^lat：.*address_string/) }]);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(Number(after)).toBe(Number(before));
    const lampOk = await post('json', {
      api_key: apiKey,
      service_code: '100118',
      lat: '34.0235',
      long: '113.823',
      'attribute[fault]': 'off',
      'attribute[pole_number]': 'XC-LD-01234',
    });
    expect(lampOk.status).toBe(201);
    expect((await staffCase(lampOk.body[0].service_request_id)).open311.attributes).toEqual([
      { code: 'fault', label: '故障情况', value: '夜间不亮' },
      { code: 'pole_number', label: '灯杆编号', value: 'XC-LD-01234' },
    ]);
  });

  it('still takes the platform’s own Bearer token, as the reporting user', async () => {
    const res = await t
      .http()
      .post(`${V2}/requests.json`)
      .set('Authorization', `Bearer ${a.token('demo-citizen')}`)
      .type('form')
      .send({ service_code: '200102', lat: '34.0235', long: '113.823', description: '市民通过 Open311 上报', phone: '0374-1234567' });
    expect(res.status).toBe(201);
    const row = await t.dataSource.getRepository(Case).findOneByOrFail({ caseNo: res.body[0].service_request_id });
    expect([row.channel, row.reporterId]).toEqual(['citizen', demoUserId('demo-citizen')]);
    expect((await staffCase(row.caseNo)).open311).toMatchObject({ integrator: null, contact: { phone: '0374-1234567' } });
  });

  it('sends an address-only report to be located during 核实, then follows it to closure over Open311', async () => {
    const res = await post('json', {
      api_key: apiKey,
      service_code: '100102',
      address_string: '魏都区七一路 88 号门前',
      'attribute[condition]': 'broken',
    });
    expect(res.status).toBe(201);
    const caseNo = res.body[0].service_request_id;
    const read = async () => (await t.http().get(`${V2}/requests/${caseNo}.json`)).body[0];
    const first = await read();
    expect(conforms('requests', [first])).toEqual([]);
    expect(first).toMatchObject({
      status: 'open',
      lat: null,
      long: null,
      address_id: null,
      address: '魏都区七一路 88 号门前，许昌市',
      description: null,
    });
    expect(first.status_notes).toContain('待现场核实定位');

    let c = await staffCase(caseNo);
    expect(c.location).toBeNull();
    expect(c.gridCode).toBeNull();
    // It waits in the operator's queue; it cannot be registered before it is located.
    const todo = (await a.get('demo-operator', '/api/v1/cases?scope=todo&limit=100')).body.items.map((x: { id: string }) => x.id);
    expect(todo).toContain(c.id);
    expect(c.nextActions).toEqual(['request-verify', 'refuse', 'recategorize', 'void']);
    const act = async (user: string, body: Record<string, unknown>) =>
      a.post(user, `/api/v1/cases/${c.id}/actions`, { ...body, version: c.version });
    const early = await act('demo-operator', { action: 'register' });
    expect([early.status, Object.keys(early.body.details.fields)]).toEqual([400, ['location']]);
    const nobody = await act('demo-operator', { action: 'request-verify' });
    expect([nobody.status, Object.keys(nobody.body.details.fields)]).toEqual([400, ['inspectorId']]);
    const step = async (user: string, body: Record<string, unknown>, status: string) => {
      const r = await act(user, body);
      expect([r.status, r.body.status]).toEqual([200, status]);
      c = r.body;
    };
    await step('demo-operator', { action: 'request-verify', inspectorId: demoUserId('demo-inspector') }, 'verifying');
    const inspectorTodo = (await a.get('demo-inspector', '/api/v1/cases?scope=todo&limit=100')).body.items.map((x: { id: string }) => x.id);
    expect(inspectorTodo).toContain(c.id);
    const unlocated = await act('demo-inspector', { action: 'verify', passed: true });
    expect([unlocated.status, Object.keys(unlocated.body.details.fields)]).toEqual([400, ['location']]);
    const outside = await act('demo-inspector', { action: 'verify', passed: true, location: { lat: 39.9, lng: 116.4 } });
    expect(outside.status).toBe(400);
    await step(
      'demo-inspector',
      { action: 'verify', passed: true, note: '现场核实属实', location: { lat: 34.0235, lng: 113.823 } },
      'reported',
    );
    expect(c).toMatchObject({ location: { lat: 34.0235, lng: 113.823 }, gridCode: '411002004001001', district: { name: '魏都区' } });
    expect(c.history.at(-1)).toMatchObject({ action: 'verify', note: '现场核实属实' });
    expect((await a.get('demo-operator', `/api/v1/cases/${c.id}`)).body.nextActions).toContain('register');
    await step('demo-operator', { action: 'register' }, 'registered');
    await step('demo-dispatcher', { action: 'dispatch', unitId: weiduUnit }, 'dispatched');
    const dispatched = await read();
    expect(dispatched).toMatchObject({
      status: 'open',
      status_notes: '已派遣',
      agency_responsible: '魏都区',
      lat: 34.0235,
      address_id: '411002004001001',
    });
    expect(dispatched.expected_datetime).toMatch(/\+08:00$/);
    const photo = (
      await t
        .http()
        .post('/api/v1/media')
        .set('Authorization', `Bearer ${a.token('demo-handler')}`)
        .attach('file', jpeg, 'after.jpg')
    ).body.id;
    await step('demo-handler', { action: 'finish', mediaIds: [photo], note: '已更换井盖' }, 'handled');
    await step('demo-operator', { action: 'request-check' }, 'checking');
    await step('demo-inspector', { action: 'check', passed: true }, 'checked');
    await step('demo-operator', { action: 'close' }, 'closed');
    const closed = await read();
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已结案' });
    expect(Date.parse(closed.updated_datetime)).toBe(Math.floor(Date.parse(c.updatedAt) / 1000) * 1000);
  });

  it('counts Open311 reports apart in the month’s figures, per integrator', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const stats = (await t.http().get(`/api/v1/stats/monthly?month=${month}`)).body;
    const [{ n: open311 }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM cases WHERE channel = 'open311'");
    const [{ n: mine }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases WHERE reporter_id = ?', [keyId]);
    // Sent with api keys above: one before the revocation, FixMyStreet's, two media links, 4,000 characters, 路灯, the address-only one.
    expect(Number(open311)).toBe(7);
    expect(stats.reportedBySource.open311).toBe(Number(open311));
    expect(stats.reportedBySource.integrators).toEqual(
      expect.arrayContaining([{ id: keyId, name: 'FixMyStreet 许昌', reported: Number(mine) }]),
    );
    expect(stats.reportedBySource.citizen + stats.reportedBySource.patrol + stats.reportedBySource.open311).toBe(stats.reported);
    const subs = await t.dataSource.getRepository(Open311Submission).countBy({ keyId });
    expect(subs).toBe(Number(mine));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Case } from '../src/cases/case.entity.js';
import { actors, caseBody, fixture, makeMedia } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';
import { conforms, fromXml, wellFormed, type Schema } from './support/open311.js';

const V2 = '/api/open311/v2';
const CITY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const ERRORS: Schema = { type: 'array', items: { properties: { code: { type: 'integer' }, description: { type: 'string' } } } };

/** `YYYY-MM-DDTHH:mm:ss` in Xuchang time, `days` before now (what the fixture builder takes). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86400_000 + 8 * 3600_000).toISOString().slice(0, 19);
}

describe(`Open311 GeoReport v2 reads on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let caseNo: string;
  let caseId: string;
  beforeAll(async () => {
    t = await startApp({ PUBLIC_BASE_URL: 'https://cg.example.cn' });
    a = await actors(t, ['demo-citizen']);
    const created = (await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]))).body;
    caseNo = created.caseNo;
    caseId = created.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** GETs a path in both formats; returns the JSON body after checking that the XML says the same, typed by `schema`. */
  async function both(pathNoExt: string, query: string, schema?: string | Schema, status = 200) {
    const json = await t.http().get(`${V2}/${pathNoExt}.json${query}`);
    const xml = await t.http().get(`${V2}/${pathNoExt}.xml${query}`);
    expect([json.status, xml.status]).toEqual([status, status]);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(fromXml(xml.text, schema)).toEqual(json.body);
    return json.body;
  }

  it('publishes discovery in JSON and XML, with the absolute URL from PUBLIC_BASE_URL and the paging extensions', async () => {
    const res = await t.http().get(`${V2}/discovery.json`).set('Host', 'evil.example.com');
    expect(res.body).toMatchObject({
      changeset: expect.stringMatching(CITY_TIME),
      contact: expect.any(String),
      key_service: expect.any(String),
    });
    expect(res.body.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'https://cg.example.cn/api/open311/v2',
        changeset: expect.stringMatching(CITY_TIME),
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ]);
    expect(res.body.extensions.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['page', 'page_size']));
    const xml = await t.http().get(`${V2}/discovery.xml`).set('Host', 'evil.example.com');
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('<url>https://cg.example.cn/api/open311/v2</url>');
    expect(fromXml(xml.text)).toEqual(res.body);
  });

  it('lists services that conform to services.json in both formats, with metadata where attributes exist', async () => {
    const list = await both('services', '', 'services');
    expect(conforms('services', list)).toEqual([]);
    expect(list.length).toBeGreaterThanOrEqual(60);
    const byCode = (code: string) => list.find((s: { service_code: string }) => s.service_code === code);
    expect(byCode('200102')).toMatchObject({ service_name: '暴露垃圾', group: '环境卫生', metadata: false, type: 'realtime' });
    expect(byCode('100101')).toMatchObject({ service_name: '上水井盖', metadata: true });
    expect(byCode('100118')).toMatchObject({ service_name: '路灯', metadata: true });
  });

  it('defines the attributes of 井盖 and 路灯 in both formats, conforming to service-definition.json', async () => {
    const cover = await both('services/100101', '', 'service-definition');
    expect(conforms('service-definition', cover)).toEqual([]);
    expect(cover.attributes.map((x: { code: string; required: boolean }) => [x.code, x.required])).toEqual([
      ['condition', true],
      ['cover_marking', false],
    ]);
    expect(cover.attributes[0].values.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['missing', 'broken']));
    const lamp = await both('services/100118', '', 'service-definition');
    expect(conforms('service-definition', lamp)).toEqual([]);
    expect(lamp.attributes.find((x: { code: string }) => x.code === 'pole_number')).toMatchObject({ datatype: 'string', required: true });
    const plain = await both('services/200102', '', 'service-definition');
    expect(plain).toEqual({ service_code: '200102', attributes: [] });
  });

  it('answers errors in the specification’s shape and in the format asked for, with its status codes', async () => {
    const unknown = await both('services/999999', '', ERRORS, 404);
    expect(unknown).toEqual([{ code: 404, description: expect.stringContaining('999999') }]);
    expect(await both('requests/XC000000000000', '', ERRORS, 404)).toEqual([{ code: 404, description: expect.any(String) }]);
    expect(await both('services', '?jurisdiction_id=sf.gov', ERRORS, 404)).toEqual([
      { code: 404, description: expect.stringContaining('xuchang') },
    ]);
    expect(await both('requests', '?jurisdiction_id=xuchang&page_size=1', 'requests')).toHaveLength(1);
    const bad = await both('requests', '?status=pending&page=0', ERRORS, 400);
    expect(bad.map((e: { code: number }) => e.code)).toEqual([400, 400]);
    expect(bad.map((e: { description: string }) => e.description.split('：')[0]).sort()).toEqual(['page', 'status']);
    const csv = await t.http().get(`${V2}/services.csv`);
    expect([csv.status, csv.body]).toEqual([400, [{ code: 400, description: 'format：只支持 .json 或 .xml' }]]);
    const nowhere = await t.http().get(`${V2}/tokens/123.xml`);
    expect(nowhere.status).toBe(404);
    expect(fromXml(nowhere.text, ERRORS)).toEqual([{ code: 404, description: expect.any(String) }]);
    // The platform's own API keeps its error format.
    expect((await t.http().get('/api/v1/nope')).body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reads a request in both formats, conforming to requests.json, with times in +08:00 and the media URL under PUBLIC_BASE_URL', async () => {
    const one = await both(`requests/${caseNo}`, '', 'requests');
    expect(conforms('requests', one)).toEqual([]);
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      service_request_id: caseNo,
      status: 'open',
      status_notes: '待受理',
      service_code: '200102',
      lat: 34.0235,
      long: 113.823,
      requested_datetime: expect.stringMatching(CITY_TIME),
      updated_datetime: expect.stringMatching(CITY_TIME),
      media_url: expect.stringMatching(/^https:\/\/cg\.example\.cn\/media\/[0-9a-f]{32}\.jpg$/),
    });
    const row = await t.dataSource.getRepository(Case).findOneByOrFail({ id: caseId });
    expect(Date.parse(one[0].requested_datetime)).toBe(Math.floor(row.reportedAt.getTime() / 1000) * 1000);
    // No personal data: neither the reporter nor their account.
    expect(JSON.stringify(one)).not.toMatch(/reporter|演示市民|00000000-0000-4000-8000-000000000001/);
  });

  it('keeps requests.xml well-formed when a description holds characters XML 1.0 forbids', async () => {
    const id = await fixture(t, 'u', daysAgo(1), [], { description: '井盖\u000b缺失\u0000，请处理\u001f' });
    const no = (await t.dataSource.getRepository(Case).findOneByOrFail({ id })).caseNo;
    const xml = await t.http().get(`${V2}/requests.xml`);
    expect(() => wellFormed(xml.text)).not.toThrow();
    expect(xml.text).toContain('<description>井盖缺失，请处理</description>');
    const list = fromXml(xml.text, 'requests') as { service_request_id: string }[];
    expect(conforms('requests', list)).toEqual([]);
    expect(list.map((r) => r.service_request_id)).toContain(no);
  });

  it('defaults to the last 90 days, refuses a span over 90 days, and pages with page and page_size', async () => {
    const old = await fixture(t, 'u', daysAgo(100), [], { description: '一百天前的问题' });
    const recent = await Promise.all(
      [daysAgo(10), daysAgo(11), daysAgo(12)].map((d) => fixture(t, 'u', d, [], { description: '近期问题' })),
    );
    const nos = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await t.dataSource.getRepository(Case).findOneByOrFail({ id })).caseNo));
    const [oldNo] = await nos([old]);
    const recentNos = await nos(recent);
    const all = (await t.http().get(`${V2}/requests.json?page_size=1000`)).body.map(
      (r: { service_request_id: string }) => r.service_request_id,
    );
    expect(all).toEqual(expect.arrayContaining(recentNos));
    expect(all).not.toContain(oldNo);
    // The old one is there when asked for by a window that holds it.
    const start = new Date(Date.now() - 120 * 86400_000).toISOString();
    const end = new Date(Date.now() - 50 * 86400_000).toISOString();
    const older = (await t.http().get(`${V2}/requests.json?start_date=${start}&end_date=${end}`)).body;
    expect(older.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([oldNo]);
    const wide = await t.http().get(`${V2}/requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00`);
    expect(wide.status).toBe(400);
    expect(wide.body[0].description).toMatch(/^end_date：.*90 天/);

    // Newest first, pages disjoint and in order; both formats page alike.
    const total = all.length;
    const pages: string[] = [];
    for (let page = 1; page <= Math.ceil(total / 2); page++) {
      const p = await both('requests', `?page_size=2&page=${page}`, 'requests');
      expect(conforms('requests', p)).toEqual([]);
      expect(p.length).toBe(Math.min(2, total - (page - 1) * 2));
      pages.push(...p.map((r: { service_request_id: string }) => r.service_request_id));
    }
    expect(pages).toEqual(all);
    expect((await t.http().get(`${V2}/requests.json?page_size=2&page=${total + 1}`)).body).toEqual([]);
    expect((await t.http().get(`${V2}/requests.json?page_size=1001`)).status).toBe(400);
    const times = (await t.http().get(`${V2}/requests.json`)).body.map((r: { requested_datetime: string }) =>
      Date.parse(r.requested_datetime),
    );
    expect(times).toEqual([...times].sort((x, y) => y - x));
    // Default page size 50.
    for (let i = 0; i < 48; i++) await fixture(t, 'u', daysAgo(20), [], { description: `批量 ${i}` });
    expect((await t.http().get(`${V2}/requests.json`)).body).toHaveLength(50);
  });

  it('filters by comma-separated status, and lets service_request_id override every other filter', async () => {
    const closedId = await fixture(t, 'u', daysAgo(3), [
      ['register', 'registered', daysAgo(3)],
      ['dispatch', 'dispatched', daysAgo(3)],
      ['finish', 'handled', daysAgo(2)],
      ['request-check', 'checking', daysAgo(2)],
      ['check', 'checked', daysAgo(2)],
      ['close', 'closed', daysAgo(1)],
    ]);
    const closedRow = await t.dataSource.getRepository(Case).findOneByOrFail({ id: closedId });
    const statuses = async (q: string) =>
      new Set((await t.http().get(`${V2}/requests.json?page_size=1000${q}`)).body.map((r: { status: string }) => r.status));
    expect(await statuses('&status=closed')).toEqual(new Set(['closed']));
    expect(await statuses('&status=open')).toEqual(new Set(['open']));
    expect(await statuses('&status=open,closed')).toEqual(new Set(['open', 'closed']));
    const closed = (await both(`requests/${closedRow.caseNo}`, '', 'requests'))[0];
    // A closed request's updated_datetime is when it was closed.
    expect(Date.parse(closed.updated_datetime)).toBe(closedRow.closedAt!.getTime());
    // The id list wins over status, window, service_code and paging, and keeps its order.
    const byIds = (
      await t
        .http()
        .get(
          `${V2}/requests.json?service_request_id=${caseNo},${closedRow.caseNo}&status=closed&service_code=100101&start_date=2020-01-01&end_date=2020-01-02&page=9`,
        )
    ).body;
    expect(byIds.map((r: { service_request_id: string; status: string }) => [r.service_request_id, r.status])).toEqual([
      [caseNo, 'open'],
      [closedRow.caseNo, 'closed'],
    ]);
    expect((await t.http().get(`${V2}/requests.json?service_code=100101`)).body).toEqual([]);
  });

  it('shows a refused report only when asked for by id, as closed, without its content', async () => {
    const id = await fixture(t, 'u', daysAgo(2), [['refuse', 'refused', daysAgo(1)]], { description: '不属实的内容' });
    const no = (await t.dataSource.getRepository(Case).findOneByOrFail({ id })).caseNo;
    const [r] = await both(`requests/${no}`, '', 'requests');
    expect(r).toMatchObject({
      service_request_id: no,
      status: 'closed',
      status_notes: '不予立案',
      description: null,
      lat: null,
      media_url: null,
    });
    const listed = (await t.http().get(`${V2}/requests.json?page_size=1000`)).body.map(
      (x: { service_request_id: string }) => x.service_request_id,
    );
    expect(listed).not.toContain(no);
  });
});

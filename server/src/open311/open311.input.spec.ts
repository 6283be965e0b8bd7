import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/app-error.js';
import { checkJurisdiction, parsePost, parseRequestsQuery } from './open311.input.js';
import { attributesOf } from './service-definitions.js';

const NOW = new Date('2026-11-30T04:00:00.000Z');
const DAY = 86400_000;

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details as { fields: Record<string, string> }).fields;
  }
  throw new Error('expected a 400');
}

describe('GET requests arguments', () => {
  it('defaults to the last 90 days, page 1 of 50', () => {
    expect(parseRequestsQuery({}, NOW)).toEqual({
      kind: 'window',
      start: new Date(NOW.getTime() - 90 * DAY),
      end: NOW,
      status: [],
      serviceCodes: [],
      page: 1,
      pageSize: 50,
    });
  });

  it('runs 90 days from the one end given, and refuses a wider span', () => {
    const q = parseRequestsQuery({ start_date: '2026-01-01T00:00:00+08:00' }, NOW);
    expect(q).toMatchObject({ start: new Date('2025-12-31T16:00:00Z'), end: new Date('2026-03-31T16:00:00Z') });
    const e = parseRequestsQuery({ end_date: '2026-06-01' }, NOW);
    expect(e).toMatchObject({ end: new Date('2026-05-31T16:00:00Z'), start: new Date('2026-03-02T16:00:00Z') });
    expect(parseRequestsQuery({ start_date: '2026-01-01', end_date: '2026-03-31' }, NOW).kind).toBe('window');
    expect(fieldsOf(() => parseRequestsQuery({ start_date: '2026-01-01', end_date: '2026-04-02' }, NOW))).toHaveProperty('end_date');
    expect(fieldsOf(() => parseRequestsQuery({ start_date: '2026-02-01', end_date: '2026-01-01' }, NOW))).toHaveProperty('start_date');
    expect(fieldsOf(() => parseRequestsQuery({ start_date: 'yesterday' }, NOW))).toHaveProperty('start_date');
  });

  it('takes comma-separated statuses and codes, and checks paging', () => {
    expect(parseRequestsQuery({ status: 'open,closed', service_code: '100101, 200102', page: '3', page_size: '1000' }, NOW)).toMatchObject({
      status: ['open', 'closed'],
      serviceCodes: ['100101', '200102'],
      page: 3,
      pageSize: 1000,
    });
    expect(Object.keys(fieldsOf(() => parseRequestsQuery({ status: 'open,done', page: '0', page_size: '1001' }, NOW))).sort()).toEqual([
      'page',
      'page_size',
      'status',
    ]);
  });

  it('lets service_request_id override every other argument', () => {
    expect(parseRequestsQuery({ service_request_id: 'XC1, XC2,XC1', status: 'nonsense', page: '-4', start_date: 'x' }, NOW)).toEqual({
      kind: 'ids',
      ids: ['XC1', 'XC2'],
    });
  });

  it('accepts this jurisdiction or none, and answers 404 for another', () => {
    expect(() => checkJurisdiction({})).not.toThrow();
    expect(() => checkJurisdiction({ jurisdiction_id: 'xuchang' })).not.toThrow();
    expect(() => checkJurisdiction({ jurisdiction_id: 'sf' })).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('POST requests fields', () => {
  const lamp = attributesOf({ code: '100118', name: '路灯' });

  it('accepts a report with only an address and no description', () => {
    expect(parsePost({ service_code: '200102', address_string: '学院路 18 号' }, [])).toMatchObject({
      location: null,
      address: '学院路 18 号',
      description: '',
    });
  });

  it('keeps a description of 4,000 characters and refuses a longer one', () => {
    expect(
      parsePost({ service_code: '200102', lat: '34.02', long: '113.82', description: '井'.repeat(4000) }, []).description,
    ).toHaveLength(4000);
    expect(
      fieldsOf(() => parsePost({ service_code: '200102', lat: '34.02', long: '113.82', description: '井'.repeat(4001) }, [])),
    ).toHaveProperty('description');
  });

  it('names every bad field at once, attributes included', () => {
    const fields = fieldsOf(() =>
      parsePost({ lat: '91', email: 'not-an-email', media_url: 'ftp://x.example/a.jpg', 'attribute[fault]': 'smoke' }, lamp),
    );
    expect(Object.keys(fields).sort()).toEqual([
      'attribute[fault]',
      'attribute[pole_number]',
      'email',
      'lat',
      'long',
      'media_url',
      'service_code',
    ]);
    expect(fieldsOf(() => parsePost({ service_code: '200102' }, []))).toHaveProperty('lat');
  });

  it('reads contact and attributes, nested by the body parser or not', () => {
    const p = parsePost(
      {
        service_code: '100118',
        lat: 34.02,
        long: 113.82,
        first_name: 'John',
        last_name: 'Smith',
        email: 'john@example.org',
        phone: '+86 138 0000 0000',
        attribute: { fault: 'off' },
        'attribute[pole_number]': 'XC-LD-01234',
      },
      lamp,
    );
    expect(p.location).toEqual({ lat: 34.02, lng: 113.82 });
    expect(p.contact).toEqual({ firstName: 'John', lastName: 'Smith', email: 'john@example.org', phone: '+86 138 0000 0000' });
    expect(p.attributes).toEqual([
      { code: 'fault', label: '故障情况', value: 'off', text: '夜间不亮' },
      { code: 'pole_number', label: '灯杆编号', value: 'XC-LD-01234', text: 'XC-LD-01234' },
    ]);
  });
});

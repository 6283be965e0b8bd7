import { describe, expect, it } from '@jest/globals';
import type { CaseSummaryDto } from '@xc/shared';
import { absoluteUrl, cityTime, personName, toIntakeDto, toRequest, toService } from './open311.mapper.js';

const base: CaseSummaryDto = {
  id: 'x',
  caseNo: 'XC202611270001',
  version: 1,
  channel: 'citizen',
  status: 'dispatched',
  categoryCode: '200102',
  categoryName: '暴露垃圾',
  theme: null,
  description: '垃圾',
  location: { lat: 34.02, lng: 113.82 },
  address: '七一路',
  gridCode: '411002004001001',
  grid: { code: '411002004001001', name: '南关街道万丰社区第1网格' },
  street: { id: '411002004', name: '南关街道' },
  district: { id: '411002', name: '魏都区' },
  unit: { id: 'u', name: '魏都区' },
  deadline: '2026-11-28T10:00:00.000Z',
  overdue: false,
  reportedAt: '2026-11-27T01:00:00.000Z',
  updatedAt: '2026-11-27T02:30:00.000Z',
  media: [{ id: 'm', url: '/media/a.jpg', thumbUrl: '/media/a.thumb.jpg' }],
  afterMedia: [],
  rating: null,
};

describe('Open311 mapping', () => {
  it('maps a category to a service, with metadata when it has attributes', () => {
    const major = { code: '2001', name: '市容环境', kind: 'event' as const, theme: null, timeLimit: null };
    const leaf = {
      code: '200102',
      name: '暴露垃圾',
      kind: 'event' as const,
      theme: '环境卫生' as const,
      timeLimit: { value: 4, unit: 'workhour' as const },
    };
    expect(toService(major, leaf, [])).toEqual({
      service_code: '200102',
      service_name: '暴露垃圾',
      description: '事件 · 市容环境 · 暴露垃圾（处置时限 4 工作小时）',
      metadata: false,
      type: 'realtime',
      keywords: '环境卫生,市容环境',
      group: '环境卫生',
    });
    const attr = {
      variable: true,
      code: 'c',
      datatype: 'string' as const,
      required: false,
      datatype_description: null,
      order: 1,
      description: 'd',
    };
    expect(toService(major, leaf, [attr]).metadata).toBe(true);
  });

  it('writes times in Xuchang time with +08:00', () => {
    expect(cityTime('2026-11-27T01:00:00.000Z')).toBe('2026-11-27T09:00:00+08:00');
    expect(cityTime('2026-12-31T16:30:05.000Z')).toBe('2027-01-01T00:30:05+08:00');
    expect(cityTime(null)).toBeNull();
  });

  it('maps an open case, with the absolute media URL under PUBLIC_BASE_URL and times in +08:00', () => {
    expect(toRequest(base, 'https://city.example/cg')).toEqual({
      service_request_id: 'XC202611270001',
      status: 'open',
      status_notes: '已派遣',
      service_name: '暴露垃圾',
      service_code: '200102',
      description: '垃圾',
      agency_responsible: '魏都区',
      service_notice: null,
      requested_datetime: '2026-11-27T09:00:00+08:00',
      updated_datetime: '2026-11-27T10:30:00+08:00',
      expected_datetime: '2026-11-28T18:00:00+08:00',
      address: '七一路，南关街道，魏都区，许昌市',
      address_id: '411002004001001',
      zipcode: null,
      lat: 34.02,
      long: 113.82,
      media_url: 'https://city.example/cg/media/a.jpg',
    });
  });

  it('gives a closed case the time it was closed, and an empty description as null', () => {
    const r = toRequest(
      { ...base, status: 'closed', description: '', closedAt: '2026-11-27T08:00:00.000Z', updatedAt: '2026-11-29T00:00:00.000Z' },
      'https://c.example',
    );
    expect(r).toMatchObject({ status: 'closed', updated_datetime: '2026-11-27T16:00:00+08:00', description: null });
  });

  it('shows a refused case as closed with the reason, without republishing its content', () => {
    const r = toRequest({ ...base, status: 'refused' }, 'https://c.example');
    expect(r).toMatchObject({
      status: 'closed',
      status_notes: '不予立案',
      description: null,
      address: null,
      lat: null,
      long: null,
      media_url: null,
    });
  });

  it('says an address-only report waits to be located', () => {
    const r = toRequest(
      { ...base, status: 'reported', location: null, gridCode: null, street: null, district: null, address: '学院路 18 号' },
      'https://c.example',
    );
    expect(r).toMatchObject({
      status: 'open',
      status_notes: '待受理（待现场核实定位）',
      lat: null,
      long: null,
      address: '学院路 18 号，许昌市',
    });
  });

  it('builds absolute URLs and names', () => {
    expect(absoluteUrl('/media/a.jpg', 'https://c.example')).toBe('https://c.example/media/a.jpg');
    expect(absoluteUrl('https://s3.example/a.jpg', 'https://c.example')).toBe('https://s3.example/a.jpg');
    expect(personName('小明', '王')).toBe('王小明');
    expect(personName('John', 'Smith')).toBe('John Smith');
    expect(personName(null, 'Smith')).toBe('Smith');
    expect(personName(null, null)).toBeNull();
  });

  it('shows staff the integrator, the contact, the answers in words and an unfetched link', () => {
    const sub = {
      caseId: 'c',
      keyId: 'k',
      firstName: '小明',
      lastName: '王',
      email: 'wang@example.cn',
      phone: null,
      attributes: [{ code: 'pole_number', label: '灯杆编号', value: 'LD-1', text: 'LD-1' }],
      mediaUrl: 'https://elsewhere.example/p.jpg',
      mediaStatus: 'not_allowed' as const,
      createdAt: new Date(),
    };
    expect(toIntakeDto(sub, { id: 'k', name: 'FixMyStreet 许昌' })).toEqual({
      integrator: { id: 'k', name: 'FixMyStreet 许昌' },
      contact: { name: '王小明', email: 'wang@example.cn', phone: null },
      attributes: [{ code: 'pole_number', label: '灯杆编号', value: 'LD-1' }],
      mediaLink: { url: 'https://elsewhere.example/p.jpg', status: 'not_allowed' },
    });
    expect(toIntakeDto({ ...sub, firstName: null, lastName: null, email: null, mediaStatus: 'fetched' }, null)).toMatchObject({
      integrator: null,
      contact: null,
      mediaLink: null,
    });
  });
});

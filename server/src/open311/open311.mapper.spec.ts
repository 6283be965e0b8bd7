import { describe, expect, it } from '@jest/globals';
import { toRequest, toService, toXml } from './open311.mapper.js';

describe('Open311 mapping', () => {
  it('maps a category to a service', () => {
    const s = toService(
      { code: '2001', name: '市容环境', kind: 'event', theme: null, timeLimit: null },
      { code: '200102', name: '暴露垃圾', kind: 'event', theme: '环境卫生', timeLimit: { value: 4, unit: 'workhour' } },
    );
    expect(s).toEqual({
      service_code: '200102',
      service_name: '暴露垃圾',
      description: '事件 · 市容环境 · 暴露垃圾（处置时限 4 工作小时）',
      metadata: false,
      type: 'realtime',
      keywords: '环境卫生,市容环境',
      group: '环境卫生',
    });
  });

  it('maps a case to a request, open or closed, with an absolute media URL', () => {
    const base = {
      id: 'x',
      caseNo: 'XC202611270001',
      version: 1,
      channel: 'citizen' as const,
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
      unit: null,
      deadline: null,
      overdue: false,
      reportedAt: '2026-11-27T01:00:00.000Z',
      updatedAt: '2026-11-27T01:00:00.000Z',
      media: [{ id: 'm', url: '/media/a.jpg', thumbUrl: '/media/a.thumb.jpg' }],
      afterMedia: [],
      rating: null,
    };
    const open = toRequest({ ...base, status: 'dispatched' }, 'https://city.example');
    expect(open).toMatchObject({
      service_request_id: 'XC202611270001',
      status: 'open',
      status_notes: '已派遣',
      address: '七一路，南关街道，魏都区，许昌市',
      media_url: 'https://city.example/media/a.jpg',
      long: 113.82,
    });
    expect(toRequest({ ...base, status: 'refused' }, 'https://city.example').status).toBe('closed');
  });

  it('writes XML with escaped text and empty elements for nulls', () => {
    expect(toXml('services', 'service', [{ service_code: '1', service_name: 'A&B <x>', description: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>1</service_code><service_name>A&amp;B &lt;x&gt;</service_name><description></description></service></services>',
    );
  });
});

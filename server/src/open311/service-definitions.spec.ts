import { describe, expect, it } from '@jest/globals';
import { attributesOf, validateAttributes } from './service-definitions.js';

describe('service definitions', () => {
  it('asks every kind of 井盖 which cover and whether it is missing or broken', () => {
    for (const c of [
      { code: '100101', name: '上水井盖' },
      { code: '100102', name: '污水井盖' },
      { code: '100114', name: '无主井盖' },
    ]) {
      const defs = attributesOf(c);
      expect(defs.map((d) => [d.code, d.required])).toEqual([
        ['condition', true],
        ['cover_marking', false],
      ]);
      expect(defs[0].values!.map((v) => v.key)).toEqual(expect.arrayContaining(['missing', 'broken']));
    }
  });

  it('asks 路灯 the pole number; categories that need nothing more have no attributes', () => {
    expect(attributesOf({ code: '100118', name: '路灯' }).find((d) => d.code === 'pole_number')).toMatchObject({
      required: true,
      datatype: 'string',
    });
    expect(attributesOf({ code: '200102', name: '暴露垃圾' })).toEqual([]);
  });

  it('gives every attribute a unique code and order, and lists values only for list types', () => {
    for (const code of ['100101', '100118', '100119', '100210', '100402', '200107', '200201']) {
      const defs = attributesOf({ code, name: code === '100101' ? '上水井盖' : '' });
      expect(defs.length).toBeGreaterThan(0);
      expect(new Set(defs.map((d) => d.code)).size).toBe(defs.length);
      expect(defs.map((d) => d.order)).toEqual(defs.map((_, i) => i + 1));
      for (const d of defs) expect(!!d.values).toBe(d.datatype.endsWith('valuelist'));
    }
  });

  it('checks required answers, list keys, numbers and dates', () => {
    const cover = attributesOf({ code: '100101', name: '上水井盖' });
    expect(validateAttributes(cover, {})).toEqual({ ok: false, errors: { 'attribute[condition]': '请填写井盖的情况' } });
    expect(validateAttributes(cover, { condition: 'stolen' })).toMatchObject({
      ok: false,
      errors: { 'attribute[condition]': expect.stringContaining('missing') },
    });
    expect(validateAttributes(cover, { condition: ['missing', 'broken'] })).toMatchObject({ ok: false });
    expect(validateAttributes(cover, { condition: 'missing', cover_marking: ' 污水 WS-0231 ', fixmystreet_id: '99' })).toEqual({
      ok: true,
      values: [
        { code: 'condition', label: '井盖的情况', value: 'missing', text: '丢失（井口敞开）' },
        { code: 'cover_marking', label: '是哪个井盖', value: '污水 WS-0231', text: '污水 WS-0231' },
      ],
    });
    const ads = attributesOf({ code: '200201', name: '非法小广告' });
    expect(validateAttributes(ads, { area_m2: 'lots' })).toMatchObject({
      ok: false,
      errors: { 'attribute[area_m2]': '张贴面积约多少平方米须为数字' },
    });
    expect(validateAttributes(ads, { area_m2: '2.5', surface: 'wall,pole' })).toMatchObject({
      ok: true,
      values: [{ value: '2.5' }, { value: 'wall,pole', text: '墙面、电线杆、灯杆' }],
    });
    expect(validateAttributes(ads, { surface: ['wall', 'roof'] })).toMatchObject({ ok: false });
    const car = attributesOf({ code: '200107', name: '废弃车辆' });
    expect(validateAttributes(car, { vehicle_type: 'car', since: '2026-10-01' })).toMatchObject({ ok: true });
    expect(validateAttributes(car, { vehicle_type: 'car', since: 'last week' })).toMatchObject({ ok: false });
    expect(validateAttributes(car, { vehicle_type: { $ne: 1 } })).toMatchObject({ ok: false });
  });
});

import { addressOf, fromView, insideRing, pointOf, searchPlaces, toView, viewBoxOf } from './place';
import { buildDivisions, buildGrid } from '../../../../test/builders';

const tree = buildDivisions();
const [weidu] = tree;
const nanguan = weidu.streets[1];
const square = buildGrid().polygon.coordinates[0];

describe('searchPlaces', () => {
  it('finds streets before communities by a part of the name', () => {
    expect(searchPlaces(tree, '南关').map((m) => m.label)).toEqual(['魏都区 · 南关街道']);
    expect(searchPlaces(tree, '社区').map((m) => m.label)).toEqual([
      '魏都区 · 西大街道 · 顺城社区',
      '魏都区 · 南关街道 · 万丰社区',
      '魏都区 · 南关街道 · 清泉社区',
      '建安区 · 新元街道 · 西湖社区',
    ]);
    expect(searchPlaces(tree, '社区', 2)).toHaveLength(2);
  });

  it('finds a place whose name stem is inside a longer address line', () => {
    expect(searchPlaces(tree, '七一路南关街道口').map((m) => m.label)).toEqual(['魏都区 · 南关街道']);
    expect(searchPlaces(tree, '万丰小区 3 号楼').map((m) => m.label)).toEqual(['魏都区 · 南关街道 · 万丰社区']);
  });

  it('finds nothing for blank or unknown text', () => {
    expect(searchPlaces(tree, '  ')).toEqual([]);
    expect(searchPlaces(tree, '北京')).toEqual([]);
  });
});

describe('a picked place', () => {
  it('reads as an address and stands for the community’s point, else the street’s', () => {
    const wanfeng = { district: weidu, street: nanguan, community: nanguan.communities[0] };
    expect(addressOf(wanfeng)).toBe('许昌市魏都区南关街道万丰社区');
    expect(pointOf(wanfeng)).toEqual({ lat: 34.0235, lng: 113.823 });
    expect(addressOf({ ...wanfeng, community: null })).toBe('许昌市魏都区南关街道');
    expect(pointOf({ ...wanfeng, community: null })).toEqual({ lat: 34.022, lng: 113.824 });
  });
});

describe('the spot map', () => {
  it('centres the outline in a square box, north up, and maps taps back to the same point', () => {
    const box = viewBoxOf([square])!;
    // The square's centre is the box's centre; north (larger latitude) is up (smaller y).
    const centre = toView(box, { lat: 34.0235, lng: 113.823 });
    expect(centre.x).toBeCloseTo(500, 6);
    expect(centre.y).toBeCloseTo(500, 6);
    expect(toView(box, { lat: 34.027, lng: 113.823 }).y).toBeLessThan(toView(box, { lat: 34.02, lng: 113.823 }).y);
    // 0.007° of latitude (the taller side) fills 88 % of the box (a 6 % margin each side).
    expect(toView(box, { lat: 34.02, lng: 113.823 }).y - toView(box, { lat: 34.027, lng: 113.823 }).y).toBeCloseTo(880, 6);
    expect(fromView(box, 500, 500)).toEqual({ lat: 34.0235, lng: 113.823 });
    const p = fromView(box, 123, 456);
    const back = toView(box, p);
    expect(back.x).toBeCloseTo(123, 2);
    expect(back.y).toBeCloseTo(456, 2);
  });

  it('keeps metres equal on both axes: 0.006° of longitude at 34° N is 0.006 × cos 34.0235° of latitude wide', () => {
    const box = viewBoxOf([square])!;
    const width = toView(box, { lat: 34.0235, lng: 113.826 }).x - toView(box, { lat: 34.0235, lng: 113.82 }).x;
    const height = toView(box, { lat: 34.02, lng: 113.823 }).y - toView(box, { lat: 34.027, lng: 113.823 }).y;
    expect(width / height).toBeCloseTo((0.006 * Math.cos((34.0235 * Math.PI) / 180)) / 0.007, 6);
  });

  it('tells inside from outside', () => {
    expect(insideRing({ lat: 34.0235, lng: 113.823 }, square)).toBe(true);
    expect(insideRing({ lat: 34.03, lng: 113.823 }, square)).toBe(false);
    expect(insideRing({ lat: 34.0235, lng: 113.819 }, square)).toBe(false);
  });

  it('has no box without an outline', () => {
    expect(viewBoxOf([])).toBeNull();
  });
});

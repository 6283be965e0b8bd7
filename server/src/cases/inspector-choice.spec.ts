import { describe, expect, it } from '@jest/globals';
import { chooseInspector, noInspectorMessage, scopeLabel, type InspectorAssignment } from './inspector-choice.js';

// A case in grid 411002004001001 (南关街道 411002004, 魏都区 411002).
const place = { gridCode: '411002004001001', streetCode: '411002004', districtCode: '411002' };
const at = (userId: string, gridCode: string): InspectorAssignment => ({
  userId,
  gridCode,
  streetCode: gridCode.slice(0, 9),
  districtCode: gridCode.slice(0, 6),
});

describe('chooseInspector', () => {
  it("takes the grid's own inspector before the street's and the district's", () => {
    const all = [at('district', '411002001001001'), at('street', '411002004002001'), at('grid', '411002004001001')];
    expect(chooseInspector(place, all)).toEqual({ userId: 'grid', scope: 'grid' });
    expect(chooseInspector(place, all.slice(0, 2))).toEqual({ userId: 'street', scope: 'street' });
    expect(chooseInspector(place, all.slice(0, 1))).toEqual({ userId: 'district', scope: 'district' });
  });

  it('returns null when nobody patrols a grid of the district', () => {
    expect(chooseInspector(place, [at('elsewhere', '411003001001001')])).toBeNull();
    expect(chooseInspector(place, [])).toBeNull();
    expect(chooseInspector({ gridCode: null, streetCode: null, districtCode: null }, [at('x', '411002004001001')])).toBeNull();
  });

  it('ranks an inspector by the closest of their grids', () => {
    // 'both' patrols a grid of the district and one of the street: a street inspector.
    const all = [at('both', '411002001001001'), at('both', '411002004003001'), at('other', '411002002001001')];
    expect(chooseInspector(place, all)).toEqual({ userId: 'both', scope: 'street' });
  });

  it('picks the least busy within a scope, then by id', () => {
    const all = [at('b', '411002004002001'), at('a', '411002004003001')];
    expect(chooseInspector(place, all)).toEqual({ userId: 'a', scope: 'street' });
    expect(chooseInspector(place, all, new Map([['a', 3]]))).toEqual({ userId: 'b', scope: 'street' });
    // A busy grid inspector still comes before an idle street inspector.
    expect(chooseInspector(place, [...all, at('g', place.gridCode)], new Map([['g', 9]]))).toEqual({ userId: 'g', scope: 'grid' });
  });

  it('says where the inspector comes from, and whom to pick when nobody is found', () => {
    expect(scopeLabel('street')).toBe('所在街道的网格员');
    expect(noInspectorMessage('核查')).toBe('请选择核查人员：本网格及所在街道、区均无网格员');
  });
});

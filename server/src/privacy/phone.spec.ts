import { describe, expect, it } from '@jest/globals';
import { maskPhone, normalizePhone } from './phone.js';

describe('phone numbers', () => {
  it('accepts mainland mobiles with or without +86, spaces and dashes', () => {
    expect(normalizePhone('13812341234')).toBe('13812341234');
    expect(normalizePhone('+86 138-1234-1234')).toBe('13812341234');
    expect(normalizePhone('8613812341234')).toBe('13812341234');
  });

  it('refuses what is not a mobile number', () => {
    for (const bad of ['', '1381234123', '138123412345', '12812341234', '0371-1234567', '1381234123a'])
      expect(normalizePhone(bad)).toBeNull();
  });

  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('*****');
  });
});

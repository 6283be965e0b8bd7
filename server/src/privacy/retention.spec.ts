import { describe, expect, it } from '@jest/globals';
import { monthsBefore } from './retention.js';

describe('monthsBefore', () => {
  it('goes back whole calendar months, keeping the time of day', () => {
    expect(monthsBefore(new Date('2029-05-15T08:30:00Z'), 36).toISOString()).toBe('2026-05-15T08:30:00.000Z');
    expect(monthsBefore(new Date('2026-01-10T00:00:00Z'), 24).toISOString()).toBe('2024-01-10T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-10T00:00:00Z'), 3).toISOString()).toBe('2025-12-10T00:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(monthsBefore(new Date('2026-03-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(monthsBefore(new Date('2028-03-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
  });
});

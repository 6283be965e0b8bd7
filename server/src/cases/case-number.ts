import type { DataSource } from 'typeorm';
import { cityDay } from '@xc/shared';
import { isSqlite } from '../common/db-utils.js';

export function formatCaseNo(day: string, seq: number): string {
  return `XC${day}${String(seq).padStart(4, '0')}`;
}

/**
 * Allocates the next readable case number (XC202302150001) for the city day of `at`. One atomic
 * statement outside the case's transaction, so the counter row is locked only for an instant;
 * a case that then fails leaves a gap, never a duplicate.
 */
export async function nextCaseNo(db: DataSource, at: Date): Promise<string> {
  const day = cityDay(at);
  if (isSqlite(db)) {
    const rows = await db.query(
      'INSERT INTO case_counters (day, value) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET value = value + 1 RETURNING value',
      [day],
    );
    return formatCaseNo(day, Number(rows[0].value));
  }
  // LAST_INSERT_ID(expr) hands the new value back as the statement's insertId: one round trip.
  const result = await db.query(
    'INSERT INTO case_counters (day, value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)',
    [day],
  );
  return formatCaseNo(day, Number(result.insertId));
}

import { describe, expect, it } from '@jest/globals';
import { format } from 'mysql2';
import { formatQuery } from './data-source-options.js';

describe('formatQuery (mysql2 queryFormat)', () => {
  const conn = { config: { stringifyObjects: false } };

  it('formats parameters exactly as mysql2 does', () => {
    const cases: [string, unknown[]][] = [
      ['SELECT * FROM t WHERE a = ? AND b IN (?) AND c = ?', ["x'; DROP TABLE t; --", [1, 2, 'é'], null]],
      ['UPDATE t SET d = ?, e = ? WHERE id = ?', [new Date(Date.UTC(2026, 10, 30, 8, 0, 0, 5)), 3.25, 'a\\b']],
      ['INSERT INTO t (a) VALUES (?)', [Buffer.from('hi')]],
    ];
    for (const [sql, values] of cases) expect(formatQuery.call(conn, sql, values, 'Z')).toBe(format(sql, values as never, false, 'Z'));
  });

  it('sends a query without parameters as it is, as mysql2 would after scanning it', () => {
    const sql = "INSERT IGNORE INTO p VALUES ('a?b','2026-11-30 08:00:00.000',34.0312345,NULL) -- ?";
    expect(formatQuery.call(conn, sql, [], 'Z')).toBe(sql);
    expect(formatQuery.call(conn, sql, undefined, 'Z')).toBe(sql);
    expect(format(sql, [], false, 'Z')).toBe(sql);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { caseOverdueSql, changedBySql, dueSql, publicSql, reworkSql, todoNeedsGrids, todoSql } from './lifecycle-sql.js';

/**
 * The SQL built from the lifecycle table, run on hand-built rows in an in-memory SQLite. Which rows
 * match is written by hand from ../shared/docs/domain.md and api.md (the 工作台 of each role).
 */

let db: Database.Database;

beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`CREATE TABLE cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, deadline TEXT, last_finished_at TEXT,
                               unit_id TEXT, inspector_id TEXT, grid_code TEXT, open_request TEXT);
           CREATE TABLE case_history (id TEXT PRIMARY KEY, action TEXT NOT NULL, to_status TEXT NOT NULL);`);
  const insert = db.prepare(`INSERT INTO cases VALUES (@id, @status, @deadline, @lf, @unit, @inspector, @grid, @request)`);
  const row = (id: string, status: string, over: Record<string, string | null> = {}) =>
    insert.run({ id, status, deadline: null, lf: null, unit: null, inspector: null, grid: null, request: null, ...over });
  // Overdue at 2026-11-27 11:00.
  row('late-open', 'dispatched', { deadline: '2026-11-27 10:00:00', unit: 'U1' });
  row('open-in-time', 'dispatched', { deadline: '2026-11-27 12:00:00', unit: 'U1', request: 'extension' });
  row('finished-late', 'handled', { deadline: '2026-11-27 10:00:00', lf: '2026-11-27 10:30:00' });
  row('closed-on-time', 'closed', { deadline: '2026-11-27 10:00:00', lf: '2026-11-27 09:00:00' });
  row('reworked-open-late', 'dispatched', { deadline: '2026-11-27 10:00:00', lf: '2026-11-27 09:00:00', unit: 'U2', request: 'return' });
  row('pending-past', 'pending', { deadline: '2026-11-27 08:00:00' });
  row('voided-past', 'voided', { deadline: '2026-11-27 08:00:00' });
  row('refused', 'refused');
  // To-dos.
  row('reported', 'reported');
  row('verify-me', 'verifying', { inspector: 'me', grid: 'G1' });
  row('verify-grid', 'verifying', { grid: 'G1' });
  row('verify-other', 'verifying', { inspector: 'other', grid: 'G1' });
  row('verify-elsewhere', 'verifying', { grid: 'G2' });
  row('registered', 'registered');
  row('checking-me', 'checking', { inspector: 'me', grid: 'G2' });
  row('checked', 'checked');
  const history = db.prepare(`INSERT INTO case_history VALUES (?, ?, ?)`);
  for (const [id, action, to] of [
    ['failed-check', 'check', 'dispatched'],
    ['passed-check', 'check', 'checked'],
    ['finish', 'finish', 'handled'],
    ['self-handle', 'self-handle', 'closed'],
    ['return', 'approve-return', 'registered'],
    ['resume', 'resume', 'dispatched'],
  ])
    history.run(id, action, to);
});

afterAll(() => db.close());

/** Ids matching a condition, sorted; `:...name` lists expanded as TypeORM does. */
function ids(where: string, params: Record<string, unknown> = {}, table = 'cases c'): string[] {
  const bound: Record<string, unknown> = {};
  const sql = where.replace(/:\.\.\.(\w+)/g, (_m, name: string) =>
    (params[name] as unknown[]).map((v, i) => ((bound[`${name}_${i}`] = v), `:${name}_${i}`)).join(', '),
  );
  for (const [k, v] of Object.entries(params)) if (!Array.isArray(v)) bound[k] = v;
  const rows = db.prepare(`SELECT id FROM ${table} WHERE ${sql} ORDER BY id`).all(bound) as { id: string }[];
  return rows.map((r) => r.id);
}

const todo = (actor: { roles: string[]; unitId?: string }, grids: string[] = []) => {
  const t = todoSql({ id: 'me', ...actor } as Parameters<typeof todoSql>[0], grids, 'c');
  return t ? ids(t.sql, t.params) : null;
};

describe('SQL from the lifecycle table', () => {
  it('overdue: unfinished past the deadline, or finished after it; never pending, refused or voided', () => {
    expect(ids(caseOverdueSql('c', ':now'), { now: '2026-11-27 11:00:00' })).toEqual(['finished-late', 'late-open', 'reworked-open-late']);
    expect(ids(caseOverdueSql('c', ':now'), { now: '2026-11-27 09:30:00' })).toEqual(['finished-late']);
  });

  it('应结案: every status but 挂账, 作废 (and 不予立案, never registered)', () => {
    expect(ids(`${dueSql('c.status')} AND c.id IN ('pending-past', 'voided-past', 'refused', 'closed-on-time', 'late-open')`)).toEqual([
      'closed-on-time',
      'late-open',
    ]);
  });

  it('public: every case but refused and voided ones', () => {
    const hidden = ids(`NOT (${publicSql('c')})`);
    expect(hidden).toEqual(['refused', 'voided-past']);
  });

  it('返工 is a failed check; the unit’s work is finished by 处置 and 自处理; the deadline moves on dispatch, extension, return and resume', () => {
    expect(ids(reworkSql('h'), {}, 'case_history h')).toEqual(['failed-check']);
    expect(
      ids(
        changedBySql((c) => !!c.stamp?.includes('lastFinishedAt'), 'h'),
        {},
        'case_history h',
      ),
    ).toEqual(['finish', 'self-handle']);
    expect(
      ids(
        changedBySql((c) => !!c.deadline, 'h'),
        {},
        'case_history h',
      ),
    ).toEqual(['resume', 'return']);
  });

  it('to-do of an operator: new reports, handled cases to send for checking, checked cases to close', () => {
    expect(todo({ roles: ['operator'] })).toEqual(['checked', 'finished-late', 'reported']);
  });

  it('to-do of a dispatcher: registered cases, and dispatched ones with a request waiting', () => {
    expect(todo({ roles: ['dispatcher'] })).toEqual(['open-in-time', 'registered', 'reworked-open-late']);
  });

  it('to-do of a handler: its unit’s dispatched cases; none without a unit', () => {
    expect(todo({ roles: ['handler'], unitId: 'U1' })).toEqual(['late-open', 'open-in-time']);
    expect(todo({ roles: ['handler'] })).toBeNull();
  });

  it('to-do of an inspector: 核实/核查 given to them, or to nobody in their grids', () => {
    expect(todoNeedsGrids(['inspector'])).toBe(true);
    expect(todo({ roles: ['inspector'] }, ['G1'])).toEqual(['checking-me', 'verify-grid', 'verify-me']);
    expect(todo({ roles: ['inspector'] }, [])).toEqual(['checking-me', 'verify-me']);
  });

  it('to-do of several roles is their union; evaluators and admins have none', () => {
    expect(todo({ roles: ['operator', 'dispatcher'] })).toEqual([
      'checked',
      'finished-late',
      'open-in-time',
      'registered',
      'reported',
      'reworked-open-late',
    ]);
    expect(todoNeedsGrids(['operator', 'dispatcher'])).toBe(false);
    expect(todo({ roles: ['evaluator', 'admin'] })).toBeNull();
  });
});

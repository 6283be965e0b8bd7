import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { caseOverdueSql, changedBySql, dueSql, publicSql, reworkSql, todoNeedsGrids, todoSql } from './lifecycle-sql.js';

/**
 * The SQL built from the lifecycle table, run on hand-built rows in an in-memory SQLite. Which rows
 * match is written by hand from ../shared/docs/domain.md and api.md (the 工作台 of each role).
 */

let db: DataSource;

beforeAll(async () => {
  db = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
  await db.query(`CREATE TABLE cases (id TEXT PRIMARY KEY, status TEXT NOT NULL, deadline TEXT, last_finished_at TEXT,
                                      unit_id TEXT, inspector_id TEXT, grid_code TEXT, open_request TEXT)`);
  await db.query(`CREATE TABLE case_history (id TEXT PRIMARY KEY, action TEXT NOT NULL, to_status TEXT NOT NULL)`);
  const row = (id: string, status: string, over: Record<string, string | null> = {}) => {
    const r = { deadline: null, lf: null, unit: null, inspector: null, grid: null, request: null, ...over };
    return db.query(`INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      id,
      status,
      r.deadline,
      r.lf,
      r.unit,
      r.inspector,
      r.grid,
      r.request,
    ]);
  };
  // Overdue at 2026-11-27 11:00.
  await row('late-open', 'dispatched', { deadline: '2026-11-27 10:00:00', unit: 'U1' });
  await row('open-in-time', 'dispatched', { deadline: '2026-11-27 12:00:00', unit: 'U1', request: 'extension' });
  await row('finished-late', 'handled', { deadline: '2026-11-27 10:00:00', lf: '2026-11-27 10:30:00' });
  await row('closed-on-time', 'closed', { deadline: '2026-11-27 10:00:00', lf: '2026-11-27 09:00:00' });
  await row('reworked-open-late', 'dispatched', {
    deadline: '2026-11-27 10:00:00',
    lf: '2026-11-27 09:00:00',
    unit: 'U2',
    request: 'return',
  });
  await row('pending-past', 'pending', { deadline: '2026-11-27 08:00:00' });
  await row('voided-past', 'voided', { deadline: '2026-11-27 08:00:00' });
  await row('refused', 'refused');
  // To-dos.
  await row('reported', 'reported');
  await row('verify-me', 'verifying', { inspector: 'me', grid: 'G1' });
  await row('verify-grid', 'verifying', { grid: 'G1' });
  await row('verify-other', 'verifying', { inspector: 'other', grid: 'G1' });
  await row('verify-elsewhere', 'verifying', { grid: 'G2' });
  await row('registered', 'registered');
  await row('checking-me', 'checking', { inspector: 'me', grid: 'G2' });
  await row('checked', 'checked');
  for (const h of [
    ['failed-check', 'check', 'dispatched'],
    ['passed-check', 'check', 'checked'],
    ['finish', 'finish', 'handled'],
    ['self-handle', 'self-handle', 'closed'],
    ['return', 'approve-return', 'registered'],
    ['resume', 'resume', 'dispatched'],
  ])
    await db.query(`INSERT INTO case_history VALUES (?, ?, ?)`, h);
});

afterAll(() => db.destroy());

/** Ids matching a condition, sorted; parameters bound as the server binds them (TypeORM). */
async function ids(where: string, params: Record<string, unknown> = {}, table = 'cases c'): Promise<string[]> {
  const [sql, values] = db.driver.escapeQueryWithParameters(`SELECT id FROM ${table} WHERE ${where} ORDER BY id`, params);
  return ((await db.query(sql, values)) as { id: string }[]).map((r) => r.id);
}

const todo = (actor: { roles: string[]; unitId?: string }, grids: string[] = []) => {
  const t = todoSql({ id: 'me', ...actor } as Parameters<typeof todoSql>[0], grids, 'c');
  return t ? ids(t.sql, t.params) : Promise.resolve(null);
};

describe('SQL from the lifecycle table', () => {
  it('overdue: unfinished past the deadline, or finished after it; never pending, refused or voided', async () => {
    expect(await ids(caseOverdueSql('c', ':now'), { now: '2026-11-27 11:00:00' })).toEqual([
      'finished-late',
      'late-open',
      'reworked-open-late',
    ]);
    expect(await ids(caseOverdueSql('c', ':now'), { now: '2026-11-27 09:30:00' })).toEqual(['finished-late']);
  });

  it('应结案: every status but 挂账, 作废 (and 不予立案, never registered)', async () => {
    expect(
      await ids(`${dueSql('c.status')} AND c.id IN ('pending-past', 'voided-past', 'refused', 'closed-on-time', 'late-open')`),
    ).toEqual(['closed-on-time', 'late-open']);
  });

  it('public: every case but refused and voided ones', async () => {
    const hidden = await ids(`NOT (${publicSql('c')})`);
    expect(hidden).toEqual(['refused', 'voided-past']);
  });

  it('返工 is a failed check; the unit’s work is finished by 处置 and 自处理; the deadline moves on dispatch, extension, return and resume', async () => {
    expect(await ids(reworkSql('h'), {}, 'case_history h')).toEqual(['failed-check']);
    expect(
      await ids(
        changedBySql((c) => !!c.stamp?.includes('lastFinishedAt'), 'h'),
        {},
        'case_history h',
      ),
    ).toEqual(['finish', 'self-handle']);
    expect(
      await ids(
        changedBySql((c) => !!c.deadline, 'h'),
        {},
        'case_history h',
      ),
    ).toEqual(['resume', 'return']);
  });

  it('to-do of an operator: new reports, handled cases to send for checking, checked cases to close', async () => {
    expect(await todo({ roles: ['operator'] })).toEqual(['checked', 'finished-late', 'reported']);
  });

  it('to-do of a dispatcher: registered cases, and dispatched ones with a request waiting', async () => {
    expect(await todo({ roles: ['dispatcher'] })).toEqual(['open-in-time', 'registered', 'reworked-open-late']);
  });

  it('to-do of a handler: its unit’s dispatched cases; none without a unit', async () => {
    expect(await todo({ roles: ['handler'], unitId: 'U1' })).toEqual(['late-open', 'open-in-time']);
    expect(await todo({ roles: ['handler'] })).toBeNull();
  });

  it('to-do of an inspector: 核实/核查 given to them, or to nobody in their grids', async () => {
    expect(todoNeedsGrids(['inspector'])).toBe(true);
    expect(await todo({ roles: ['inspector'] }, ['G1'])).toEqual(['checking-me', 'verify-grid', 'verify-me']);
    expect(await todo({ roles: ['inspector'] }, [])).toEqual(['checking-me', 'verify-me']);
  });

  it('to-do of several roles is their union; evaluators and admins have none', async () => {
    expect(await todo({ roles: ['operator', 'dispatcher'] })).toEqual([
      'checked',
      'finished-late',
      'open-in-time',
      'registered',
      'reported',
      'reworked-open-late',
    ]);
    expect(todoNeedsGrids(['operator', 'dispatcher'])).toBe(false);
    expect(await todo({ roles: ['evaluator', 'admin'] })).toBeNull();
  });
});

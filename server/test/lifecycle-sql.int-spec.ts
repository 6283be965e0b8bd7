import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseStatus } from '@xc/shared';
import { sqlDate } from '../src/common/db-utils.js';
import type { Case } from '../src/cases/case.entity.js';
import { caseOverdueSql, publicSql, reworkSql, todoSql } from '../src/cases/lifecycle-sql.js';
import { InspectorGrid } from '../src/users/user.entity.js';
import { actors, demoUserId, dispatchedOn, fixture, type Move } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * The lifecycle's SQL built from the shared table gives the same rows as the hand-written SQL it
 * replaced (kept below, frozen, as it stood before issue 17), on hand-built cases whose counts are
 * worked out by hand; and the API's to-do counts follow.
 */

/** The SQL as written before the table carried these facts (server/src/cases/overdue.ts, cases.service.ts, stats.service.ts). */
const LEGACY = {
  overdue: `(c.deadline IS NOT NULL AND c.status NOT IN ('refused','voided','pending') AND ((c.status IN ('handled','checking','checked','closed') AND c.last_finished_at > c.deadline) OR (c.status NOT IN ('handled','checking','checked','closed') AND c.deadline < :now)))`,
  rework: `h.action = 'check' AND h.to_status = 'dispatched'`,
  public: `c.status NOT IN ('refused','voided')`,
  operator: "c.status IN ('reported','handled','checked')",
  dispatcher: "(c.status = 'registered' OR (c.status = 'dispatched' AND c.open_request IS NOT NULL))",
  handler: "(c.status = 'dispatched' AND c.unit_id = :todoUnit)",
  inspector:
    "(c.status IN ('verifying','checking') AND (c.inspector_id = :todoMe OR (c.inspector_id IS NULL AND c.grid_code IN (:...todoGrids))))",
};

describe(`lifecycle SQL from the table on ${ENGINE}`, () => {
  let t: TestApp;
  let weidu: string;
  let jianan: string;
  let grids: string[];
  const inspector = demoUserId('demo-inspector');

  beforeAll(async () => {
    t = await startApp();
    const units = (await t.http().get('/api/v1/evaluation-groups')).body[1].units;
    weidu = units.find((u: { name: string }) => u.name === '魏都区').id;
    jianan = units.find((u: { name: string }) => u.name === '建安区').id;
    grids = (await t.dataSource.getRepository(InspectorGrid).findBy({ userId: inspector })).map((g) => g.gridCode);
    expect(grids.length).toBeGreaterThan(0);
    const past = { deadline: new Date('2026-10-06T12:00:00+08:00') };
    const future = { deadline: new Date('2099-01-01T12:00:00+08:00') };
    // Every case is reported on 10-05 at 08:00, with 魏都区 unless another unit is given.
    const add = (moves: Move[], extra: Partial<Case> = {}, unitId = weidu) => fixture(t, unitId, '2026-10-05T08:00:00', moves, extra);
    /** Moves on one day of October 2026, at hh:mm. */
    const on = (day: number, ...moves: [string, CaseStatus, string][]): Move[] =>
      moves.map(([action, to, hhmm]) => [action, to, `2026-10-${String(day).padStart(2, '0')}T${hhmm}:00`]);
    const dispatched = dispatchedOn('2026-10-05');
    /** Dispatched, finished at 15:00, then each an hour later asked to be checked, checked and closed, stopping at `last`. */
    const inTime = (last: CaseStatus): Move[] => {
      const all = on(
        5,
        ['finish', 'handled', '15:00'],
        ['request-check', 'checking', '16:00'],
        ['check', 'checked', '17:00'],
        ['close', 'closed', '18:00'],
      );
      return [...dispatched, ...all.slice(0, all.findIndex(([, to]) => to === last) + 1)];
    };
    /** Finished at 10:00, asked to be checked at 11:00, the check's verdict at 11:30. */
    const round = (day: number, verdict: CaseStatus) =>
      on(day, ['finish', 'handled', '10:00'], ['request-check', 'checking', '11:00'], ['check', verdict, '11:30']);

    // A: with 魏都区, past its deadline: overdue, the unit's to-do.
    await add(dispatched, past);
    // B: with 魏都区, in time, an extension asked: the unit's and the dispatcher's to-do.
    await add(dispatched, { ...future, openRequest: 'extension' });
    // C: reworked once, finished late, closed: overdue, one 返工.
    await add([...dispatched, ...round(6, 'dispatched'), ...round(7, 'checked'), ...on(7, ['close', 'closed', '12:00'])], past);
    // D: closed in time.
    await add(inTime('closed'), past);
    // E: pending past its deadline: never overdue.
    await add([...dispatched, ...on(6, ['pend', 'pending', '09:00'])], past);
    // F: voided past its deadline: never overdue, hidden.
    await add([...dispatched, ...on(6, ['void', 'voided', '09:00'])], past);
    // G: refused: hidden.
    await add(on(5, ['refuse', 'refused', '09:00']));
    // H: a new report: the operator's to-do.
    await add([]);
    // I: to verify, nobody named, in the inspector's grid: theirs.
    await add(on(5, ['request-verify', 'verifying', '09:00']), { gridCode: grids[0] });
    // J: to verify, someone else named: not theirs.
    await add(on(5, ['request-verify', 'verifying', '09:00']), { gridCode: grids[0], inspectorId: demoUserId('demo-operator') });
    // K: to check, the inspector named; finished in time.
    await add(inTime('checking'), { ...past, inspectorId: inspector, gridCode: '411002999999999' });
    // L: handled after its deadline: overdue, the operator's to-do.
    await add([...dispatched, ...on(7, ['finish', 'handled', '10:00'])], {
      ...past,
      lastFinishedAt: new Date('2026-10-07T10:00:00+08:00'),
    });
    // M: registered: the dispatcher's to-do.
    await add(on(5, ['register', 'registered', '09:00']));
    // N: with 建安区, past its deadline, a return asked: overdue, the dispatcher's to-do, not 魏都区's.
    await add(dispatched, { ...past, openRequest: 'return' }, jianan);
    // O: checked: the operator's to-do (to close).
    await add(inTime('checked'), past);
  });

  afterAll(() => t?.close());

  const count = async (from: string, where: string, params: Record<string, unknown> = {}) => {
    const [q, values] = t.dataSource.driver.escapeQueryWithParameters(`SELECT COUNT(*) AS n FROM ${from} WHERE ${where}`, params);
    return Number((await t.dataSource.query(q, values))[0].n);
  };

  it('overdue: A, C, L, N, as before', async () => {
    const now = { now: sqlDate(new Date()) };
    expect(await count('cases c', caseOverdueSql('c', ':now'), now)).toBe(4);
    expect(await count('cases c', LEGACY.overdue, now)).toBe(4);
    expect(await count('cases c', `${caseOverdueSql('c', ':now')} AND NOT ${LEGACY.overdue}`, now)).toBe(0);
  });

  it('返工: the one failed check of C, as before', async () => {
    expect(await count('case_history h', reworkSql('h'))).toBe(1);
    expect(await count('case_history h', LEGACY.rework)).toBe(1);
  });

  it('public: all but F (voided) and G (refused), as before', async () => {
    expect(await count('cases c', publicSql('c'))).toBe(13);
    expect(await count('cases c', LEGACY.public)).toBe(13);
  });

  it('to-do of each role, as before', async () => {
    const todo = async (roles: string[], unitId?: string) => {
      const s = todoSql({ id: inspector, roles: roles as never, unitId }, grids, 'c')!;
      return count('cases c', s.sql, s.params);
    };
    const params = { todoUnit: weidu, todoMe: inspector, todoGrids: grids };
    expect([await todo(['operator']), await count('cases c', LEGACY.operator)]).toEqual([3, 3]); // H, L, O
    expect([await todo(['dispatcher']), await count('cases c', LEGACY.dispatcher)]).toEqual([3, 3]); // B, M, N
    expect([await todo(['handler'], weidu), await count('cases c', LEGACY.handler, params)]).toEqual([2, 2]); // A, B
    expect([await todo(['inspector']), await count('cases c', LEGACY.inspector, params)]).toEqual([2, 2]); // I, K
  });

  it('the 工作台 counts of the demo accounts follow', async () => {
    const a = await actors(t, ['demo-operator', 'demo-dispatcher', 'demo-handler', 'demo-inspector']);
    const totals: Record<string, number> = {};
    for (const u of ['demo-operator', 'demo-dispatcher', 'demo-handler', 'demo-inspector']) {
      const r = await a.get(u, '/api/v1/cases/counts?scope=todo');
      expect(r.status).toBe(200);
      totals[u] = r.body.total;
    }
    expect(totals).toEqual({ 'demo-operator': 3, 'demo-dispatcher': 3, 'demo-handler': 2, 'demo-inspector': 2 });
    const overdue = await a.get('demo-operator', '/api/v1/cases/counts?scope=all');
    expect(overdue.body.overdue).toBe(4);
  });

  it('自处理 is a rule taken only with a report: as an action on a case it is unknown', async () => {
    const a = await actors(t, ['demo-inspector', 'demo-operator']);
    const reported = await a.get('demo-operator', '/api/v1/cases?scope=todo&status=reported');
    const c = reported.body.items[0];
    for (const who of ['demo-inspector', 'demo-operator']) {
      const r = await a.post(who, `/api/v1/cases/${c.id}/actions`, { action: 'self-handle', version: c.version });
      expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseStatus } from '@xc/shared';
import { Case, CaseHistory } from '../src/cases/case.entity.js';
import { prng } from '../src/common/prng.js';
import { MonthFigures } from '../src/stats/month-figures.entity.js';
import { StatsService, type UnitCounts } from '../src/stats/stats.service.js';
import { demoUserId, WEIDU_POINT } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * A closed month's figures are taken once into month_figures; the cases keep moving afterwards.
 * Random histories (seeded) are written as they stood at T1, the closed months are snapshotted, the
 * rest of the histories (T1, T2] is written, and then for every month and for random past cut-offs:
 * the snapshot, the one-pass statement and a reference computed here from the generated histories
 * by domain.md's definitions must be the same numbers.
 */

const H = 3600_000;
const city = (s: string) => new Date(`${s}+08:00`).getTime();
const FINISHED: CaseStatus[] = ['handled', 'checking', 'checked', 'closed'];
const MONTHS = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
const T1 = city('2026-08-01T06:00:00'); // May–July closed (July six hours ago), August just begun
const T2 = city('2026-11-15T12:00:00'); // everything written by then
const NOW_FLOOR = city('2026-11-20T00:00:00');

interface Row {
  seq: number;
  action: string;
  from: CaseStatus | null;
  to: CaseStatus;
  at: number;
  data: Record<string, any> | null;
}
interface GenCase {
  id: string;
  reportedAt: number;
  rows: Row[];
  selfHandled: boolean;
}

/** Lifecycles with every side path, moves often crossing a month's end, times in whole seconds. */
function generate(units: string[], n: number, seed: number): GenCase[] {
  const rand = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const from = city('2026-05-01T00:00:00');
  const to = city('2026-09-30T23:00:00');
  const out: GenCase[] = [];
  for (let i = 0; i < n; i++) {
    // A third of the cases in the last three days of a month, so that many move after its end.
    const monthEnds = ['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'].map((d) => city(`${d}T00:00:00`));
    const at = rand() < 0.35 ? pick(monthEnds) - rand() * 72 * H : from + rand() * (to - from);
    const reportedAt = Math.floor(at / 1000) * 1000;
    const rows: Row[] = [{ seq: 1, action: 'report', from: null, to: 'reported', at: reportedAt, data: null }];
    let t = reportedAt;
    let st: CaseStatus = 'reported';
    let deadline: number | null = null;
    const move = (action: string, next: CaseStatus, hours: number, data: Record<string, any> | null = null) => {
      t += Math.floor((hours * H * (0.3 + rand())) / 1000) * 1000;
      rows.push({ seq: rows.length + 1, action, from: st, to: next, at: t, data });
      st = next;
    };
    const dispatch = (unitId: string) => {
      const at = t + Math.floor((2 * H * (0.3 + rand())) / 1000) * 1000;
      deadline = at + Math.floor(((4 + rand() * 96) * H) / 1000) * 1000;
      t = at;
      rows.push({
        seq: rows.length + 1,
        action: 'dispatch',
        from: st,
        to: 'dispatched',
        at,
        data: { unitId, unitName: 'x', deadline: new Date(deadline).toISOString() },
      });
      st = 'dispatched';
    };
    const selfHandled = rand() < 0.08;
    out.push({ id: crypto.randomUUID(), reportedAt, rows, selfHandled });
    if (selfHandled) {
      rows.push({ seq: 2, action: 'self-handle', from: 'reported', to: 'closed', at: reportedAt, data: null });
      continue;
    }
    if (rand() < 0.08) {
      move('refuse', 'refused', 6, { reason: 'invalid' });
      continue;
    }
    if (rand() < 0.1) continue; // never registered
    move('register', 'registered', rand() < 0.2 ? 60 : 4);
    if (rand() < 0.05) {
      move('void', 'voided', 30);
      continue;
    }
    if (rand() < 0.1) continue; // registered, never dispatched
    let unit = pick(units);
    dispatch(unit);
    if (rand() < 0.15) {
      move('request-return', 'dispatched', 20);
      if (rand() < 0.2) continue;
      move('approve-return', 'registered', 20, { fromUnitId: unit });
      deadline = null;
      if (rand() < 0.15) continue; // back with the dispatcher
      unit = pick(units.filter((u) => u !== unit));
      dispatch(unit);
    }
    if (rand() < 0.1) {
      move('pend', 'pending', 30);
      if (rand() < 0.5) continue;
      move('resume', 'dispatched', 100);
    }
    if (rand() < 0.15) {
      const requested = deadline! + 48 * H;
      move('request-extension', 'dispatched', 10, { deadline: new Date(requested).toISOString() });
      if (rand() < 0.7) {
        move('approve-extension', 'dispatched', 10, {
          from: new Date(deadline!).toISOString(),
          deadline: new Date(requested).toISOString(),
        });
        deadline = requested;
      } else move('reject-extension', 'dispatched', 10);
    }
    let done = false;
    for (let r = 0; r < 3 && !done; r++) {
      if (rand() < 0.1) break; // still being handled
      move('finish', 'handled', rand() < 0.25 ? 120 : 20);
      move('request-check', 'checking', 6);
      const passed = r === 2 || rand() < 0.8;
      move('check', passed ? 'checked' : 'dispatched', 8, { passed });
      done = passed;
    }
    if (!done || rand() < 0.1) continue;
    move('close', 'closed', 6);
    if (rand() < 0.5) move('rate', 'closed', 40, { rating: 1 + Math.floor(rand() * 5) });
  }
  // Nothing happens after T2 (and the cases must stay in the past whatever day the test runs).
  for (const c of out) c.rows = c.rows.filter((r) => r.at <= T2);
  return out;
}

/** The case's columns as the server would have left them at `t` (the moves up to `t`). */
function columnsAt(c: GenCase, t: number): Partial<Case> & { status: CaseStatus; version: number } {
  const rows = c.rows.filter((r) => r.at <= t);
  const cols: Partial<Case> & { status: CaseStatus; version: number } = {
    status: rows.at(-1)!.to,
    version: rows.length,
    unitId: null,
    deadline: null,
    registeredAt: null,
    dispatchedAt: null,
    lastFinishedAt: null,
    closedAt: null,
    reworked: false,
    rating: null,
    ratedAt: null,
    updatedAt: new Date(rows.at(-1)!.at),
  };
  for (const r of rows) {
    const at = new Date(r.at);
    if (r.action === 'register') cols.registeredAt = at;
    if (r.action === 'self-handle') Object.assign(cols, { registeredAt: at, lastFinishedAt: at, closedAt: at });
    if (r.action === 'dispatch')
      Object.assign(cols, { unitId: r.data!.unitId, deadline: new Date(String(r.data!.deadline)), dispatchedAt: at });
    if (r.action === 'approve-return') Object.assign(cols, { unitId: null, deadline: null, dispatchedAt: null });
    if (r.action === 'approve-extension') cols.deadline = new Date(String(r.data!.deadline));
    if (r.action === 'finish') cols.lastFinishedAt = at;
    if (r.action === 'check' && r.to === 'dispatched') cols.reworked = true;
    if (r.action === 'close') cols.closedAt = at;
    if (r.action === 'rate') Object.assign(cols, { rating: r.data!.rating, ratedAt: at });
  }
  return cols;
}

/** domain.md's indicators at a cut-off, from the generated histories alone. */
function reference(cases: GenCase[], month: string, cutoff: number): Map<string | null, Omit<UnitCounts, 'unitId'>> {
  const [y, m] = month.split('-').map(Number);
  const start = Date.UTC(y, m - 1, 1) - 8 * H;
  const end = Date.UTC(y, m, 1) - 8 * H;
  const inMonth = (t: number | null) => t !== null && t >= start && t < end && t <= cutoff;
  const out = new Map<string | null, Omit<UnitCounts, 'unitId'>>();
  const counts = (unit: string | null) => {
    let c = out.get(unit);
    if (!c)
      out.set(
        unit,
        (c = { reported: 0, registered: 0, due: 0, closed: 0, closedOnTime: 0, overdue: 0, reworked: 0, ratingSum: 0, ratingCount: 0 }),
      );
    return c;
  };
  for (const c of cases) {
    const rows = c.rows.filter((r) => r.at <= cutoff);
    if (!rows.length) continue;
    let unit: string | null = null;
    let deadline: number | null = null;
    let registeredAt: number | null = null;
    let lastFinish: number | null = null;
    let failedChecks = 0;
    for (const r of rows) {
      if (r.action === 'dispatch') [unit, deadline] = [String(r.data!.unitId), Date.parse(String(r.data!.deadline))];
      if (r.action === 'approve-return') [unit, deadline] = [null, null];
      if (r.action === 'approve-extension') deadline = Date.parse(String(r.data!.deadline));
      if (r.action === 'register' || r.action === 'self-handle') registeredAt = r.at;
      if (r.action === 'finish' || r.action === 'self-handle') lastFinish = r.at;
      if (r.action === 'check' && r.to === 'dispatched') failedChecks++;
      if (r.action === 'rate' && inMonth(r.at)) {
        counts(unit).ratingSum += Number(r.data!.rating);
        counts(unit).ratingCount++;
      }
    }
    const status = rows.at(-1)!.to;
    if (inMonth(c.reportedAt)) counts(unit).reported++;
    if (!inMonth(registeredAt)) continue;
    const k = counts(unit);
    k.registered++;
    if (status === 'pending' || status === 'voided') continue;
    k.due++;
    const finished = FINISHED.includes(status);
    if (status === 'closed') {
      k.closed++;
      if (deadline === null || lastFinish! <= deadline) k.closedOnTime++;
    }
    if (deadline !== null && ((finished && lastFinish! > deadline) || (!finished && deadline < cutoff))) k.overdue++;
    if (failedChecks > 0) k.reworked++;
  }
  return out;
}

/** A generated case as a `cases` row, with the columns it had at `t`. */
function caseRow(c: GenCase, caseNo: string, t: number): Partial<Case> {
  return {
    id: c.id,
    caseNo,
    channel: 'citizen',
    categoryCode: '200102',
    theme: '环境卫生',
    description: '核对测试',
    lat: WEIDU_POINT.lat,
    lng: WEIDU_POINT.lng,
    address: null,
    gridCode: '411002004001001',
    streetCode: '411002004',
    districtCode: '411002',
    reporterId: demoUserId('demo-citizen'),
    inspectorId: null,
    openRequest: null,
    requestedDeadline: null,
    reportedAt: new Date(c.reportedAt),
    selfHandled: c.selfHandled,
    duplicateOf: null,
    mediaIds: [],
    afterMediaIds: [],
    ratingComment: null,
    ...columnsAt(c, t),
  };
}

const asMap = (rows: UnitCounts[]) => new Map(rows.map(({ unitId, ...c }) => [unitId, c]));
const sorted = <T>(m: Map<string | null, T>) => [...m.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));

describe(`month figures taken once, checked against the one-pass statement, on ${ENGINE}`, () => {
  let t: TestApp;
  let stats: StatsService;
  let cases: GenCase[];
  let units: string[];
  let central: string[];

  const writeCases = async (at: number, only?: Set<string>) => {
    const repo = t.dataSource.getRepository(Case);
    for (const c of cases) {
      if (c.reportedAt > at || (only && !only.has(c.id))) continue;
      const cols = columnsAt(c, at);
      await repo.update({ id: c.id }, cols);
    }
  };

  beforeAll(async () => {
    if (Date.now() < NOW_FLOOR) throw new Error('this test needs the machine clock past 2026-11-20');
    t = await startApp();
    stats = t.app.get(StatsService);
    const groups = (await t.http().get('/api/v1/evaluation-groups?month=2026-08')).body;
    central = groups
      .find((g: { code: string }) => g.code === 'central')
      .units.map((u: { id: string }) => u.id)
      .slice(0, 3);
    const streets = groups
      .find((g: { code: string }) => g.code === 'street')
      .units.map((u: { id: string }) => u.id)
      .slice(0, 3);
    units = [...central, ...streets];
    cases = generate(units, 600, 20261130);
    // Phase 1: the world at T1.
    const caseRows = cases.filter((c) => c.reportedAt <= T1).map((c, i) => caseRow(c, `XCF${String(i).padStart(8, '0')}`, T1));
    for (let i = 0; i < caseRows.length; i += 100) await t.dataSource.getRepository(Case).insert(caseRows.slice(i, i + 100));
    await insertHistory((r) => r.at <= T1);
  });
  afterAll(async () => {
    await t?.close();
  });

  const insertHistory = async (which: (r: Row) => boolean) => {
    const rows = cases.flatMap((c) =>
      c.rows.filter(which).map((r) => ({
        caseId: c.id,
        seq: r.seq,
        action: r.action as CaseHistory['action'],
        fromStatus: r.from,
        toStatus: r.to,
        actorId: 'x',
        actorRole: 'operator',
        note: null,
        mediaIds: [],
        data: r.data,
        at: new Date(r.at),
      })),
    );
    for (let i = 0; i < rows.length; i += 200) await t.dataSource.getRepository(CaseHistory).insert(rows.slice(i, i + 200));
  };

  it('takes the closed months once, then keeps them while the cases move on', async () => {
    // At T1 May–July had closed: their snapshots are what the one-pass statement says now.
    const atT1: Record<string, UnitCounts[]> = {};
    for (const month of ['2026-05', '2026-06', '2026-07']) {
      const before = await stats.onePass(month);
      atT1[month] = await stats.snapshot(month);
      expect(sorted(asMap(atT1[month]))).toEqual(sorted(asMap(before)));
    }
    // Phase 2: the moves after T1 (re-dispatches, extensions, late finishes, ratings…) and the cases reported since.
    const later = cases.filter((c) => c.reportedAt > T1);
    for (const [i, c] of later.entries()) await t.dataSource.getRepository(Case).insert(caseRow(c, `XCG${String(i).padStart(8, '0')}`, T2));
    await insertHistory((r) => r.at > T1);
    await writeCases(T2, new Set(cases.filter((c) => c.reportedAt <= T1).map((c) => c.id)));

    // The generator did move cases of those months after their end: the check below is not vacuous.
    const julyMovedLater = cases.filter(
      (c) =>
        c.reportedAt >= city('2026-07-01T00:00:00') &&
        c.reportedAt < city('2026-08-01T00:00:00') &&
        c.rows.some((r) => r.at > T1 && ['dispatch', 'approve-return', 'approve-extension'].includes(r.action)),
    );
    expect(julyMovedLater.length).toBeGreaterThan(5);

    for (const month of ['2026-05', '2026-06', '2026-07']) {
      const stored = (await t.dataSource.getRepository(MonthFigures).findBy({ month })).length;
      const snap = await stats.snapshot(month);
      expect(snap.length).toBe(stored);
      const onePass = await stats.onePass(month);
      expect(sorted(asMap(snap))).toEqual(sorted(asMap(onePass)));
      expect(sorted(asMap(snap))).toEqual(sorted(asMap(atT1[month])));
    }
  });

  it('agrees with the reference for every month and random past cut-offs', async () => {
    const rand = prng(7);
    for (const month of MONTHS) {
      const [y, m] = month.split('-').map(Number);
      const end = Date.UTC(y, m, 1) - 8 * H;
      const want = sorted(reference(cases, month, end)).filter(([, c]) => Object.values(c).some((v) => v !== 0));
      const nonZero = (rows: UnitCounts[]) => sorted(asMap(rows)).filter(([, c]) => Object.values(c).some((v) => v !== 0));
      expect(nonZero(await stats.snapshot(month))).toEqual(want);
      expect(nonZero(await stats.onePass(month))).toEqual(want);
      expect(want.reduce((a, [, c]) => a + c.registered, 0)).toBeGreaterThan(20);
      // A cut-off inside the month (the live statement over the history).
      const start = Date.UTC(y, m - 1, 1) - 8 * H;
      const cut = Math.floor((start + rand() * (end - start)) / 1000) * 1000;
      const live = await stats.onePass(month, new Date(cut));
      expect(nonZero(live)).toEqual(sorted(reference(cases, month, cut)).filter(([, c]) => Object.values(c).some((v) => v !== 0)));
    }
  });

  it('serves a unit, a group and the city of a closed month from the snapshot, equal to the statement', async () => {
    const month = '2026-06';
    const snap = asMap(await stats.snapshot(month));
    const unit = units[0];
    const u = (await t.http().get(`/api/v1/stats/monthly?month=${month}&unitId=${unit}`)).body;
    expect(u).toMatchObject({ registered: snap.get(unit)!.registered, due: snap.get(unit)!.due, overdue: snap.get(unit)!.overdue });
    const g = (await t.http().get(`/api/v1/stats/monthly?month=${month}&groupCode=central`)).body;
    const sumOf = (ids: string[], k: keyof Omit<UnitCounts, 'unitId'>) => ids.reduce((a, id) => a + (snap.get(id)?.[k] ?? 0), 0);
    expect(g).toMatchObject({ registered: sumOf(central, 'registered'), closed: sumOf(central, 'closed') });
    // The same through the live statement at an explicit cut-off one second before the month's end.
    const [y, m] = month.split('-').map(Number);
    const lastSecond = new Date(Date.UTC(y, m, 1) - 8 * H - 1000).toISOString();
    const live = (await t.http().get(`/api/v1/stats/monthly?month=${month}&groupCode=central&cutoff=${encodeURIComponent(lastSecond)}`))
      .body;
    const ref = reference(cases, month, Date.parse(lastSecond));
    expect(live.registered).toBe(central.reduce((a, id) => a + (ref.get(id)?.registered ?? 0), 0));
    expect(live.overdue).toBe(central.reduce((a, id) => a + (ref.get(id)?.overdue ?? 0), 0));
    const cityNow = (await t.http().get(`/api/v1/stats/monthly?month=${month}`)).body;
    const all = [...snap.values()];
    expect(cityNow.registered).toBe(all.reduce((a, c) => a + c.registered, 0));
    expect(cityNow.reported).toBe(all.reduce((a, c) => a + c.reported, 0));
  });

  it('never snapshots a month that has not closed', async () => {
    await expect(stats.snapshot('2099-01')).rejects.toThrow(/has not closed/);
    expect(await t.dataSource.getRepository(MonthFigures).countBy({ month: '2099-01' })).toBe(0);
  });
});

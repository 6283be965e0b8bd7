import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CASE_STATUSES, decide, type CaseAction, type CaseFacts, type CaseStatus, type Role } from '@xc/shared';
import { SeedService } from '../src/seed/seed.service.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

interface HistoryRow {
  case_id: string;
  seq: number;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  actor_id: string;
  actor_role: Role;
  data: string | Record<string, unknown> | null;
}

describe(`demo cases on ${ENGINE}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DEMO_CASES: '1' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('seeds a few hundred cases over the last three months, in every status', async () => {
    const rows = await t.dataSource.query('SELECT status, COUNT(*) AS n, MIN(reported_at) AS first FROM cases GROUP BY status');
    const total = rows.reduce((s: number, r: { n: number }) => s + Number(r.n), 0);
    expect(total).toBeGreaterThanOrEqual(300);
    expect(rows.map((r: { status: string }) => r.status).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it('gives every case a history that explains it, move by move, by the transition table', async () => {
    const cases = await t.dataSource.query('SELECT id, status, version, rating FROM cases');
    const users = new Map<string, string | null>(
      (await t.dataSource.query('SELECT id, unit_id FROM users')).map((u: { id: string; unit_id: string | null }) => [u.id, u.unit_id]),
    );
    const history: HistoryRow[] = await t.dataSource.query(
      'SELECT case_id, seq, action, from_status, to_status, actor_id, actor_role, data FROM case_history ORDER BY case_id, seq',
    );
    const byCase = new Map<string, HistoryRow[]>();
    for (const h of history) byCase.set(h.case_id, [...(byCase.get(h.case_id) ?? []), h]);
    for (const c of cases) {
      const moves = byCase.get(c.id)!;
      expect(moves.map((m) => Number(m.seq))).toEqual(moves.map((_, i) => i + 1));
      expect(Number(c.version)).toBe(moves.length);
      expect(moves.at(-1)!.to_status).toBe(c.status);
      const facts: CaseFacts = {
        status: 'reported',
        reporterId: moves[0].actor_id,
        assignedUnitId: null,
        assignedInspectorId: null,
        openRequest: null,
        rated: false,
      };
      for (const m of moves.slice(1)) {
        expect(m.from_status).toBe(facts.status);
        if (m.action === 'self-handle') {
          facts.status = m.to_status;
          continue;
        }
        const data = (typeof m.data === 'string' ? JSON.parse(m.data) : m.data) ?? {};
        const verdict = decide(
          m.action as CaseAction,
          facts,
          { id: m.actor_id, roles: [m.actor_role], unitId: users.get(m.actor_id) ?? null },
          { passed: m.to_status === 'checked' || data.passed },
        );
        expect({ case: c.id, action: m.action, verdict }).toEqual({ case: c.id, action: m.action, verdict: { ok: true, to: m.to_status } });
        facts.status = m.to_status;
        if (m.action === 'dispatch') facts.assignedUnitId = data.unitId;
        if (m.action === 'approve-return') facts.assignedUnitId = null;
        if (m.action === 'request-extension') facts.openRequest = 'extension';
        if (m.action === 'request-return') facts.openRequest = 'return';
        if (['approve-extension', 'reject-extension', 'reject-return', 'approve-return'].includes(m.action)) facts.openRequest = null;
        if (m.action === 'rate') facts.rated = true;
      }
      expect(facts.rated).toBe(c.rating !== null);
    }
  });

  it('serves real, stripped demo photos and sensible figures for last month', async () => {
    const list = await t.http().get('/api/v1/cases?scope=public&limit=5');
    const photo = list.body.items[0].media[0];
    const img = await t.http().get(photo.url);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const prev = new Date(Date.now() + 8 * 3600_000);
    prev.setUTCMonth(prev.getUTCMonth() - 1);
    const stats = (await t.http().get(`/api/v1/stats/monthly?month=${prev.toISOString().slice(0, 7)}`)).body;
    expect(stats.due).toBeGreaterThan(50);
    expect(stats.closureRate).toBeGreaterThan(0.5);
    expect(stats.closureRate).toBeLessThanOrEqual(1);
    expect(stats.satisfaction.count).toBeGreaterThan(5);
  });

  it('seeds nothing more when started again', async () => {
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(await t.app.get(SeedService).seedDemoCases()).toBe(0);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(Number(after)).toBe(Number(before));
  });
});

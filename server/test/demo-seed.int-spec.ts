import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CASE_STATUSES, cityMonth, decide, type CaseAction, type CaseFacts, type CaseStatus, type Role } from '@xc/shared';
import sharp from 'sharp';
import { PHRASES } from '../src/seed/demo-descriptions.js';
import { photoKindOf } from '../src/seed/demo-photos.js';
import { CATEGORIES, COMMUNITIES, GRIDS } from '../src/seed/reference/index.js';
import { SeedService } from '../src/seed/seed.service.js';
import { monthRange } from '../src/common/month.js';
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

/** The dense month at a reduced volume: the real one (35,395) is for `npm start` on MariaDB. */
const MONTH_CASES = 3000;

describe(`demo cases on ${ENGINE}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DEMO_CASES: '1', DEMO_VOLUME: String(MONTH_CASES) });
  }, 180_000);
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

  it('describes every case in words of its own category, at a place of its grid', async () => {
    const rows: { category_code: string; description: string; grid_code: string }[] = await t.dataSource.query(
      'SELECT category_code, description, grid_code FROM cases',
    );
    const names = new Map(CATEGORIES.map((c) => [c.code, c.name]));
    const wrong = rows.filter((r) => !PHRASES[r.category_code].some((p) => r.description.includes(p)));
    expect(wrong.map((r) => `${names.get(r.category_code)}: ${r.description}`)).toEqual([]);
    const community = new Map(GRIDS.map((g) => [g.code, COMMUNITIES.find((c) => c.code === g.communityCode)!.name]));
    expect(rows.filter((r) => !r.description.includes(community.get(r.grid_code)!))).toEqual([]);
    expect(new Set(rows.map((r) => r.description)).size).toBeGreaterThan(rows.length / 10);
    // Categories come as often as a city sees them: rubbish far more often than a rare facility.
    const count = (code: string) => rows.filter((r) => r.category_code === code).length;
    expect(count('200102')).toBeGreaterThan(10 * Math.max(1, count('100605')));
  });

  it('shows a photo of the kind of problem: different pictures for different categories, real JPEGs without EXIF', async () => {
    const rows: { category_code: string; media_ids: string | string[] }[] = await t.dataSource.query(
      "SELECT category_code, media_ids FROM cases WHERE category_code IN ('100102', '200102', '200505', '100118')",
    );
    const photoOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const ids = typeof r.media_ids === 'string' ? JSON.parse(r.media_ids) : r.media_ids;
      const kind = photoKindOf(CATEGORIES.find((c) => c.code === r.category_code)!);
      photoOf.set(kind, new Set([...(photoOf.get(kind) ?? []), ...ids]));
    }
    expect([...photoOf.keys()].sort()).toEqual(['lamp', 'manhole', 'parking', 'rubbish']);
    const kinds = [...photoOf.values()];
    for (let a = 0; a < kinds.length; a++)
      for (let b = a + 1; b < kinds.length; b++) expect([...kinds[a]].filter((id) => kinds[b].has(id))).toEqual([]);
    const bodies = await Promise.all(
      kinds.map(async (ids) => {
        const [{ storage_key: key }] = await t.dataSource.query('SELECT storage_key FROM media WHERE id = ?', [[...ids][0]]);
        const res = await t.http().get(`/media/${key}`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
        const meta = await sharp(res.body as Buffer).metadata();
        expect({ format: meta.format, exif: meta.exif ?? null }).toEqual({ format: 'jpeg', exif: null });
        return (res.body as Buffer).toString('base64');
      }),
    );
    expect(new Set(bodies).size).toBe(kinds.length);
  });

  it("sends every 核实 and 核查 to an inspector whose grids hold the case, and files patrol reports in the reporter's grids", async () => {
    const covers = new Set(
      (await t.dataSource.query('SELECT user_id, grid_code FROM inspector_grids')).map(
        (r: { user_id: string; grid_code: string }) => `${r.user_id}|${r.grid_code}`,
      ),
    );
    const open: { id: string; inspector_id: string; grid_code: string }[] = await t.dataSource.query(
      "SELECT id, inspector_id, grid_code FROM cases WHERE status IN ('verifying', 'checking')",
    );
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((c) => !covers.has(`${c.inspector_id}|${c.grid_code}`))).toEqual([]);
    const moves: { case_id: string; actor_id: string; grid_code: string }[] = await t.dataSource.query(
      `SELECT h.case_id, h.actor_id, c.grid_code FROM case_history h JOIN cases c ON c.id = h.case_id
        WHERE h.action IN ('verify', 'check', 'self-handle') OR (h.action = 'report' AND c.channel = 'patrol')`,
    );
    expect(moves.length).toBeGreaterThan(50);
    expect(moves.filter((m) => !covers.has(`${m.actor_id}|${m.grid_code}`))).toEqual([]);
    // The demo inspector has work of his own, all of it inside his two grids.
    const [{ id: inspector }] = await t.dataSource.query("SELECT id FROM users WHERE username = 'demo-inspector'");
    const his = moves.filter((m) => m.actor_id === inspector);
    expect(his.length).toBeGreaterThan(10);
    expect(new Set(his.map((m) => m.grid_code)).size).toBeLessThanOrEqual(2);
  });

  it('fills last month at the configured volume, so its ranking spreads like a real month', async () => {
    const last = cityMonth(monthRange(cityMonth()).start.getTime() - 1);
    const stats = (await t.http().get(`/api/v1/stats/monthly?month=${last}`)).body;
    expect(stats.reported).toBeGreaterThanOrEqual(MONTH_CASES);
    const scores: { score: string | number; group_code: string }[] = await t.dataSource.query(
      `SELECT s.score, s.group_code FROM evaluation_scores s JOIN evaluations e ON e.month = s.month AND e.revision = s.revision
        WHERE s.month = ? AND e.status = 'published' AND s.group_code IN ('city', 'street')`,
      [last],
    );
    const values = scores.map((s) => Number(s.score));
    expect(values.length).toBeGreaterThan(50);
    // Like the source's month: most units between 90 and 100, a few well below.
    expect(values.filter((v) => v >= 90).length / values.length).toBeGreaterThan(0.7);
    expect(values.some((v) => v < 90)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(10);
  });

  it('seeds nothing more when started again', async () => {
    const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(await t.app.get(SeedService).seedDemoCases()).toBe(0);
    expect(await t.app.get(SeedService).seedDemoMonth()).toBe(0);
    expect(await t.app.get(SeedService).seedStreetInspectors()).toBe(0);
    const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM cases');
    expect(Number(after)).toBe(Number(before));
  });
});

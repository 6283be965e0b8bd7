import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CASE_ACTIONS, CASE_STATUSES, CASE_TRANSITIONS } from '@xc/shared';
import { actors, caseBody, makeMedia, STAFF } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * Random sequences of actions by random actors, through the HTTP API. Whatever happens, a case
 * never leaves the table's statuses, never loses a history row, and its status is always the
 * target of its last history row; every refusal is a 4xx of the contract, never a 500.
 */
describe(`case lifecycle properties on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let units: string[];
  const media: Record<string, string[]> = {};
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, STAFF);
    units = (await t.http().get('/api/v1/evaluation-groups')).body[1].units.map((u: { id: string }) => u.id).slice(0, 3);
    for (const u of STAFF) media[u] = [await makeMedia(t, u), await makeMedia(t, u)];
  });
  afterAll(async () => {
    await t?.close();
  });

  // Mostly an actor whose role the action allows (so that moves happen), sometimes anyone.
  const ROLE_OF: Record<string, string> = {
    'demo-citizen': 'citizen',
    'demo-citizen-2': 'citizen',
    'demo-inspector': 'inspector',
    'demo-operator': 'operator',
    'demo-dispatcher': 'dispatcher',
    'demo-handler': 'handler',
    'demo-handler-2': 'handler',
    'demo-evaluator': 'evaluator',
    'demo-admin': 'admin',
  };
  const command = fc.constantFrom(...CASE_ACTIONS).chain((action) => {
    const allowed = STAFF.filter((u) => (CASE_TRANSITIONS[action].roles as readonly string[]).includes(ROLE_OF[u]));
    return fc.record({
      action: fc.constant(action),
      actor: fc.oneof({ arbitrary: fc.constantFrom(...allowed), weight: 6 }, { arbitrary: fc.constantFrom(...STAFF), weight: 1 }),
      passed: fc.boolean(),
      unit: fc.integer({ min: 0, max: 2 }),
      stale: fc.integer({ min: 0, max: 9 }),
      rating: fc.integer({ min: 0, max: 6 }),
      withMedia: fc.boolean(),
    });
  });

  it('keeps every case consistent with its history', async () => {
    let moves = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 20 }), async (commands) => {
        const created = await a.post('demo-citizen', '/api/v1/cases', caseBody([media['demo-citizen'][0]]));
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        let version = 1;
        let successes = 0;
        for (const c of commands) {
          const body: Record<string, unknown> = {
            action: c.action,
            version: c.stale === 0 ? version - 1 || 99 : version,
            passed: c.passed,
            note: '随机测试',
            unitId: units[c.unit],
            // The reporter rates; demo-handler belongs to the first unit.
            rating: c.rating,
            reason: 'invalid',
            deadline: new Date(Date.now() + 30 * 86400_000).toISOString(),
          };
          if (c.withMedia) body.mediaIds = [media[c.actor][0]];
          const res = await a.post(c.actor, `/api/v1/cases/${id}/actions`, body);
          expect([200, 400, 403, 409]).toContain(res.status);
          if (res.status === 200) {
            successes++;
            expect(res.body.version).toBe(version + 1);
            expect(CASE_TRANSITIONS[c.action as keyof typeof CASE_TRANSITIONS].to).toContain(res.body.status);
            version = res.body.version;
          } else {
            expect(typeof res.body.code).toBe('string');
          }
        }
        const [row] = await t.dataSource.query('SELECT status, version FROM cases WHERE id = ?', [id]);
        const history = await t.dataSource.query('SELECT seq, from_status, to_status FROM case_history WHERE case_id = ? ORDER BY seq', [
          id,
        ]);
        expect(CASE_STATUSES).toContain(row.status);
        expect(Number(row.version)).toBe(version);
        expect(history.length).toBe(1 + successes);
        expect(history.map((h: { seq: number }) => Number(h.seq))).toEqual(history.map((_: unknown, i: number) => i + 1));
        for (let i = 1; i < history.length; i++) expect(history[i].from_status).toBe(history[i - 1].to_status);
        expect(history[history.length - 1].to_status).toBe(row.status);
        moves += successes;
      }),
      { numRuns: 50, seed: Number(process.env.FC_SEED ?? 20261127) },
    );
    // Not vacuous: the random commands did move cases.
    expect(moves).toBeGreaterThan(20);
  }, 120_000);
});

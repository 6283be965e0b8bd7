import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, makeMedia, STAFF } from './support/builders.js';
import { startApp, type TestApp } from './support/harness.js';

describe('case concurrency on MariaDB', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  let unitId: string;
  beforeAll(async () => {
    t = await startApp();
    a = await actors(t, STAFF);
    unitId = (await t.http().get('/api/v1/evaluation-groups')).body[1].units[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets exactly one of eight dispatchers acting at once succeed; the others get VERSION_CONFLICT', async () => {
    const c = (await a.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]))).body;
    const reg = await a.post('demo-operator', `/api/v1/cases/${c.id}/actions`, { action: 'register', version: 1 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        a.post('demo-dispatcher', `/api/v1/cases/${c.id}/actions`, { action: 'dispatch', unitId, version: reg.body.version }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'VERSION_CONFLICT')).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const history = await t.dataSource.query('SELECT seq, to_status FROM case_history WHERE case_id = ? ORDER BY seq', [c.id]);
    expect(history.map((h: { to_status: string }) => h.to_status)).toEqual(['reported', 'registered', 'dispatched']);
  });

  it('creates one case from ten racing retries with one Idempotency-Key', async () => {
    const media = await makeMedia(t, 'demo-citizen');
    const body = caseBody([media], { description: '并发幂等：同一个键' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => a.post('demo-citizen', '/api/v1/cases', body, { 'Idempotency-Key': 'race-key-000001' })),
    );
    for (const r of results) {
      expect([201, 409]).toContain(r.status);
      if (r.status === 409) expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    }
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM cases WHERE description = '并发幂等：同一个键'");
    expect(Number(n)).toBe(1);
    const later = await a.post('demo-citizen', '/api/v1/cases', body, { 'Idempotency-Key': 'race-key-000001' });
    expect(later.status).toBe(201);
    expect(later.body.id).toBe([...ids][0]);
  });

  it('gives thirty concurrent reports thirty distinct case numbers', async () => {
    const media = await Promise.all(Array.from({ length: 30 }, () => makeMedia(t, 'demo-citizen-2')));
    const results = await Promise.all(
      media.map((m, i) => a.post('demo-citizen-2', '/api/v1/cases', caseBody([m], { description: `并发编号 ${i}` }))),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.caseNo)).size).toBe(30);
  });
});

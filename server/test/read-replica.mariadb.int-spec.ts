import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CacheBus } from '../src/redis/cache-bus.js';
import { actors, caseBody, makeMedia } from './support/builders.js';
import { freshDatabase, startApp, type TestApp } from './support/harness.js';

const dbName = (url: string) => new URL(url).pathname.slice(1);

/**
 * DATABASE_REPLICA_URLS with a second database on the same server standing in for the replica: a
 * marker written only into the replica shows where each route reads from.
 */
describe('read replicas on MariaDB', () => {
  let primary: Awaited<ReturnType<typeof freshDatabase>>;
  let replica: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;
  let who: Awaited<ReturnType<typeof actors>>;
  let caseId: string;

  beforeAll(async () => {
    primary = await freshDatabase('mariadb');
    replica = await freshDatabase('mariadb');
    // The replica gets the same schema and reference data (a real one would by replication).
    const seeding = await startApp({ DATABASE_URL: replica.url, JOBS: '0' });
    await seeding.close();
    t = await startApp({ DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: replica.url, JOBS: '0' });
    who = await actors(t, ['demo-citizen']);
    const res = await who.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(t, 'demo-citizen')]), {
      'Idempotency-Key': 'replica-test-case-0001',
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
    // "Replication", then a marker only in the replica.
    const [p, r] = [dbName(primary.url), dbName(replica.url)];
    await t.dataSource.query(`INSERT INTO \`${r}\`.cases SELECT * FROM \`${p}\`.cases`);
    await t.dataSource.query(`UPDATE \`${r}\`.cases SET description = '副本里的标记' WHERE id = ?`, [caseId]);
    await t.dataSource.query(`UPDATE \`${r}\`.categories SET name = '副本里的类别' WHERE code = '200102'`);
  });
  afterAll(async () => {
    await t?.close();
    await primary?.drop();
    await replica?.drop();
  });

  it('anonymous public lists and Open311 reads come from the replica', async () => {
    const list = await t.http().get('/api/v1/cases');
    expect(list.status).toBe(200);
    expect(list.body.items.find((c: { id: string }) => c.id === caseId)?.description).toBe('副本里的标记');
    const open311 = await t.http().get('/api/open311/v2/requests.json');
    expect(open311.status).toBe(200);
    expect(JSON.stringify(open311.body)).toContain('副本里的标记');
  });

  it('a process-wide cache filled during a replica read is filled from the primary', async () => {
    t.app.get(CacheBus).invalidate('categories');
    t.app.get(CacheBus).invalidate('public-answers');
    const list = await t.http().get('/api/v1/cases');
    const item = list.body.items.find((c: { id: string }) => c.id === caseId);
    expect(item.description).toBe('副本里的标记');
    expect(item.categoryName).not.toBe('副本里的类别');
    expect(typeof item.categoryName).toBe('string');
  });

  it('a signed-in caller and every write use the primary', async () => {
    const mine = await who.get('demo-citizen', '/api/v1/cases');
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === caseId)?.description).toBe(caseBody([]).description);
    const detail = await t.http().get(`/api/v1/cases/${caseId}`);
    expect(detail.body.description).toBe(caseBody([]).description);
    const [row] = await t.dataSource.query('SELECT description FROM cases WHERE id = ?', [caseId]);
    expect(row.description).toBe(caseBody([]).description);
  });
});

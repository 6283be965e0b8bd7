import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actors, caseBody, makeMedia, until, WEIDU_POINT } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, testRedis, type TestApp } from './support/harness.js';

/** Polls `read` on the other instance until it holds; returns how long that took. */
const seenWithin = (read: () => Promise<boolean>, ms = 1000) => until(read, ms, 10);

/**
 * Two processes on one database and one Redis: an admin change made on A empties B's in-process
 * caches (categories, grids, calendar) within a second, though their TTLs are a minute or more.
 */
describe(`shared cache invalidation (${ENGINE})`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const redis = testRedis();
  let a: TestApp;
  let b: TestApp;
  let adminA: string;
  let citizenB: Awaited<ReturnType<typeof actors>>;

  beforeAll(async () => {
    db = await freshDatabase();
    a = await startApp({ DATABASE_URL: db.url, JOBS: '0', ...redis.env });
    b = await startApp({ DATABASE_URL: db.url, JOBS: '0', MEDIA_DIR: a.config.mediaDir, ...redis.env });
    adminA = await a.login('demo-admin');
    citizenB = await actors(b, ['demo-citizen']);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const patchOnA = (url: string, body: object) => a.http().patch(url).set('Authorization', `Bearer ${adminA}`).send(body);

  it('a category renamed on A shows under its new name on B', async () => {
    const created = await citizenB.post('demo-citizen', '/api/v1/cases', caseBody([await makeMedia(b, 'demo-citizen')]), {
      'Idempotency-Key': 'shared-cache-case-0001',
    });
    expect(created.status).toBe(201);
    const nameOnB = async () => (await citizenB.get('demo-citizen', `/api/v1/cases/${created.body.id}`)).body.categoryName;
    const before = await nameOnB();
    expect(typeof before).toBe('string');
    expect((await patchOnA('/api/v1/admin/categories/200102', { name: '暴露垃圾（改名）' })).status).toBe(200);
    await seenWithin(async () => (await nameOnB()) === '暴露垃圾（改名）');
  });

  it('a grid renamed on A is what B locates', async () => {
    const locateOnB = async () =>
      (await b.http().get(`/api/v1/grids/locate?lat=${WEIDU_POINT.lat}&lng=${WEIDU_POINT.lng}`)).body.grid as {
        code: string;
        name: string;
      };
    const grid = await locateOnB();
    expect(grid.code).toMatch(/^\d{15}$/);
    expect((await patchOnA(`/api/v1/admin/grids/${grid.code}`, { name: '南关一号网格（改）' })).status).toBe(200);
    await seenWithin(async () => (await locateOnB()).name === '南关一号网格（改）');
  });

  it('a holiday set on A moves the deadlines B computes', async () => {
    // Monday 2027-01-04 09:00 city time, one working day.
    const deadlineOnB = async () =>
      (await b.http().get('/api/v1/calendar/deadline?start=2027-01-04T01:00:00.000Z&value=1&unit=workday')).body.deadline as string;
    const before = await deadlineOnB();
    const put = await a
      .http()
      .put('/api/v1/admin/calendar/2027')
      .set('Authorization', `Bearer ${adminA}`)
      .send({ days: [{ date: '2027-01-05', kind: 'holiday', name: '测试假日' }] });
    expect(put.status).toBe(200);
    await seenWithin(async () => (await deadlineOnB()) !== before);
    expect(new Date(await deadlineOnB()).getTime()).toBeGreaterThan(new Date(before).getTime());
  });
});

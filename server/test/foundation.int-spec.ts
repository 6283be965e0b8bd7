import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`foundation on ${ENGINE}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /api/health with the database up', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'off', storage: 'up' });
  });

  it('ran the committed migrations, and they match the entities exactly', async () => {
    const applied = await t.dataSource.query('SELECT name FROM migrations');
    expect(applied.length).toBeGreaterThanOrEqual(1);
    const diff = await t.dataSource.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.info.title).toContain('许昌智慧城管');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/v1/me', '/api/v1/grids/locate']));
    const ui = await t.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await t.http().get('/api/health').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    const other = await t.http().get('/api/health');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes, under /api/ and under /media/, with the contract error format', async () => {
    for (const url of ['/api/v1/nope', '/media/0123456789abcdef0123456789abcdef.jpg', '/media/', '/media/a/b']) {
      const res = await t.http().get(url);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: {} });
    }
  });

  it('answers malformed JSON with 400, never a stack trace', async () => {
    const res = await t.http().post('/api/v1/auth/demo').set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers an oversized JSON body with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/demo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects unknown fields and names every bad field in Chinese', async () => {
    const res = await t.http().post('/api/v1/auth/demo').send({ username: 42, admin: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.details.fields).sort()).toEqual(['admin', 'username']);
    expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('seeds idempotently: seeding again inserts nothing', async () => {
    const { SeedService } = await import('../src/seed/seed.service.js');
    const seed = t.app.get(SeedService);
    const again = await seed.seedReference();
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect(await seed.seedDemoUsers()).toBe(0);
    expect(await seed.seedUnitStaff()).toBe(0);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM users WHERE username LIKE 'demo-%'");
    expect(Number(n)).toBe(9);
    // Every unit has a handler account: 87 units, two of them served by the demo handlers.
    const [{ staff }] = await t.dataSource.query("SELECT COUNT(*) AS staff FROM users WHERE username LIKE 'staff-%'");
    expect(Number(staff)).toBe(85);
  });
});

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { actors, caseBody } from './support/builders.js';
import { ENGINE, freshDatabase, startApp, type TestApp } from './support/harness.js';
import { startS3 } from './support/s3.js';
import { jobsSettled } from './support/jobs.js';

/** MEDIA_STORAGE=s3: two processes, each with its own (empty) media directory, one bucket. */
describe(`photos in an S3 bucket (${ENGINE})`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let a: TestApp;
  let b: TestApp;
  let who: Awaited<ReturnType<typeof actors>>;

  beforeAll(async () => {
    db = await freshDatabase();
    s3 = await startS3();
    a = await startApp({ DATABASE_URL: db.url, JOBS: '0', ...s3.env });
    b = await startApp({ DATABASE_URL: db.url, JOBS: '0', ...s3.env });
    who = await actors(a, ['demo-citizen', 'demo-operator']);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await s3?.stop();
    await db?.drop();
  });

  const upload = async () => {
    const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#36c' } })
      .jpeg()
      .toBuffer();
    const res = await a
      .http()
      .post('/api/v1/media')
      .set('Authorization', `Bearer ${who.token('demo-citizen')}`)
      .attach('file', photo, 'p.jpg');
    expect(res.status).toBe(201);
    return res.body as { id: string; url: string; thumbUrl: string };
  };

  it('a photo uploaded through A is in the bucket and served by B with ETag and a year of caching', async () => {
    const m = await upload();
    expect(m.url).toMatch(/^\/media\/[a-z0-9]+\.jpg$/);
    // The thumbnail and public copies come from a queued job, into the same bucket.
    await jobsSettled(a);
    const keys = await s3.keys();
    expect(keys).toContain(m.url.slice('/media/'.length));
    expect(keys).toContain(m.thumbUrl.slice('/media/'.length));
    // Nothing on either process's disk.
    expect(fs.readdirSync(a.config.mediaDir).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect(fs.readdirSync(b.config.mediaDir).filter((f) => !f.startsWith('.'))).toEqual([]);

    const res = await b.http().get(m.url).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect((await sharp(res.body as Buffer).metadata()).format).toBe('jpeg');
    const again = await b.http().get(m.url).set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
    expect((await a.http().head(m.thumbUrl)).status).toBe(200);
  });

  it('a missing or malformed key is the JSON 404; a photo hidden from the public leaves the bucket', async () => {
    for (const url of ['/media/0123456789abcdef.jpg', '/media/..%2Fetc%2Fpasswd', '/media/a/b.jpg']) {
      const res = await b.http().get(url);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const m = await upload();
    const created = await who.post('demo-citizen', '/api/v1/cases', caseBody([m.id]), { 'Idempotency-Key': 's3-test-case-key-0001' });
    expect(created.status).toBe(201);
    await jobsSettled(a);
    const publicKeys = (await a.dataSource.query('SELECT public_key, public_thumb_key FROM media WHERE id = ?', [m.id]))[0];
    const before = await s3.keys();
    expect(before).toContain(publicKeys.public_key);
    const hide = await a
      .http()
      .patch(`/api/v1/media/${m.id}`)
      .set('Authorization', `Bearer ${who.token('demo-operator')}`)
      .send({ publicHidden: true });
    expect(hide.status).toBe(200);
    const after = await s3.keys();
    expect(after).not.toContain(publicKeys.public_key);
    expect(after).not.toContain(publicKeys.public_thumb_key);
    expect((await b.http().get(`/media/${publicKeys.public_key}`)).status).toBe(404);
  });
});

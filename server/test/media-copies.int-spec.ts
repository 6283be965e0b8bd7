import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import sharp from 'sharp';
import { JOB_QUEUE, type JobQueue } from '../src/jobs/job-queue.js';
import { MEDIA_COPIES_JOB, MediaService } from '../src/media/media.service.js';
import { MEDIA_STORAGE, type MediaStorage } from '../src/media/media.storage.js';
import { photoWithGps } from './fixtures/images.js';
import { actors, getBytes } from './support/builders.js';
import { ENGINE, startApp, testRedis, type TestApp } from './support/harness.js';
import { jobIn, jobsSettled } from './support/jobs.js';

/**
 * Thumbnails and public copies are made by a job after the upload has answered, the same job code
 * on the in-process runner and on BullMQ; their URLs answer with a picture before the job has run.
 */
describe.each(['in-process', 'bullmq'] as const)(`thumbnails on the job queue (%s, ${ENGINE})`, (kind) => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const redis = testRedis();
  let queue: JobQueue;
  let storage: MediaStorage;
  let service: MediaService;

  beforeAll(async () => {
    t = await startApp({ MEDIA_JOB_ATTEMPTS: '2', MEDIA_JOB_RETRY_BASE_MS: '50', ...(kind === 'bullmq' ? redis.env : {}) });
    a = await actors(t, ['demo-citizen', 'demo-admin']);
    queue = t.app.get<JobQueue>(JOB_QUEUE);
    storage = t.app.get<MediaStorage>(MEDIA_STORAGE);
    service = t.app.get(MediaService);
  });
  afterAll(async () => {
    await t?.close();
    await redis.cleanup();
  });

  const upload = async () => {
    const res = await t
      .http()
      .post('/api/v1/media')
      .set('Authorization', `Bearer ${a.token('demo-citizen')}`)
      .attach('file', await photoWithGps(1600, 1200), { filename: 'IMG.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    return res.body as { id: string; url: string; thumbUrl: string };
  };
  const keysOf = async (id: string) =>
    (await t.dataSource.query('SELECT storage_key, thumb_key, public_key, public_thumb_key FROM media WHERE id = ?', [id]))[0] as Record<
      'storage_key' | 'thumb_key' | 'public_key' | 'public_thumb_key',
      string
    >;
  const longSide = async (buf: Buffer) => {
    const m = await sharp(buf).metadata();
    return Math.max(m.width!, m.height!);
  };

  it(`runs on ${kind}: the upload answers, then a job stores the thumbnail and the public copies`, async () => {
    expect(queue.kind).toBe(kind);
    const m = await upload();
    const job = await jobIn(t, 'completed', MEDIA_COPIES_JOB, (j) => (j.payload as { mediaId: string }).mediaId === m.id);
    expect(job.attemptsMade).toBe(1);
    const keys = await keysOf(m.id);
    for (const key of [keys.thumb_key, keys.public_key, keys.public_thumb_key]) expect(await storage.exists(key)).toBe(true);
    const thumb = await getBytes(t, m.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(await longSide(thumb.body as Buffer)).toBeLessThanOrEqual(400);
    expect(await longSide(await storage.get(keys.public_key))).toBe(1280);
  });

  it('serves a thumbnail whose job never came by making it once on demand', async () => {
    // The queue is down at upload time: the upload still answers, and nothing makes the copies.
    const add = jest.spyOn(queue, 'add').mockRejectedValueOnce(new Error('queue down'));
    let m: { id: string; url: string; thumbUrl: string };
    try {
      m = await upload();
    } finally {
      add.mockRestore();
    }
    const keys = await keysOf(m.id);
    expect(await storage.exists(keys.thumb_key)).toBe(false);
    const [first, second] = await Promise.all([getBytes(t, m.thumbUrl), getBytes(t, m.thumbUrl)]);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(await longSide(res.body as Buffer)).toBeLessThanOrEqual(400);
    }
    // Stored now, for every later request and process; the public copy too.
    expect(await storage.exists(keys.thumb_key)).toBe(true);
    expect((await getBytes(t, `/media/${keys.public_thumb_key}`)).status).toBe(200);
  });

  it('redirects a thumbnail it cannot make to the stored photo, never answering a broken image', async () => {
    const add = jest.spyOn(queue, 'add').mockRejectedValueOnce(new Error('queue down'));
    let m: { id: string; url: string; thumbUrl: string };
    try {
      m = await upload();
    } finally {
      add.mockRestore();
    }
    const put = jest.spyOn(storage, 'put').mockRejectedValue(new Error('store refuses writes'));
    try {
      const res = await t.http().get(m.thumbUrl);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(m.url);
      expect(res.headers['cache-control']).toBe('no-store');
      // A public copy never leads to the stored photo: 503, to be retried.
      const keys = await keysOf(m.id);
      const pub = await t.http().get(`/media/${keys.public_key}`);
      expect(pub.status).toBe(503);
      expect(pub.body.code).toBe('UNAVAILABLE');
    } finally {
      put.mockRestore();
    }
    // An unknown key is still the API's 404.
    expect((await t.http().get(`/media/${'0'.repeat(32)}.thumb.jpg`)).status).toBe(404);
  });

  it('retries a failing job with backoff, then lists it as failed for admins', async () => {
    const add = jest.spyOn(queue, 'add').mockRejectedValueOnce(new Error('queue down'));
    let m: { id: string };
    try {
      m = await upload();
    } finally {
      add.mockRestore();
    }
    // The stored photo is gone (a broken bucket): the job cannot make anything from it.
    const keys = await keysOf(m.id);
    await storage.delete(keys.storage_key);
    await service.queueCopies(m.id, 'again');
    await jobIn(t, 'failed', MEDIA_COPIES_JOB, (j) => (j.payload as { mediaId: string }).mediaId === m.id);
    const res = await a.get('demo-admin', '/api/v1/admin/jobs?state=failed');
    expect(res.status).toBe(200);
    expect(res.body.queue).toBe(kind);
    const listed = res.body.items.find((j: { payload: { mediaId: string } }) => j.payload.mediaId === m.id);
    expect(listed).toMatchObject({ name: MEDIA_COPIES_JOB, state: 'failed', attemptsMade: 2, failedReason: expect.any(String) });
    expect(fs.existsSync(path.join(t.config.mediaDir, keys.thumb_key))).toBe(false);
    await jobsSettled(t);
  });
});

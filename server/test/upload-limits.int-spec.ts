import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { MediaUploadInterceptor } from '../src/media/upload.interceptor.js';
import { actors, caseBody } from './support/builders.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

/**
 * Uploads cannot exhaust the machine: they stream to temporary files that are always removed, at
 * most UPLOAD_MAX_IN_FLIGHT are taken at once (503 beyond), and a user may hold at most
 * UPLOAD_UNATTACHED_MAX photos that no case uses (429 beyond).
 */
describe(`upload limits on ${ENGINE}`, () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof actors>>;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xc-upload-tmp-'));
  let photo: Buffer;

  beforeAll(async () => {
    t = await startApp({ UPLOAD_MAX_IN_FLIGHT: '1', UPLOAD_UNATTACHED_MAX: '2', UPLOAD_TMP_DIR: tmpDir });
    a = await actors(t, ['demo-citizen', 'demo-citizen-2']);
    photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  const upload = (who: string) =>
    t
      .http()
      .post('/api/v1/media')
      .set('Authorization', `Bearer ${a.token(who)}`)
      .attach('file', photo, 'p.jpg');

  it('refuses an upload with 503 and Retry-After while the in-flight limit is taken, and takes the next one after', async () => {
    // A slow phone: headers and the start of a multipart body, then nothing.
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    const boundary = 'xcboundary';
    const slow = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/media',
      headers: {
        Authorization: `Bearer ${a.token('demo-citizen-2')}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(10 * 1024 * 1024),
      },
    });
    slow.on('error', () => undefined);
    slow.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    slow.write(photo.subarray(0, 100));
    const interceptor = t.app.get(MediaUploadInterceptor);
    for (let i = 0; i < 200 && interceptor.active === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(interceptor.active).toBe(1);
    // Streamed to a temporary file, not kept in memory.
    for (let i = 0; i < 200 && fs.readdirSync(tmpDir).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(fs.readdirSync(tmpDir)).toEqual([expect.stringMatching(/^upload-\d+-[0-9a-f]{24}$/)]);

    const busy = await upload('demo-citizen');
    expect(busy.status).toBe(503);
    expect(busy.body).toMatchObject({ code: 'UNAVAILABLE', message: '上传的人太多了，请稍后重试', details: { retryAfterSeconds: 5 } });
    expect(busy.headers['retry-after']).toBe('5');

    slow.destroy(); // the phone gives up
    for (let i = 0; i < 200 && interceptor.active > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(interceptor.active).toBe(0);
    for (let i = 0; i < 200 && fs.readdirSync(tmpDir).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(fs.readdirSync(tmpDir)).toEqual([]); // the partial file is gone
    expect((await upload('demo-citizen')).status).toBe(201);
    expect(fs.readdirSync(tmpDir)).toEqual([]); // and a finished upload leaves none either
  });

  it('holds a user to 2 photos that no case uses; a report frees the places', async () => {
    expect((await upload('demo-citizen-2')).status).toBe(201);
    const second = await upload('demo-citizen-2');
    expect(second.status).toBe(201);
    const refused = await upload('demo-citizen-2');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(refused.body.message).toMatch(/^未提交的照片已有 2 张，请先提交上报或删除不用的照片，或 2[34] 小时后再试$/);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(23 * 3600);
    expect(wait).toBeLessThanOrEqual(24 * 3600);
    expect(refused.body.details).toMatchObject({ retryAfterSeconds: wait, unattachedMax: 2 });
    // Another user is not affected.
    expect((await upload('demo-citizen')).status).toBe(201);

    const ids = (
      await t.dataSource.query(
        "SELECT id FROM media WHERE owner_id = (SELECT id FROM users WHERE username = 'demo-citizen-2') AND attached_at IS NULL",
      )
    ).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(2);
    expect((await a.post('demo-citizen-2', '/api/v1/cases', caseBody(ids))).status).toBe(201);
    expect((await upload('demo-citizen-2')).status).toBe(201);
  });
});

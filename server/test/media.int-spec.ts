import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import sharp from 'sharp';
import type { Actor } from '../src/auth/actor.js';
import { fromSqlDate } from '../src/common/db-utils.js';
import { MediaService } from '../src/media/media.service.js';
import { GPS_MARKER, oversizedJpeg, photoWithGps, pngBomb, solid } from './fixtures/images.js';
import { getBytes } from './support/builders.js';
import { jobsSettled } from './support/jobs.js';
import { ENGINE, startApp, type TestApp } from './support/harness.js';

describe(`media upload on ${ENGINE}`, () => {
  let t: TestApp;
  let citizen: string;
  let citizenId: string;
  let otherId: string;
  beforeAll(async () => {
    t = await startApp();
    citizen = await t.login('demo-citizen');
    citizenId = (await t.http().get('/api/v1/me').set('Authorization', `Bearer ${citizen}`)).body.id;
    const other = await t.login('demo-citizen-2');
    otherId = (await t.http().get('/api/v1/me').set('Authorization', `Bearer ${other}`)).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = (buf: Buffer, filename: string, contentType: string, field = 'file') =>
    t.http().post('/api/v1/media').set('Authorization', `Bearer ${citizen}`).attach(field, buf, { filename, contentType });
  const fetchPublic = (url: string) => getBytes(t, url);
  const storedFiles = () => fs.readdirSync(t.config.mediaDir).filter((f) => !f.startsWith('.'));
  const mediaRows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM media'))[0].n);

  it('stores a camera JPEG re-encoded, rotated and without EXIF or GPS, behind unguessable public URLs', async () => {
    const input = await photoWithGps(3000, 2000);
    const inMeta = await sharp(input).metadata();
    expect(inMeta.exif).toBeDefined();
    expect(input.includes(GPS_MARKER)).toBe(true);

    const res = await upload(input, 'IMG_0001.JPG', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      url: expect.stringMatching(/^\/media\/[0-9a-f]{32}\.jpg$/),
      thumbUrl: expect.stringMatching(/^\/media\/[0-9a-f]{32}\.thumb\.jpg$/),
      publicHidden: false,
    });

    const photo = await fetchPublic(res.body.url); // no Authorization header
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const outMeta = await sharp(photo.body as Buffer).metadata();
    expect(outMeta).toMatchObject({ format: 'jpeg', width: 1707, height: 2560 }); // turned upright, long side 2560
    expect(outMeta.exif).toBeUndefined();
    expect(outMeta.xmp).toBeUndefined();
    expect((photo.body as Buffer).includes(GPS_MARKER)).toBe(false);
    expect((photo.body as Buffer).includes('XuchangCam')).toBe(false);

    const thumb = await fetchPublic(res.body.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const thumbMeta = await sharp(thumb.body as Buffer).metadata();
    expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(400);
    expect(thumbMeta.exif).toBeUndefined();

    const [row] = await t.dataSource.query('SELECT * FROM media WHERE id = ?', [res.body.id]);
    expect(row).toMatchObject({
      owner_id: citizenId,
      mime: 'image/jpeg',
      ext: 'jpg',
      storage_key: res.body.url.slice('/media/'.length),
      thumb_key: res.body.thumbUrl.slice('/media/'.length),
    });
    expect(Number(row.width)).toBe(1707);
    expect(Number(row.bytes)).toBe((photo.body as Buffer).length);
    // Only the re-encoded photo, the public copy and their thumbnails are on disk: the original bytes never were.
    expect(storedFiles().sort()).toEqual([row.storage_key, row.thumb_key, row.public_key, row.public_thumb_key].sort());
    // The public copy has a token of its own: nothing in its URL leads to the stored photo.
    expect(row.public_key.slice(0, 32)).not.toBe(row.storage_key.slice(0, 32));
    const copy = await sharp(fs.readFileSync(`${t.config.mediaDir}/${row.public_key}`)).metadata();
    expect(copy).toMatchObject({ format: 'jpeg', width: 854, height: 1280 }); // 1707×2560 scaled to a long side of 1280 (853.5, rounded)
    expect(copy.exif).toBeUndefined();
    expect(storedFiles().some((f) => fs.readFileSync(`${t.config.mediaDir}/${f}`).includes(GPS_MARKER))).toBe(false);
  });

  it('accepts PNG and WebP, keeping their format and dropping their EXIF', async () => {
    for (const [format, mime] of [
      ['png', 'image/png'],
      ['webp', 'image/webp'],
    ] as const) {
      const res = await upload(await solid(format, 900, 600), `pic.${format}`, mime);
      expect(res.status).toBe(201);
      expect(res.body.url).toMatch(new RegExp(`^/media/[0-9a-f]{32}\\.${format}$`));
      const got = await fetchPublic(res.body.url);
      expect(got.headers['content-type']).toBe(mime);
      expect((got.body as Buffer).includes(GPS_MARKER)).toBe(false);
      const meta = await sharp(got.body as Buffer).metadata();
      expect(meta).toMatchObject({ format, width: 900, height: 600 });
      expect(meta.exif).toBeUndefined();
    }
  });

  it('judges the type by the bytes: text, PDF, SVG or GIF under a photo’s name and type → 415', async () => {
    // Thumbnails of earlier uploads are made in the background: counted once they are there.
    await jobsSettled(t);
    const files = storedFiles().length;
    const rows = await mediaRows();
    const fakes: [Buffer, string][] = [
      [Buffer.from('这其实是一段文字，不是照片'), 'photo.jpg'],
      [Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), 'scan.jpg'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'icon.png'],
      [await solid('gif', 64, 64), 'anim.gif'],
    ];
    for (const [buf, name] of fakes) {
      const res = await upload(buf, name, 'image/jpeg');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('JPEG') });
    }
    expect(storedFiles().length).toBe(files);
    expect(await mediaRows()).toBe(rows);
  });

  it('refuses HEIC with 415 and asks for a compatible (JPEG) photo, since this sharp cannot decode HEVC', async () => {
    const heic = Buffer.concat([Buffer.from('000000186674797068656963000000006d69663168656963', 'hex'), Buffer.alloc(256)]);
    const res = await upload(heic, 'IMG_0002.HEIC', 'image/heic');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.message).toMatch(/兼容性最佳.*JPEG/);
  });

  it('answers 413 with a Chinese message for a file over 10 MB, storing nothing', async () => {
    // Thumbnails of earlier uploads are made in the background: counted once they are there.
    await jobsSettled(t);
    const files = storedFiles().length;
    const res = await upload(oversizedJpeg(11 * 1024 * 1024), 'big.jpg', 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('10 MB'),
      details: { maxBytes: 10 * 1024 * 1024 },
    });
    expect(storedFiles().length).toBe(files);
  });

  it('refuses a 20000×20000 PNG bomb from its header: 413 图片像素过大, fast, bounded memory', async () => {
    const bomb = pngBomb(20000, 20000);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const res = await upload(bomb, 'tiny.png', 'image/png');
    const ms = performance.now() - started;
    const grew = process.memoryUsage().rss - rss;
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('图片像素过大'),
      details: { width: 20000, height: 20000 },
    });
    expect(ms).toBeLessThan(2000);
    expect(grew).toBeLessThan(100 * 1024 * 1024); // decoding it would take 1.2 GB
    if (process.env.MEDIA_BOMB_REPORT)
      console.log(`bomb: ${bomb.length} bytes, ${ms.toFixed(0)} ms, rss +${(grew / 1024 / 1024).toFixed(1)} MB`);
  });

  it('needs a token (401) and a file in the `file` field (400 naming it)', async () => {
    const png = await solid('png', 32, 32);
    const anon = await t.http().post('/api/v1/media').attach('file', png, { filename: 'a.png', contentType: 'image/png' });
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.any(String) });

    const none = await t.http().post('/api/v1/media').set('Authorization', `Bearer ${citizen}`).field('note', 'x');
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: { fields: { file: expect.any(String) } },
    });

    const json = await t.http().post('/api/v1/media').set('Authorization', `Bearer ${citizen}`).send({ file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.details.fields.file).toBeDefined();

    const wrongField = await upload(png, 'a.png', 'image/png', 'photo');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.details.fields.file).toBeDefined();

    const empty = await upload(Buffer.alloc(0), 'a.png', 'image/png');
    expect(empty.status).toBe(400);
    expect(empty.body.details.fields.file).toBeDefined();
  });

  it('requireOwned accepts the uploader’s media and refuses anyone else’s', async () => {
    const res = await upload(await solid('png', 50, 50), 'a.png', 'image/png');
    const service = t.app.get(MediaService);
    const actor = (id: string): Actor => ({ id, username: 'x', roles: ['citizen'], unitId: null });
    const owned = await service.requireOwned(actor(citizenId), [res.body.id]);
    expect(owned.map((m) => m.id)).toEqual([res.body.id]);
    expect(service.toDto(owned[0], 'full')).toEqual(res.body);
    expect(await service.toDtos([res.body.id, 'unknown'], 'full')).toEqual([res.body]);
    await expect(service.requireOwned(actor(otherId), [res.body.id], 'afterMediaIds')).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: { afterMediaIds: expect.any(String) } },
    });
    await expect(service.requireOwned(actor(citizenId), ['00000000-0000-0000-0000-000000000000'])).rejects.toMatchObject({ status: 400 });
  });

  it('removes the written files when the database insert fails', async () => {
    const service = t.app.get(MediaService);
    const repo = (service as unknown as { media: { insert: (...a: unknown[]) => Promise<unknown> } }).media;
    const spy = jest.spyOn(repo, 'insert').mockRejectedValueOnce(new Error('disk full'));
    // Thumbnails of earlier uploads are made in the background: counted once they are there.
    await jobsSettled(t);
    const files = storedFiles().length;
    const rows = await mediaRows();
    try {
      const res = await upload(await solid('jpeg', 120, 90), 'a.jpg', 'image/jpeg');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ code: 'INTERNAL', message: expect.any(String), details: {} });
    } finally {
      spy.mockRestore();
    }
    expect(storedFiles().length).toBe(files);
    expect(fs.readdirSync(t.config.mediaDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect(await mediaRows()).toBe(rows);
  });
  it('attach marks photos used once (a second case keeps the first time) and refuses one purged meanwhile', async () => {
    const service = t.app.get(MediaService);
    const a = (await upload(await solid('jpeg', 40, 30), 'a.jpg', 'image/jpeg')).body.id as string;
    const b = (await upload(await solid('jpeg', 40, 30), 'b.jpg', 'image/jpeg')).body.id as string;
    const first = new Date('2026-01-02T03:04:05.000Z');
    await t.dataSource.transaction((tx) => service.attach(tx, [a, a], first));
    await t.dataSource.transaction((tx) => service.attach(tx, [a, b], new Date('2026-02-03T04:05:06.000Z')));
    const at = async (id: string) =>
      fromSqlDate((await t.dataSource.query('SELECT attached_at AS at FROM media WHERE id = ?', [id]))[0].at)!;
    expect((await at(a)).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect((await at(b)).toISOString()).toBe('2026-02-03T04:05:06.000Z');
    // b is purged by the cleanup job between the request's check and its transaction.
    const c = (await upload(await solid('jpeg', 40, 30), 'c.jpg', 'image/jpeg')).body.id as string;
    await t.dataSource.query('DELETE FROM media WHERE id = ?', [b]);
    await expect(t.dataSource.transaction((tx) => service.attach(tx, [c, b], new Date()))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // Nothing half-written: the transaction rolled back, c is still unattached.
    expect((await t.dataSource.query('SELECT attached_at AS at FROM media WHERE id = ?', [c]))[0].at).toBeNull();
  });
});

import { describe, expect, it, jest } from '@jest/globals';
import sharp from 'sharp';
import { GPS_MARKER, photoWithGps, pngBomb, solid } from '../../test/fixtures/images.js';
import { AppError } from '../common/app-error.js';
import { canDecodeHeic, DecodeGate, processImage } from './image-processor.js';
import { MAX_STORED_SIDE, PUBLIC_SIDE, THUMB_SIDE } from './media.constants.js';

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a rejection');
};

describe('processImage', () => {
  jest.setTimeout(60_000); // a few full-size encodes on a busy two-core machine
  it('auto-rotates, downscales to the long-side limit and drops every bit of EXIF', async () => {
    const input = await photoWithGps(3000, 2000);
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(input.includes(GPS_MARKER)).toBe(true);

    const { main, thumb, public: pub, publicThumb } = await processImage(input);
    // The public copy: the stored photo at half size (1707×2560 → 854×1280), JPEG, without metadata.
    expect(pub).toMatchObject({ mime: 'image/jpeg', width: 854, height: PUBLIC_SIDE });
    expect((await sharp(pub.data).metadata()).exif).toBeUndefined();
    expect(pub.data.includes(GPS_MARKER)).toBe(false);
    expect(publicThumb.data.equals(thumb.data)).toBe(true);
    expect(main).toMatchObject({
      mime: 'image/jpeg',
      ext: 'jpg',
      width: Math.round((2000 * MAX_STORED_SIDE) / 3000),
      height: MAX_STORED_SIDE,
    });
    const after = await sharp(main.data).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: main.width, height: main.height });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(main.data.includes(GPS_MARKER)).toBe(false);
    expect(main.data.includes('XuchangCam')).toBe(false);

    expect(thumb).toMatchObject({ mime: 'image/jpeg', ext: 'jpg', height: THUMB_SIDE });
    expect((await sharp(thumb.data).metadata()).exif).toBeUndefined();
  });

  it('keeps PNG as PNG and WebP as WebP, without their EXIF, and never enlarges', async () => {
    for (const format of ['png', 'webp'] as const) {
      const input = await solid(format, 640, 480);
      expect((await sharp(input).metadata()).exif).toBeDefined();
      const { main, thumb } = await processImage(input);
      expect(main).toMatchObject({ mime: `image/${format}`, ext: format, width: 640, height: 480 });
      expect(main.data.includes(GPS_MARKER)).toBe(false);
      expect((await sharp(main.data).metadata()).exif).toBeUndefined();
      expect(thumb).toMatchObject({ width: THUMB_SIDE, height: 300 });
    }
  });

  it('refuses GIF and a text file with 415', async () => {
    expect(await failure(processImage(await solid('gif')))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await failure(processImage(Buffer.from('hello')))).toMatchObject({ status: 415 });
  });

  it('refuses a JPEG signature followed by garbage with 415, not 500', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expect(await failure(processImage(junk))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses a 20000×20000 PNG bomb from its header, before decoding: fast and without the 1.2 GB', async () => {
    const bomb = pngBomb(20000, 20000);
    expect(bomb.length).toBeLessThan(1000);
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const err = await failure(processImage(bomb));
    const ms = performance.now() - started;
    expect(err).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: '图片像素过大，请选择较小的照片' });
    expect(ms).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses HEIC with 415 and a hint about JPEG when this sharp cannot decode HEVC', async () => {
    const heic = Buffer.concat([Buffer.from('000000186674797068656963000000006d69663168656963', 'hex'), Buffer.alloc(64)]);
    if (canDecodeHeic()) return; // a libvips with libde265 would decode real HEIC; this header is not one
    const err = await failure(processImage(heic));
    expect(err).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(err.message).toContain('兼容性最佳');
    expect(err.message).toContain('JPEG');
  });
});

describe('DecodeGate', () => {
  it('lets background work wait without a bound, behind uploads, and never counts it against them', async () => {
    const gate = new DecodeGate(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((r) => (release = r)));
    const jobs = [1, 2, 3].map((n) => gate.run(async () => void order.push(`job${n}`), { background: true }));
    const upload = gate.run(async () => void order.push('upload'));
    // One upload waits already (the bound): the next is refused; the three jobs are not counted.
    await expect(gate.run(async () => undefined)).rejects.toMatchObject({ status: 503 });
    release();
    await Promise.all([first, upload, ...jobs]);
    expect(order).toEqual(['upload', 'job1', 'job2', 'job3']);
  });
});

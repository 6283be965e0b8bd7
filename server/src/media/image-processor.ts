import fs from 'node:fs/promises';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError, busy } from '../common/app-error.js';
import { MAX_INPUT_PIXELS, MAX_STORED_SIDE, PUBLIC_SIDE, THUMB_SIDE } from './media.constants.js';
import { sniffImageType, type SniffedImageType } from './sniff.js';

// No libvips cache: uploads are decoded once from temporary files that are deleted right after.
sharp.cache(false);
// One libvips thread per image: the CPU given to photos is UPLOAD_DECODE_CONCURRENCY threads, and
// the event loop keeps a core for everything else (/api/health stayed above 1 s otherwise).
sharp.concurrency(1);

export interface EncodedImage {
  data: Buffer;
  mime: string;
  ext: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** The stored photo (staff and the reporter). */
  main: EncodedImage;
  thumb: EncodedImage;
  /** The public copy and its thumbnail. */
  public: EncodedImage;
  publicThumb: EncodedImage;
}

/**
 * True when this sharp build can decode HEVC-coded HEIC. The prebuilt binaries ship libheif with
 * AV1 (AVIF) only, for patent reasons; a build against a system libvips with libde265 lists `.heic`.
 */
export function canDecodeHeic(): boolean {
  const heif = sharp.format.heif;
  return !!heif?.input.buffer && !!heif.input.fileSuffix?.includes('.heic');
}

const ACCEPTED = 'JPEG、PNG、WebP';
export const unsupportedType = () =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持的文件类型，请上传 ${ACCEPTED} 格式的照片`, {
    accepted: ['image/jpeg', 'image/png', 'image/webp'],
  });
const heicRefused = () =>
  new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    '暂不支持 HEIC/HEIF 格式的照片。请在手机“设置 → 相机 → 格式”中选择“兼容性最佳”（JPEG）后重新拍摄，或选择 JPEG 格式的照片上传',
    { accepted: ['image/jpeg', 'image/png', 'image/webp'] },
  );
const corrupt = () => new AppError('UNSUPPORTED_MEDIA_TYPE', '图片已损坏或无法识别，请重新选择照片');
const tooManyPixels = (width?: number, height?: number) =>
  new AppError('PAYLOAD_TOO_LARGE', '图片像素过大，请选择较小的照片', {
    maxPixels: MAX_INPUT_PIXELS,
    ...(width && height ? { width, height } : {}),
  });

const SHARP_FORMAT: Record<SniffedImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heic: 'heif' };

/**
 * A few decodes at a time, each taking up to ~MAX_INPUT_PIXELS × 4 bytes, and a bounded queue
 * behind them: when `maxWaiting` are already waiting the next one is refused (503 with
 * Retry-After) instead of piling up. Background work (the thumbnail jobs) waits in a queue of its
 * own, never refused and never counted against uploads, and goes only when no upload waits.
 */
export class DecodeGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly background: (() => void)[] = [];
  constructor(
    readonly size: number,
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  async run<T>(fn: () => Promise<T>, opts: { background?: boolean } = {}): Promise<T> {
    if (this.active >= this.size || (opts.background && this.waiting.length)) {
      if (opts.background) await new Promise<void>((resolve) => this.background.push(resolve));
      else {
        if (this.waiting.length >= this.maxWaiting) throw busy('服务器正忙，请稍后重新上传', 5);
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      (this.waiting.shift() ?? this.background.shift())?.();
    }
  }
}

const defaultGate = new DecodeGate(2);
const isPixelLimitError = (err: unknown) => err instanceof Error && /pixel limit/i.test(err.message);

/** The first bytes of a file or buffer, enough for the magic numbers. */
async function head(input: Buffer | string): Promise<Buffer> {
  if (Buffer.isBuffer(input)) return input.subarray(0, 4096);
  const fh = await fs.open(input, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Checks and re-encodes an uploaded photo, given as bytes or as the path of a file it was
 * streamed to (then libvips reads the file itself, and it is never held whole in memory): type by
 * magic numbers, size by the header before any decoding, then auto-rotate by EXIF orientation,
 * downscale, and encode without any metadata (EXIF, GPS, XMP, ICC are all dropped; sharp keeps
 * none unless asked). Makes the public copy (≤ PUBLIC_SIDE) and thumbnails from the stored photo.
 * Throws AppError 415/413, or 503 when the decode queue is full.
 */
export async function processImage(input: Buffer | string, gate: DecodeGate = defaultGate): Promise<ProcessedImage> {
  const main = await storedImage(input, gate);
  return { main, ...(await derivedCopies(main.data)) };
}

/**
 * The upload's part of processImage: checks and re-encodes the photo that is stored (the request
 * answers after storing it); the thumbnail and the public copies are made from it by a job.
 */
export async function storedImage(input: Buffer | string, gate: DecodeGate = defaultGate): Promise<EncodedImage> {
  const type = sniffImageType(await head(input));
  if (!type) throw unsupportedType();
  if (type === 'heic' && !canDecodeHeic()) throw heicRefused();
  // The header alone: a 100-byte PNG may claim 20000×20000, so look before decoding anything.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw type === 'heic' ? heicRefused() : corrupt();
  }
  if (meta.format !== SHARP_FORMAT[type]) throw corrupt();
  if (!meta.width || !meta.height) throw corrupt();
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw tooManyPixels(meta.width, meta.height);
  return gate.run(async () => {
    try {
      // failOn 'error' (not 'warning'): phones write slightly truncated JPEGs that still decode fine.
      const decoded = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 })
        .rotate()
        .resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: 'inside', withoutEnlargement: true });
      return await encodeKeepingFormat(decoded, type);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (isPixelLimitError(err)) throw tooManyPixels();
      throw corrupt();
    }
  });
}

/** The thumbnail, the public copy and its thumbnail, all JPEG, from a stored photo (no metadata in it). */
export async function derivedCopies(stored: Buffer): Promise<Omit<ProcessedImage, 'main'>> {
  const jpeg = async (source: Buffer, side: number, quality: number): Promise<EncodedImage> => {
    const out = await sharp(source)
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    return { data: out.data, mime: 'image/jpeg', ext: 'jpg', width: out.info.width, height: out.info.height };
  };
  const pub = await jpeg(stored, PUBLIC_SIDE, 80);
  const thumb = await jpeg(pub.data, THUMB_SIDE, 75);
  // The public thumbnail is the same picture under another key: nothing ties it to the stored photo.
  return { thumb, public: pub, publicThumb: thumb };
}

/** JPEG→JPEG, PNG→PNG, WebP→WebP; HEIC→JPEG. No `withMetadata`/`keepExif`: nothing is carried over. */
async function encodeKeepingFormat(pipeline: Sharp, type: SniffedImageType): Promise<EncodedImage> {
  const encoders = {
    jpeg: () => ({ p: pipeline.jpeg({ quality: 85 }), mime: 'image/jpeg', ext: 'jpg' }),
    heic: () => ({ p: pipeline.jpeg({ quality: 85 }), mime: 'image/jpeg', ext: 'jpg' }),
    png: () => ({ p: pipeline.png(), mime: 'image/png', ext: 'png' }),
    webp: () => ({ p: pipeline.webp({ quality: 85 }), mime: 'image/webp', ext: 'webp' }),
  } as const;
  const { p, mime, ext } = encoders[type]();
  const { data, info } = await p.toBuffer({ resolveWithObject: true });
  return { data, mime, ext, width: info.width, height: info.height };
}

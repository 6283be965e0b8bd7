import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../common/app-error.js';
import { MAX_CONCURRENT_DECODES, MAX_INPUT_PIXELS, MAX_STORED_SIDE, THUMB_SIDE } from './media.constants.js';
import { sniffImageType, type SniffedImageType } from './sniff.js';

export interface EncodedImage {
  data: Buffer;
  mime: string;
  ext: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  main: EncodedImage;
  thumb: EncodedImage;
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

/** A few decodes at a time: each can take up to MAX_INPUT_PIXELS × 4 bytes, so memory stays bounded. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
const gate = new Gate(MAX_CONCURRENT_DECODES);

const isPixelLimitError = (err: unknown) => err instanceof Error && /pixel limit/i.test(err.message);

/**
 * Checks and re-encodes an uploaded photo: type by magic numbers, size by the header before any
 * decoding, then auto-rotate by EXIF orientation, downscale, and encode without any metadata (EXIF,
 * GPS, XMP, ICC are all dropped; sharp keeps none unless asked). Throws AppError 415/413.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const type = sniffImageType(input);
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
      const main = await encodeKeepingFormat(decoded, type);
      const thumbOut = await sharp(main.data)
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75 })
        .toBuffer({ resolveWithObject: true });
      const thumb: EncodedImage = {
        data: thumbOut.data,
        mime: 'image/jpeg',
        ext: 'jpg',
        width: thumbOut.info.width,
        height: thumbOut.info.height,
      };
      return { main, thumb };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (isPixelLimitError(err)) throw tooManyPixels();
      throw corrupt();
    }
  });
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

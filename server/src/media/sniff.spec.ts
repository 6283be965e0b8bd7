import { describe, expect, it } from '@jest/globals';
import { sniffImageType } from './sniff.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// Headers copied from real files (camera JPEG, libpng, libwebp, iPhone HEIC, libavif).
const JFIF = hex('ffd8ffe0 00104a46 49460001 01000001 00010000');
const EXIF_JPEG = hex('ffd8ffe1 1c784578 69660000 4d4d002a 00000008');
const PNG = hex('89504e47 0d0a1a0a 0000000d 49484452 00000320 00000258 08020000 00');
const WEBP_VP8 = hex('52494646 24100000 57454250 56503820 18100000');
const WEBP_VP8X = hex('52494646 56010000 57454250 56503858 0a000000');
const IPHONE_HEIC = hex('00000018 66747970 68656963 00000000 6d696631 68656963');
const HEIF_MIF1 = hex('0000001c 66747970 6d696631 00000000 6d696631 68656978 6d696166');
const AVIF = hex('0000001c 66747970 61766966 00000000 6d696631 61766966 6d696166');
const MP4 = hex('00000020 66747970 69736f6d 00000200 69736f6d 69736f32 61766331 6d703431');

describe('sniffImageType', () => {
  it('recognises JPEG (JFIF and Exif), PNG and WebP (lossy and extended) by their magic numbers', () => {
    expect(sniffImageType(JFIF)).toBe('jpeg');
    expect(sniffImageType(EXIF_JPEG)).toBe('jpeg');
    expect(sniffImageType(PNG)).toBe('png');
    expect(sniffImageType(WEBP_VP8)).toBe('webp');
    expect(sniffImageType(WEBP_VP8X)).toBe('webp');
  });

  it('recognises HEIC by its ftyp brands, and tells AVIF and MP4 apart', () => {
    expect(sniffImageType(IPHONE_HEIC)).toBe('heic');
    expect(sniffImageType(HEIF_MIF1)).toBe('heic');
    expect(sniffImageType(AVIF)).toBeNull();
    expect(sniffImageType(MP4)).toBeNull();
  });

  it('refuses PDF, GIF, SVG, text, a RIFF that is not WebP, and empty or truncated headers', () => {
    expect(sniffImageType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'))).toBeNull();
    expect(sniffImageType(Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(sniffImageType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('这不是照片，只是一段文字'))).toBeNull();
    expect(sniffImageType(hex('52494646 24100000 57415645 666d7420'))).toBeNull(); // RIFF/WAVE
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
    expect(sniffImageType(hex('ffd8'))).toBeNull();
    expect(sniffImageType(PNG.subarray(0, 7))).toBeNull();
    expect(sniffImageType(WEBP_VP8.subarray(0, 11))).toBeNull();
  });

  it('ignores what follows the header: a JPEG signature is enough, junk after it is the decoder’s problem', () => {
    expect(sniffImageType(Buffer.concat([JFIF, Buffer.from('junk')]))).toBe('jpeg');
    // An ftyp box claiming a huge size does not read past the buffer.
    expect(sniffImageType(hex('7fffffff 66747970 68656963 00000000'))).toBe('heic');
  });
});

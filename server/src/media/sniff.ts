/** Image types the upload endpoint recognises by their bytes. */
export type SniffedImageType = 'jpeg' | 'png' | 'webp' | 'heic';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** ISO-BMFF brands of HEVC-coded HEIF (what iPhones and many Android phones write). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
/** Generic HEIF brands: HEIC unless the file also claims AVIF. */
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const ascii = (buf: Uint8Array, start: number, end: number) => String.fromCharCode(...buf.subarray(start, end));

/**
 * The image type these bytes really are, by their magic numbers; never trusts a file name or a
 * client's Content-Type. `null` for anything else (PDF, text, GIF, SVG, AVIF, truncated headers).
 */
export function sniffImageType(buf: Uint8Array): SniffedImageType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && PNG_SIGNATURE.every((b, i) => buf[i] === b)) return 'png';
  if (buf.length >= 12 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 12 && ascii(buf, 4, 8) === 'ftyp') {
    // The ftyp box: size (4), 'ftyp', major brand (4), minor version (4), compatible brands (4 each).
    const size = Math.min(((buf[0] << 24) | (buf[1] << 16) | (buf[2] << 8) | buf[3]) >>> 0, buf.length, 4096);
    const brands = [ascii(buf, 8, 12)];
    for (let i = 16; i + 4 <= size; i += 4) brands.push(ascii(buf, i, i + 4));
    if (brands.some((b) => AVIF_BRANDS.has(b))) return null;
    if (brands.some((b) => HEIC_BRANDS.has(b) || HEIF_GENERIC_BRANDS.has(b))) return 'heic';
  }
  return null;
}

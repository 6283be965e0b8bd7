/** Limits of the upload endpoint; change them here, the messages follow. */
export const MEDIA_FIELD = 'file';
/** Largest upload accepted, in bytes (multer stops reading beyond it). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Largest decoded image, in pixels: 40 MP covers every phone camera, and refuses decompression bombs. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Stored photos are downscaled to at most this many pixels on the long side. */
export const MAX_STORED_SIDE = 2560;
/** The public copy (public lists and detail, nearby, Open311): long side in pixels. */
export const PUBLIC_SIDE = 1280;
/** Thumbnails: long side in pixels. */
export const THUMB_SIDE = 400;

export const formatMegabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../config/app-config.js';
import { checkKey, type MediaStorage } from './media.storage.js';

/** One stored object as the API streams it at `/media/<key>`. */
export interface StoredObject {
  data: Buffer;
  contentType: string;
  etag: string;
}

/**
 * Photos in an S3-compatible bucket (AWS S3, MinIO, Alibaba OSS, Tencent COS). The bucket stays
 * private: every process serves `/media/<key>` by reading the object (with its ETag and a year of
 * immutable caching, keys never change content), so the same URL works whichever process answers.
 */
export class S3Storage implements MediaStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      endpoint: config.endpoint ?? undefined,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey ?? '' } : undefined,
      maxAttempts: 3,
    });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    // An object appears whole or not at all: readers never see a partly written photo.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: checkKey(key),
        Body: data,
        ContentType: contentType,
        ContentLength: data.length,
      }),
    );
  }

  async get(key: string): Promise<Buffer> {
    const found = await this.fetch(key);
    if (!found) throw Object.assign(new Error(`no object ${key}`), { code: 'ENOENT' });
    return found.data;
  }

  /** The object under `key` with its type and ETag, or null when there is none. */
  async fetch(key: string): Promise<StoredObject | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: checkKey(key) }));
      const data = Buffer.from(await res.Body!.transformToByteArray());
      return { data, contentType: res.ContentType ?? 'application/octet-stream', etag: res.ETag ?? `"${data.length}"` };
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: checkKey(key) }));
      return true;
    } catch (err) {
      if (err instanceof S3ServiceException && (err.name === 'NotFound' || err.$metadata.httpStatusCode === 404)) return false;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: checkKey(key) }));
  }

  url(key: string): string {
    return `/media/${checkKey(key)}`;
  }

  /** A round trip to the bucket (health). */
  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
  }

  close(): void {
    this.client.destroy();
  }
}

const YEAR = 'public, max-age=31536000, immutable';
const NOT_FOUND = JSON.stringify({ code: 'NOT_FOUND', message: '图片不存在或已被删除', details: {} });

/** Express handler for `GET|HEAD /media/<key>` from the bucket: ETag, 304 on a match, a year of caching. */
export function serveFromStore(storage: S3Storage) {
  return async (
    req: { method: string; path: string; headers: Record<string, string | string[] | undefined> },
    res: {
      status: (n: number) => { end: (b?: string | Buffer) => void };
      setHeader: (k: string, v: string | number) => void;
    },
    next: (err?: unknown) => void,
  ): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const key = decodeURIComponent(req.path.replace(/^\//, ''));
    const notFound = () => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.status(404).end(NOT_FOUND);
    };
    let found: StoredObject | null;
    try {
      checkKey(key);
    } catch {
      return notFound();
    }
    try {
      found = await storage.fetch(key);
    } catch (err) {
      return next(err);
    }
    // Not stored (yet): the next handler makes a thumbnail or public copy not made yet, or answers 404.
    if (!found) return next();
    res.setHeader('ETag', found.etag);
    res.setHeader('Cache-Control', YEAR);
    if (req.headers['if-none-match'] === found.etag) return res.status(304).end();
    res.setHeader('Content-Type', found.contentType);
    res.setHeader('Content-Length', found.data.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : found.data);
  };
}

type MissingLookup = (
  key: string,
) => Promise<
  { kind: 'image'; data: Buffer; mime: string } | { kind: 'redirect'; to: string } | { kind: 'unavailable' } | { kind: 'not-found' }
>;

/**
 * Express handler after the store's own (either kind): a thumbnail or public copy whose job has not
 * run yet is made and served now (MediaService.serveMissing); anything else falls through to 404.
 */
export function serveMissingCopies(lookup: MissingLookup) {
  return async (
    req: { method: string; path: string },
    res: {
      status: (n: number) => { end: (b?: string | Buffer) => void };
      setHeader: (k: string, v: string | number) => void;
    },
    next: (err?: unknown) => void,
  ): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const key = decodeURIComponent(req.path.replace(/^\//, ''));
    let found: Awaited<ReturnType<MissingLookup>>;
    try {
      found = await lookup(key);
    } catch (err) {
      return next(err);
    }
    if (found.kind === 'not-found') return next();
    if (found.kind === 'redirect') {
      // Not cached: the next look gets the thumbnail once it exists.
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Location', found.to);
      return res.status(302).end();
    }
    if (found.kind === 'unavailable') {
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Retry-After', 5);
      res.setHeader('Cache-Control', 'no-store');
      return res.status(503).end(JSON.stringify({ code: 'UNAVAILABLE', message: '图片正在生成，请稍后再试', details: {} }));
    }
    // The bytes the store now holds under this key, which never changes: cached like any stored photo.
    res.setHeader('Cache-Control', YEAR);
    res.setHeader('Content-Type', found.mime);
    res.setHeader('Content-Length', found.data.length);
    res.status(200).end(req.method === 'HEAD' ? undefined : found.data);
  };
}

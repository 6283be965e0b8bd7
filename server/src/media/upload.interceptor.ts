import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Observable } from 'rxjs';
import type { Actor } from '../auth/actor.js';
import { AppError, busy, invalid } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { formatMegabytes, MAX_UPLOAD_BYTES, MEDIA_FIELD } from './media.constants.js';
import { MediaService } from './media.service.js';

/** Temporary upload files left by a process that stopped mid-upload are removed after this long. */
const STALE_UPLOAD_MS = 3600_000;

/**
 * One photo in `file`, at most MAX_UPLOAD_BYTES, streamed by multer to a temporary file (never held
 * whole in memory). Before a byte of it is read: at most `UPLOAD_MAX_IN_FLIGHT` uploads at once in
 * this process (503 with Retry-After beyond), and the caller's quota of photos no case uses yet
 * (429). The temporary file is removed when the response ends, whatever happened. multer's errors
 * become the contract's codes with Chinese messages here rather than in the global filter.
 */
@Injectable()
export class MediaUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor;
  private inFlight = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly media: MediaService,
  ) {
    const dir = config.uploads.tmpDir;
    fs.mkdirSync(dir, { recursive: true });
    removeStale(dir);
    const storage = tempFileStorage(dir);
    this.multer = new (FileInterceptor(MEDIA_FIELD, {
      storage,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
    }))();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { actor?: Actor; file?: { path?: string } }>();
    const res = http.getResponse<Response>();
    if (this.inFlight >= this.config.uploads.maxInFlight) {
      await discardBody(req);
      throw busy('上传的人太多了，请稍后重试', 5);
    }
    if (req.actor) await this.media.assertUnattachedQuota(req.actor).catch((err) => discardBody(req).then(() => Promise.reject(err)));
    this.inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight--;
      if (req.file?.path) fs.rm(req.file.path, { force: true }, () => undefined);
    };
    res.once('close', release);
    res.once('finish', release);
    try {
      return await this.multer.intercept(context, next);
    } catch (err) {
      release();
      throw mapMulterError(err);
    }
  }

  /** Uploads being received or decoded right now (for tests and the benchmark's figures). */
  get active(): number {
    return this.inFlight;
  }
}

type MulterCallback = (error: unknown, info?: { path: string; size: number }) => void;

/** A multer storage engine: each file streamed to its own temporary file under `dir`. */
function tempFileStorage(dir: string) {
  return {
    _handleFile(_req: unknown, file: { stream: NodeJS.ReadableStream }, cb: MulterCallback) {
      const target = path.join(dir, `upload-${process.pid}-${randomBytes(12).toString('hex')}`);
      const out = fs.createWriteStream(target, { flags: 'wx' });
      pipeline(file.stream, out).then(
        () => cb(null, { path: target, size: out.bytesWritten }),
        (err) => fs.rm(target, { force: true }, () => cb(err)),
      );
    },
    _removeFile(_req: unknown, file: { path?: string }, cb: (error: unknown) => void) {
      if (!file.path) return cb(null);
      fs.rm(file.path, { force: true }, cb);
    },
  };
}

/**
 * Reads and drops a refused upload's body (nothing is kept) before the answer: a phone that is
 * still sending otherwise sees its connection cut (EPIPE) instead of the 503 or 429 with Retry-After.
 * Bounded: past MAX_UPLOAD_BYTES, or after 30 s, the connection is closed after the answer.
 */
function discardBody(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.readableEnded || req.destroyed) return resolve();
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', count);
      resolve();
    };
    const count = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > MAX_UPLOAD_BYTES + 1024 * 1024) {
        req.pause();
        req.res?.setHeader('Connection', 'close');
        done();
      }
    };
    const timer = setTimeout(() => {
      req.pause();
      req.res?.setHeader('Connection', 'close');
      done();
    }, 30_000);
    req.on('data', count);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

function removeStale(dir: string): void {
  const cutoff = Date.now() - STALE_UPLOAD_MS;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('upload-')) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      /* removed meanwhile */
    }
  }
}

export function mapMulterError(err: unknown): unknown {
  const cause = (err as { cause?: { code?: string } })?.cause;
  if (err instanceof PayloadTooLargeException || cause?.code === 'LIMIT_FILE_SIZE') {
    return new AppError('PAYLOAD_TOO_LARGE', `照片太大，请选择不超过 ${formatMegabytes(MAX_UPLOAD_BYTES)} 的照片`, {
      maxBytes: MAX_UPLOAD_BYTES,
    });
  }
  if (err instanceof UnsupportedMediaTypeException) {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 格式上传照片');
  }
  if (err instanceof BadRequestException) {
    if (cause?.code === 'LIMIT_FILE_COUNT') return invalid({ [MEDIA_FIELD]: '一次只能上传一张照片' });
    if (cause?.code === 'LIMIT_UNEXPECTED_FILE') return invalid({ [MEDIA_FIELD]: `照片请放在 ${MEDIA_FIELD} 字段中上传，一次一张` });
    return invalid({ [MEDIA_FIELD]: '上传的内容不完整或格式有误，请重试' });
  }
  return err;
}

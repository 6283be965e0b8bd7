import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { AppError, invalid } from '../common/app-error.js';
import { formatMegabytes, MAX_UPLOAD_BYTES, MEDIA_FIELD } from './media.constants.js';

/** multer (memory storage, its default) for one file in `file`, at most MAX_UPLOAD_BYTES. */
const MulterSingleFile = FileInterceptor(MEDIA_FIELD, {
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
});

/**
 * Nest's FileInterceptor, with multer's errors turned into the contract's codes and Chinese
 * messages here rather than in the global filter (which would only give a generic 413/400).
 */
@Injectable()
export class MediaUploadInterceptor implements NestInterceptor {
  private readonly multer: NestInterceptor = new MulterSingleFile();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (err) {
      throw mapMulterError(err);
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

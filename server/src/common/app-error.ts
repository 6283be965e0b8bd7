import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode, rateLimitedMessage } from '@xc/shared';

/** The one error type services throw; the global filter turns it into the contract's body. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (message = '内容不存在或已被删除', details?: Record<string, unknown>) =>
  new AppError('NOT_FOUND', message, details);
export const forbidden = (message = '没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message);
/** A 400 naming the bad fields: `{ fieldName: 'why, in Chinese' }`. */
export const invalid = (fields: Record<string, string>, message?: string) =>
  new AppError('VALIDATION_FAILED', message ?? Object.values(fields)[0] ?? '提交的内容有误', { fields });

/** 429 RATE_LIMITED with `Retry-After` (set by the filter from `details.retryAfterSeconds`). */
export const rateLimited = (retryAfterSeconds: number, details: Record<string, unknown> = {}, message?: string) => {
  const wait = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError('RATE_LIMITED', message ?? rateLimitedMessage(wait), { retryAfterSeconds: wait, ...details });
};

/** 503 UNAVAILABLE for a server that is busy rather than broken, with `Retry-After`. */
export const busy = (message: string, retryAfterSeconds: number) =>
  new AppError('UNAVAILABLE', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });

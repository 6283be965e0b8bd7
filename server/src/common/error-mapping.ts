import { HttpException } from '@nestjs/common';
import { ERROR_MESSAGES, type ApiErrorBody, type ErrorCode } from '@xc/shared';
import { AppError } from './app-error.js';

/** Statuses Nest or Express may raise on their own, mapped to the contract's codes. */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** True for errors meaning "the database cannot be reached", which the API answers with 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: any = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && DB_DOWN_CODES.has(e.code)) return true;
    if (
      typeof e.message === 'string' &&
      /connect ECONNREFUSED|Connection lost|Pool is closed|closed state|read ECONNRESET/i.test(e.message)
    )
      return true;
    e = e.driverError ?? e.cause;
  }
  return false;
}

/** Turns anything thrown into a status and the one error body. Never leaks a stack. */
export function toErrorResponse(err: unknown): { status: number; body: ApiErrorBody; unexpected: boolean } {
  if (err instanceof AppError) {
    return { status: err.status, body: withDetails({ code: err.code, message: err.message }, err.details), unexpected: false };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, body: withDetails({ code: 'UNAVAILABLE', message: '数据库暂时无法连接，请稍后再试' }), unexpected: false };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    const message = status === 404 ? '请求的接口不存在' : ERROR_MESSAGES[code];
    return {
      status: CODE_BY_STATUS[status] ? status : status >= 500 ? 500 : 400,
      body: withDetails({ code, message }),
      unexpected: status >= 500,
    };
  }
  // Errors raised by Express' body parser before any handler runs.
  const e = err as { type?: string; status?: number; statusCode?: number };
  if (e && typeof e === 'object' && typeof e.type === 'string') {
    if (e.type === 'entity.too.large')
      return { status: 413, body: withDetails({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容太大' }), unexpected: false };
    if (e.type === 'entity.parse.failed')
      return { status: 400, body: withDetails({ code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' }), unexpected: false };
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return { status: 415, body: withDetails({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求编码' }), unexpected: false };
  }
  // Express' router (a path it cannot decode) and body parsers carry a 4xx status of their own.
  const s = e && typeof e === 'object' ? (e.status ?? e.statusCode) : undefined;
  if (typeof s === 'number' && s >= 400 && s < 500) {
    const code = CODE_BY_STATUS[s] ?? 'VALIDATION_FAILED';
    return { status: CODE_BY_STATUS[s] ? s : 400, body: withDetails({ code, message: ERROR_MESSAGES[code] }), unexpected: false };
  }
  return { status: 500, body: withDetails({ code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL }), unexpected: true };
}

/** Every error body has `details`: an object, `{}` when there is nothing to add. */
function withDetails(body: Omit<ApiErrorBody, 'details'>, details?: Record<string, unknown>): ApiErrorBody {
  return { ...body, details: details ?? {} };
}

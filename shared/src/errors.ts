/** Error codes of the HTTP contract (../shared/docs/api.md, Errors). Programs branch on `code`; people read `message`. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONSENT_REQUIRED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  TRANSITION_NOT_ALLOWED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Default Chinese message for each code, used when the thrower gives none. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  CONSENT_REQUIRED: '请先阅读并同意隐私政策和用户服务协议',
  NOT_FOUND: '内容不存在或已被删除',
  VERSION_CONFLICT: '该问题已被他人处理，已为你刷新',
  TRANSITION_NOT_ALLOWED: '当前状态下不能进行此操作',
  IDEMPOTENCY_IN_PROGRESS: '上一次提交仍在处理中，请稍候',
  CONFLICT: '数据冲突，请检查后重试',
  PAYLOAD_TOO_LARGE: '文件太大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件类型',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
  BAD_GATEWAY: '上游服务暂时不可用，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
};

/** The one error body of the API, as the server sends it (4xx and 5xx). */
export interface ErrorBodyDto {
  code: ErrorCode;
  message: string;
  /** Per field (`{"lat": "纬度须在 -90 到 90 之间"}`), or what the code needs (`retryAfter`, `currentVersion`…). */
  details: Record<string, unknown>;
}

/** The error body as the client sees it: the server's, or a failure of the request itself. */
export interface ApiErrorBody {
  code: ErrorCode | 'NETWORK_ERROR' | 'TIMEOUT';
  message: string;
  details?: Record<string, unknown>;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).code === 'string' &&
    typeof (value as ApiErrorBody).message === 'string'
  );
}

/** How long to wait, in words: 45 秒, 3 分钟 (up to two hours), then 5 小时. Always rounded up. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} 秒`;
  if (s <= 2 * 3600) return `${Math.ceil(s / 60)} 分钟`;
  return `${Math.ceil(s / 3600)} 小时`;
}

/** The message of a 429 that says when to try again (操作过于频繁，请 N 分钟后再试). */
export function rateLimitedMessage(seconds: number, what = '操作'): string {
  return `${what}过于频繁，请 ${waitText(seconds)}后再试`;
}

import Taro from '@tarojs/taro';
import { ERROR_MESSAGES, isApiErrorBody, rateLimitedMessage, type ApiErrorBody, type ErrorCode } from '@xc/shared';
import type { AuthTokensDto, RefreshBody } from '@xc/shared';
import { clearSession, getSession, setSession } from '../store/session';

/**
 * The one request wrapper. Every failure — network, timeout, non-2xx, a body that is not JSON —
 * comes out as an ApiError carrying the API's error body {code, message} with a Chinese message.
 */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly status: number | null;
  readonly details?: Record<string, unknown>;

  constructor(body: ApiErrorBody, status: number | null = null) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.status = status;
    this.details = body.details;
  }

  get body(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';
export const TIMEOUT_MESSAGE = '请求超时，请检查网络后重试';
export const BAD_RESPONSE_MESSAGE = '服务器返回了无法识别的内容，请稍后再试';
export const DEFAULT_TIMEOUT_MS = 15000;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  /** Query parameters (GET) appended to the path. */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send no Authorization header and do not try to refresh on 401. */
  auth?: boolean;
  timeout?: number;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

/** The error code for an HTTP status whose body did not say. */
export function codeForStatus(status: number): ErrorCode {
  const known = STATUS_CODES[status];
  if (known) return known;
  return status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
}

function errorFromStatus(status: number, retryAfterSeconds: number | null): ApiError {
  const code = codeForStatus(status);
  // A 429 from a proxy in front of the API (no JSON body) still says when to try again.
  if (code === 'RATE_LIMITED' && retryAfterSeconds)
    return new ApiError({ code, message: rateLimitedMessage(retryAfterSeconds), details: { retryAfterSeconds } }, status);
  return new ApiError({ code, message: ERROR_MESSAGES[code] }, status);
}

/** `Retry-After` in seconds (the API sends seconds; an HTTP date is turned into seconds from now). */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value) return null;
  const n = Number(value);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

function headerValue(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  const entry = Object.entries(headers as Record<string, unknown>).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return typeof entry?.[1] === 'string' ? entry[1] : null;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  let url = `${API_BASE}${path}`;
  if (query) {
    const parts = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    if (parts.length) url += (url.includes('?') ? '&' : '?') + parts.join('&');
  }
  return url;
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text === undefined || text === '') return { ok: true, value: null };
  if (typeof text !== 'string') return { ok: true, value: text }; // already parsed by the platform
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isTimeout(err: unknown): boolean {
  const e = err as { errMsg?: string; message?: string; name?: string } | null;
  const text = `${e?.errMsg ?? ''} ${e?.message ?? ''} ${e?.name ?? ''}`.toLowerCase();
  return text.includes('timeout') || text.includes('abort');
}

async function send<T>(path: string, options: RequestOptions, token: string | null): Promise<T> {
  const method = options.method ?? 'GET';
  const header: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (token) header.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) header['Content-Type'] = 'application/json';

  let res: Taro.request.SuccessCallbackResult<string>;
  try {
    res = await Taro.request({
      url: buildUrl(path, options.query),
      method,
      header,
      data: options.body as Taro.request.Option['data'],
      // Always ask for text and parse here: the same behaviour on every platform, and a non-JSON
      // body (an HTML error page from a proxy) becomes a clean error instead of a crash.
      dataType: 'text',
      responseType: 'text',
      timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw isTimeout(err)
      ? new ApiError({ code: 'TIMEOUT', message: TIMEOUT_MESSAGE })
      : new ApiError({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
  }

  return interpret<T>(res.statusCode, res.data, parseRetryAfter(headerValue(res.header, 'Retry-After')));
}

let consentListener: (() => void) | null = null;

/** Called whenever the server answers 403 CONSENT_REQUIRED (the app opens the consent page). */
export function onConsentRequired(listener: (() => void) | null): void {
  consentListener = listener;
}

/**
 * A finished HTTP exchange → the parsed body, or the ApiError it stands for. The API's own message
 * reaches the user unchanged (a 429 says when to try again); `Retry-After` is kept in details.
 */
function interpret<T>(status: number, data: unknown, retryAfterSeconds: number | null = null): T {
  const parsed = parseJson(data);
  if (status < 200 || status >= 300) {
    if (parsed.ok && isApiErrorBody(parsed.value)) {
      const body = parsed.value;
      const code = body.code as ErrorCode;
      const message = body.message || ERROR_MESSAGES[code] || ERROR_MESSAGES[codeForStatus(status)];
      const details =
        retryAfterSeconds && body.details?.retryAfterSeconds === undefined ? { ...body.details, retryAfterSeconds } : body.details;
      if (body.code === 'CONSENT_REQUIRED') consentListener?.();
      throw new ApiError({ code: body.code, message, details }, status);
    }
    throw errorFromStatus(status, retryAfterSeconds);
  }
  if (!parsed.ok) {
    throw new ApiError({ code: 'BAD_GATEWAY', message: BAD_RESPONSE_MESSAGE }, status);
  }
  return parsed.value as T;
}

let refreshing: Promise<boolean> | null = null;

/** Exchange the refresh token once for new tokens; concurrent 401s share one refresh. */
function refreshSession(): Promise<boolean> {
  const session = getSession();
  if (!session?.refreshToken) return Promise.resolve(false);
  if (!refreshing) {
    const body: RefreshBody = { refreshToken: session.refreshToken };
    refreshing = send<AuthTokensDto>('/api/v1/auth/refresh', { method: 'POST', body }, null)
      .then((tokens) => {
        setSession(tokens);
        return true;
      })
      .catch(() => {
        clearSession();
        return false;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth !== false;
  const token = useAuth ? (getSession()?.accessToken ?? null) : null;
  try {
    return await send<T>(path, options, token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && token) {
      if (await refreshSession()) {
        return send<T>(path, options, getSession()?.accessToken ?? null);
      }
    }
    throw err;
  }
}

/** A file to upload: a local path (weapp temp file) or, in H5, the File itself. */
export type UploadSource = { path: string } | { blob: Blob; fileName: string };

export interface UploadOptions {
  /** Multipart field name; the API uses `file`. */
  name?: string;
  /** 0..100 as the bytes go out. */
  onProgress?: (percent: number) => void;
  timeout?: number;
}

export const UPLOAD_TIMEOUT_MS = 60000;

function sendUploadXhr(
  url: string,
  source: { blob: Blob; fileName: string },
  options: UploadOptions,
  token: string | null,
): Promise<{ status: number; data: string; retryAfter?: string | null }> {
  // H5: post the File itself. (Taro.uploadFile in H5 first fetches a blob: URL, which the
  // server's Content-Security-Policy connect-src 'self' forbids.)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.timeout = options.timeout ?? UPLOAD_TIMEOUT_MS;
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (options.onProgress && xhr.upload) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) options.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)));
      };
    }
    xhr.onload = () => resolve({ status: xhr.status, data: xhr.responseText, retryAfter: xhr.getResponseHeader('Retry-After') });
    xhr.onerror = () => reject(new ApiError({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE }));
    xhr.ontimeout = () => reject(new ApiError({ code: 'TIMEOUT', message: TIMEOUT_MESSAGE }));
    const form = new FormData();
    form.append(options.name ?? 'file', source.blob, source.fileName);
    xhr.send(form);
  });
}

function sendUploadTaro(
  url: string,
  filePath: string,
  options: UploadOptions,
  token: string | null,
): Promise<{ status: number; data: string; retryAfter?: string | null }> {
  return new Promise((resolve, reject) => {
    const header: Record<string, string> = { Accept: 'application/json' };
    if (token) header.Authorization = `Bearer ${token}`;
    const task = Taro.uploadFile({
      url,
      filePath,
      name: options.name ?? 'file',
      header,
      timeout: options.timeout ?? UPLOAD_TIMEOUT_MS,
      success: (res) =>
        resolve({ status: res.statusCode, data: res.data, retryAfter: headerValue((res as { header?: unknown }).header, 'Retry-After') }),
      fail: (err) =>
        reject(
          isTimeout(err)
            ? new ApiError({ code: 'TIMEOUT', message: TIMEOUT_MESSAGE })
            : new ApiError({ code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE }),
        ),
    });
    const progress = (task as unknown as { progress?: (cb: (r: { progress: number }) => void) => void })?.progress;
    if (options.onProgress && typeof progress === 'function') {
      progress.call(task, (r) => options.onProgress?.(r.progress));
    }
    // The callbacks settle the promise; swallow the task's own rejection.
    (task as unknown as Promise<unknown>)?.catch?.(() => undefined);
  });
}

async function sendUpload<T>(path: string, source: UploadSource, options: UploadOptions, token: string | null): Promise<T> {
  const url = buildUrl(path);
  const res = 'blob' in source ? await sendUploadXhr(url, source, options, token) : await sendUploadTaro(url, source.path, options, token);
  return interpret<T>(res.status, res.data, parseRetryAfter(res.retryAfter));
}

/** Multipart upload of one file, with the same errors and token refresh as `request`. */
export async function upload<T>(path: string, source: UploadSource, options: UploadOptions = {}): Promise<T> {
  const token = getSession()?.accessToken ?? null;
  try {
    return await sendUpload<T>(path, source, options, token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && token) {
      if (await refreshSession()) {
        return sendUpload<T>(path, source, options, getSession()?.accessToken ?? null);
      }
    }
    throw err;
  }
}

/** Normalise anything thrown into an ApiErrorBody for display. */
export function toApiErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.body;
  if (isApiErrorBody(err)) return err;
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}

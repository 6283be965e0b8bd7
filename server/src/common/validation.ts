import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid } from './app-error.js';

/** Fields listed in one 400 at most; a body with thousands of unknown fields gets a short answer. */
export const MAX_LISTED_FIELDS = 20;

const NULLABLE = 'xc:nullable';

/**
 * This optional property accepts `null` (to clear a value). Everywhere else `null` is refused like
 * a wrong type: class-validator's `@IsOptional` lets it through to the service otherwise.
 */
export const Nullable = (): PropertyDecorator => (target, key) => Reflect.defineMetadata(NULLABLE, true, target, key);

/** Flattens class-validator errors into `{ 'location.lat': '纬度超出范围' }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const messages = Object.entries(e.constraints).map(([rule, msg]) => (rule === 'whitelistValidation' ? `不允许的字段 ${key}` : msg));
      out[key] = messages[0];
    }
    if (e.children?.length) Object.assign(out, flattenValidationErrors(e.children, key));
  }
  return out;
}

/** `null` where a DTO does not say `@Nullable()`, as `{ 'location.coord': '不能为 null' }`. */
export function findNulls(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findNulls(v, `${prefix}${prefix ? '.' : ''}${i}`, out));
    return out;
  }
  // Only DTO instances carry the metadata; plain objects (free-form JSON) are left alone.
  if (!value || typeof value !== 'object' || value.constructor === Object || value instanceof Date) return out;
  const proto = Object.getPrototypeOf(value) as object;
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v === null) {
      if (!Reflect.getMetadata(NULLABLE, proto, key)) out[path] = `${path} 不能为 null：不填请省略该字段`;
    } else findNulls(v, path, out);
  }
  return out;
}

/** One 400 for a set of bad fields, listing at most MAX_LISTED_FIELDS of them. */
export function validationFailed(fields: Record<string, string>) {
  const entries = Object.entries(fields);
  const listed = Object.fromEntries(entries.slice(0, MAX_LISTED_FIELDS));
  const messages = entries.slice(0, 3).map(([, m]) => m);
  const error = invalid(listed, `请检查：${messages.join('；')}${entries.length > 3 ? ` 等 ${entries.length} 项` : ''}`);
  if (entries.length > MAX_LISTED_FIELDS) Object.assign(error.details!, { more: entries.length - MAX_LISTED_FIELDS });
  return error;
}

/** The one global validation pipe: whitelist, forbid unknown fields, transform to DTO types, refuse stray nulls. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const out = await super.transform(value, metadata);
    if (metadata.type === 'body') {
      const nulls = findNulls(out);
      if (Object.keys(nulls).length) throw validationFailed(nulls);
    }
    return out;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/**
 * Validates a body with the same rules as the global pipe, for the few routes that must check
 * existence (404) and permission (403) before the body (400), as the contract's precedence asks.
 */
export async function validateBody<T extends object>(cls: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid({ body: '请求内容必须是 JSON 对象' });
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationFailed(flattenValidationErrors(errors));
  const nulls = findNulls(instance);
  if (Object.keys(nulls).length) throw validationFailed(nulls);
  return instance;
}

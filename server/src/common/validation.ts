import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid } from './app-error.js';

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

/** The one global validation pipe: whitelist, forbid unknown fields, transform to DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return invalid(fields, `请检查：${Object.values(fields).join('；')}`);
    },
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
  if (errors.length) {
    const fields = flattenValidationErrors(errors);
    throw invalid(fields, `请检查：${Object.values(fields).join('；')}`);
  }
  return instance;
}

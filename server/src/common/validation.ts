import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { getMetadataStorage, IsArray, IsObject, validate, ValidateNested } from 'class-validator';
import { applyDecorators, type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid } from './app-error.js';

/** Fields listed in one 400 at most; a body with thousands of unknown fields gets a short answer. */
export const MAX_LISTED_FIELDS = 20;

const NULLABLE = 'xc:nullable';

/**
 * This optional property accepts `null` (to clear a value). Everywhere else `null` is refused like
 * a wrong type: class-validator's `@IsOptional` lets it through to the service otherwise.
 */
export const Nullable = (): PropertyDecorator => (target, key) => Reflect.defineMetadata(NULLABLE, true, target, key);

/**
 * A nested DTO: an object (`@ValidateNested` alone lets an array through, whose elements it then
 * validates instead), checked by its class.
 */
export const Nested = (type: () => new () => object, message: string) =>
  applyDecorators(IsObject({ message }), ValidateNested(), Type(type));

/** An array of nested DTOs, each an object checked by its class (`[[[]]]` is refused, not passed on). */
export const NestedEach = (type: () => new () => object, message: string) =>
  applyDecorators(IsArray({ message }), IsObject({ each: true, message }), ValidateNested({ each: true }), Type(type));

const CJK = /[\u4e00-\u9fff]/;
const list = (v: unknown) => (Array.isArray(v) ? v.join('、') : String(v));

/**
 * The Chinese a person reads for a rule whose decorator gave no message of its own (class-validator's
 * defaults are English: `lat must not be greater than 90`). One table for the whole server; a rule
 * missing here shows the generic 格式不正确, and validation-messages.spec.ts fails until it is added.
 */
export const RULE_MESSAGES: Record<string, (field: string, c: unknown[]) => string> = {
  isString: (f) => `${f} 应为文字`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isInt: (f) => `${f} 应为整数`,
  isNumber: (f) => `${f} 应为数字`,
  isBoolean: (f) => `${f} 应为 true 或 false`,
  isArray: (f) => `${f} 应为数组`,
  isObject: (f) => `${f} 应为对象`,
  min: (f, [n]) => `${f} 不能小于 ${n}`,
  max: (f, [n]) => `${f} 不能大于 ${n}`,
  minLength: (f, [n]) => `${f} 至少 ${n} 个字`,
  maxLength: (f, [n]) => `${f} 最多 ${n} 个字`,
  isLength: (f, [min, max]) => (max === undefined ? `${f} 至少 ${min} 个字` : `${f} 应为 ${min}–${max} 个字`),
  arrayMinSize: (f, [n]) => `${f} 至少 ${n} 项`,
  arrayMaxSize: (f, [n]) => `${f} 最多 ${n} 项`,
  isIn: (f, [values]) => `${f} 应为以下之一：${list(values)}`,
  isEnum: (f, [values]) => `${f} 应为以下之一：${list(Object.values(values as object))}`,
  isISO8601: (f) => `${f} 应为 ISO 8601 时间，如 2026-11-30T08:00:00+08:00`,
  isDateString: (f) => `${f} 应为 ISO 8601 时间，如 2026-11-30T08:00:00+08:00`,
  isUUID: (f) => `${f} 应为编号（UUID）`,
  matches: (f) => `${f} 格式不正确`,
};

/** What a person reads when `rule` fails on `field`: the decorator's own Chinese, else the table's. */
export function userMessage(rule: string, message: string, field: string, constraints: unknown[] = []): string {
  if (rule === 'whitelistValidation') return `不允许的字段 ${field}`;
  if (CJK.test(message)) return message;
  return RULE_MESSAGES[rule]?.(field, constraints) ?? `${field} 格式不正确`;
}

/** The arguments of `rule` on the property that failed (`max` → [90]), from class-validator's registry. */
function constraintsOf(e: ValidationError, rule: string): unknown[] {
  const target = e.target?.constructor;
  if (!target) return [];
  const m = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((x) => x.propertyName === e.property && x.name === rule);
  return m?.constraints ?? [];
}

/** Flattens class-validator errors into `{ 'location.lat': '纬度超出范围' }`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const [rule, msg] = Object.entries(e.constraints)[0];
      out[key] = userMessage(rule, msg, key, constraintsOf(e, rule));
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

const knownFields = new Map<object, Set<string>>();

/**
 * More unknown top-level fields than one answer lists, found by a set lookup before class-validator
 * (which builds an error object per field: 20,000 unknown fields took it seconds of CPU). 400
 * naming the first 20; fewer go on to class-validator, which reports them with the other faults.
 */
export function refuseUnknownFields(cls: abstract new (...args: never[]) => unknown, value: unknown): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  let known = knownFields.get(cls);
  if (!known) {
    known = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(cls, '', true, false)
        .map((m) => m.propertyName),
    );
    knownFields.set(cls, known);
  }
  if (!known.size) return;
  const keys = Object.keys(value);
  if (keys.length <= MAX_LISTED_FIELDS) return;
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length > MAX_LISTED_FIELDS) throw validationFailed(Object.fromEntries(unknown.map((k) => [k, `不允许的字段 ${k}`])));
}

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/** The one global validation pipe: whitelist, forbid unknown fields, transform to DTO types, refuse stray nulls. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && !PRIMITIVES.has(metadata.metatype)) refuseUnknownFields(metadata.metatype, value);
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
    // The failing object names the DTO, whose rule arguments (max → 90) go into the Chinese message.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/**
 * Validates a body with the same rules as the global pipe, for the few routes that must check
 * existence (404) and permission (403) before the body (400), as the contract's precedence asks.
 */
export async function validateBody<T extends object>(cls: new () => T, body: unknown): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid({ body: '请求内容必须是 JSON 对象' });
  refuseUnknownFields(cls, body);
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationFailed(flattenValidationErrors(errors));
  const nulls = findNulls(instance);
  if (Object.keys(nulls).length) throw validationFailed(nulls);
  return instance;
}

import type { NextFunction, Request, Response } from 'express';
import { invalid } from './app-error.js';

/** Deepest JSON accepted: the API's deepest body (a GeoJSON polygon inside a DTO) is 5 levels. */
export const MAX_JSON_DEPTH = 32;
/** Largest JSON body accepted. */
export const MAX_JSON_BYTES = 1024 * 1024;

export interface InputProblem {
  path: string;
  reason: 'depth' | 'surrogate' | 'key';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Node 20+ answers natively (String.prototype.isWellFormed): no regex run over every key and string. */
const isBad: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => !(s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => LONE_SURROGATE.test(s);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first thing in a parsed body or query that no handler should ever see: nesting deeper than
 * `maxDepth` (recursive code downstream would overflow the stack), a string or key with a lone
 * UTF-16 surrogate (not Unicode: URL encoding throws on it and MariaDB refuses it), or a key that
 * names an object's prototype. Iterative, so the check itself cannot overflow. Runs on every
 * request: the stack is three arrays (no object per value) and a path is only spelt out for
 * containers and for the value it reports.
 */
export function findInputProblem(root: unknown, maxDepth = MAX_JSON_DEPTH): InputProblem | null {
  // Each entry: the value, its depth, and its path as the parent's path plus its key.
  const values: unknown[] = [root];
  const depths: number[] = [0];
  const parents: string[] = [''];
  const keys: string[] = [''];
  while (values.length) {
    const value = values.pop();
    const depth = depths.pop()!;
    const parent = parents.pop()!;
    const key = keys.pop()!;
    if (typeof value === 'string') {
      if (isBad(value)) return { path: depth ? join(parent, key) : '', reason: 'surrogate' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const path = depth ? join(parent, key) : '';
    if (depth >= maxDepth) return { path, reason: 'depth' };
    for (const k of Object.keys(value)) {
      if (isBad(k)) return { path: join(path, k), reason: 'surrogate' };
      if (FORBIDDEN_KEYS.has(k)) return { path: join(path, k), reason: 'key' };
      values.push((value as Record<string, unknown>)[k]);
      depths.push(depth + 1);
      parents.push(path);
      keys.push(k);
    }
  }
  return null;
}

const REASONS: Record<InputProblem['reason'], string> = {
  depth: `嵌套层级过深（最多 ${MAX_JSON_DEPTH} 层）`,
  surrogate: '含有无效的字符（不成对的 UTF-16 代理项）',
  key: '含有不允许的字段名',
};

/** Express middleware: 400 VALIDATION_FAILED for a body or query that `findInputProblem` refuses. */
export function inputGuard(maxDepth = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction) => {
    let where = 'body';
    let problem: InputProblem | null;
    try {
      problem = findInputProblem(req.body, maxDepth);
      if (!problem) {
        where = 'query';
        problem = findInputProblem(req.query, maxDepth);
      }
    } catch {
      problem = { path: '', reason: 'key' };
    }
    if (!problem) return next();
    const field = problem.path ? `${where}.${problem.path}`.slice(0, 200) : where;
    next(invalid({ [field]: REASONS[problem.reason] }, `请求内容${REASONS[problem.reason]}`));
  };
}

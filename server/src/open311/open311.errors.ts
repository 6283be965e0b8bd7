import type { ApiErrorBody } from '@xc/shared';
import { formatOfPath, render, type Doc } from './open311.format.js';

/** Everything under this prefix answers errors the GeoReport v2 way. */
export const OPEN311_PREFIX = '/api/open311/v2/';

export function isOpen311Path(path: string | undefined): boolean {
  return !!path && path.startsWith(OPEN311_PREFIX);
}

/**
 * The platform's error (`{code, message, details}`) in the specification's shape: a list of
 * `{code: <HTTP status>, description}`, one entry per bad field, in the format the path asks for.
 */
export function open311Errors(path: string, status: number, body: ApiErrorBody): { contentType: string; body: string } {
  const fields = (body.details as { fields?: Record<string, string> } | undefined)?.fields;
  const entries = fields && Object.keys(fields).length ? Object.entries(fields).map(([f, why]) => `${f}：${why}`) : [body.message];
  const doc: Doc = { root: 'errors', item: 'error', list: entries.map((description) => ({ code: status, description })) };
  return render(formatOfPath(path), doc);
}

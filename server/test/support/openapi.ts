import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Checks answers against the OpenAPI document the server publishes (/api/docs-json): the schema
 * of the operation's status (or its `4XX`/`5XX` range) for the answer's media type, by ajv.
 * OpenAPI 3.0 schemas are JSON Schema but for `nullable`, turned into `anyOf [.., null]` here.
 */

type Json = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>;
  components?: { schemas?: Record<string, Json> };
}

const REF = '#/components/schemas/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** OpenAPI 3.0 schema → JSON Schema (draft-07) with references into the `openapi` schema. */
export function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const src = s as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'nullable' || k === 'example') continue;
    if (k === '$ref') out.$ref = `openapi#/definitions/${String(v).slice(REF.length)}`;
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Json).map(([name, p]) => [name, toJsonSchema(p)]));
    else out[k] = toJsonSchema(v);
  }
  return src.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Every operation of the document: `GET /api/v1/cases/{id}` and its responses. */
export function operations(doc: OpenApiDoc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, responses: item[m].responses ?? {} })),
  );
}

/** The document's operation a concrete path belongs to (`/api/v1/cases/abc` → `/api/v1/cases/{id}`), fixed segments first. */
export function matchOperation(doc: OpenApiDoc, method: string, url: string) {
  const path = url.split('?')[0];
  const candidates = operations(doc).filter((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const pattern = new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
  // `/cases/counts` before `/cases/{id}`: the template with the fewest parameters.
  return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0] ?? null;
}

/** Ajv with the formats the document uses (`binary`: a file, anything goes). */
export function openApiAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('binary', true);
  return ajv;
}

export function contractValidator(doc: OpenApiDoc) {
  const ajv = openApiAjv();
  ajv.addSchema({ $id: 'openapi', definitions: toJsonSchema(doc.components?.schemas ?? {}) as Json });
  const compiled = new Map<string, ValidateFunction>();

  /** The problems of one answer (empty when it agrees with the document). */
  return function check(method: string, url: string, status: number, contentType: string, body: unknown): string[] {
    const op = matchOperation(doc, method, url);
    if (!op) return [`${method} ${url}: no operation in the document`];
    const key = String(status);
    const response = op.responses[key] ?? op.responses[`${key[0]}XX`];
    if (!response) return [`${method} ${op.path}: answered ${status}, which the document does not list`];
    if (status === 204) return [];
    const type = contentType.split(';')[0].trim();
    const media = response.content?.[type];
    if (!media?.schema) return [`${method} ${op.path} ${status}: answered ${type}, which the document does not describe`];
    const id = `${op.method} ${op.path} ${key} ${type}`;
    let validate = compiled.get(id);
    if (!validate) compiled.set(id, (validate = ajv.compile(toJsonSchema(media.schema) as Json)));
    return validate(body)
      ? []
      : (validate.errors ?? [])
          .slice(0, 5)
          .map((e) => `${method} ${url} ${status}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  };
}

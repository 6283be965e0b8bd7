import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';

/**
 * The public Open311 GeoReport v2 schemas (test/fixtures/open311, copied from
 * ../shared/conformance/open311-georeport-v2) and a reader that turns an XML answer into the
 * JSON shape, typed by those same schemas, so that both formats are checked against them.
 */

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'open311');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

export const SCHEMAS: Record<string, AnySchema> = {};
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
// The swagger's "uid" format names identifiers of any form.
ajv.addFormat('uid', true);
for (const f of ['service', 'request', 'services', 'requests', 'service-definition']) {
  SCHEMAS[f] = read(`${f}.json`);
  ajv.addSchema(SCHEMAS[f], `${f}.json`);
}
// The POST answer has no schema file of its own: the specification's swagger definition of it.
const swagger = read('swagger.json');
SCHEMAS['request-response'] = { type: 'array', items: swagger.definitions.RequestResponse };
ajv.addSchema(SCHEMAS['request-response'], 'request-response.json');

/** The schema's errors for `body` (empty when it conforms). */
export function conforms(schema: string, body: unknown) {
  const validate = ajv.getSchema(`${schema}.json`)!;
  return validate(body) ? [] : validate.errors;
}

/** Throws unless `xml` is well-formed XML 1.0 (a strict parser). */
export function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
}

const ENTRY_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  extensions: 'extension',
};
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => Object.values(ENTRY_OF).includes(name),
});

export type Schema = { type?: string | string[]; anyOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; $ref?: string };

function resolve(s: Schema): Schema {
  return s.$ref ? (SCHEMAS[s.$ref.replace(/\.json$/, '')] as Schema) : s;
}

function types(s: Schema): string[] {
  const r = resolve(s);
  if (r.anyOf) return r.anyOf.flatMap(types);
  if (Array.isArray(r.type)) return r.type;
  return r.type ? [r.type] : r.properties ? ['object'] : [];
}

/** Turns the strings of parsed XML into the JSON types the schema names ('' is null where allowed). */
function coerce(value: unknown, schema: Schema | undefined, name: string): unknown {
  const s = schema ? resolve(schema) : {};
  const t = schema ? types(s) : [];
  if (t.includes('array') || (!schema && ENTRY_OF[name])) {
    const entries = value === '' ? [] : ((value as Record<string, unknown[]>)[ENTRY_OF[name]] ?? []);
    const item = s.items ?? s.anyOf?.find((x) => x.items)?.items;
    return entries.map((e) => coerce(e, item, ENTRY_OF[name]));
  }
  if (value !== null && typeof value === 'object') {
    const props = s.properties ?? s.anyOf?.find((x) => x.properties)?.properties ?? {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, props[k], k)]));
  }
  const text = value as string;
  if (text === '' && (t.includes('null') || !schema)) return null;
  if ((t.includes('number') || t.includes('integer')) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (t.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * An XML answer in the JSON shape: `<services><service>…` → an array, `<service_definition>…` →
 * an object, typed by `schema` (fields the schema does not name: '' → null, else strings).
 */
export function fromXml(xml: string, schema?: string | Schema): unknown {
  wellFormed(xml);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = Object.keys(doc).find((k) => k !== '?xml')!;
  const s = typeof schema === 'string' ? (SCHEMAS[schema] as Schema) : schema;
  if (ENTRY_OF[root]) return coerce(doc[root], s ?? { type: 'array' }, root);
  return coerce(doc[root], s, root);
}

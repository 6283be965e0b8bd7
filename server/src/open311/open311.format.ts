import { XMLBuilder } from 'fast-xml-parser';

/**
 * The two response formats of GeoReport v2, each written by one serializer from the same
 * document: a list (a JSON array; in XML a root element with one element per item) or a single
 * object under a root element. Nested lists become a wrapper element with one child per entry
 * (`attributes` → `<attributes><attribute>…`), as the specification's XML examples show.
 */

export type Format = 'json' | 'xml';
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Row = Record<string, Value>;
export type Doc = { root: string; item: string; list: Row[] } | { root: string; object: Row };

/** Element names of the entries of nested lists. */
const ENTRY_OF: Record<string, string> = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  extensions: 'extension',
};

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** Characters XML 1.0 does not allow anywhere (§2.2 Char), lone surrogates included: removed on output, in both formats. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false, processEntities: true, format: false });

function toXmlValue(value: Value, name: string): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) return { [ENTRY_OF[name] ?? 'item']: value.map((v) => toXmlValue(v, ENTRY_OF[name] ?? 'item')) };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXmlValue(v, k)]));
  return xmlSafe(String(value));
}

export function toXml(doc: Doc): string {
  const body = 'list' in doc ? { [doc.item]: doc.list.map((r) => toXmlValue(r, doc.item)) } : toXmlValue(doc.object, doc.root);
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [doc.root]: body }) as string;
}

/** The same text as the XML: a client switching formats never sees a character the other dropped. */
export function toJson(doc: Doc): string {
  return JSON.stringify('list' in doc ? doc.list : doc.object, (_key, v: unknown) => (typeof v === 'string' ? xmlSafe(v) : v));
}

export function render(format: Format, doc: Doc): { contentType: string; body: string } {
  return { contentType: CONTENT_TYPE[format], body: format === 'xml' ? toXml(doc) : toJson(doc) };
}

/** The format a path asks for by its extension (`requests.xml`); JSON otherwise. */
export function formatOfPath(path: string): Format {
  return /\.xml$/i.test(path.split('?')[0]) ? 'xml' : 'json';
}

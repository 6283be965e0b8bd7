import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { formatOfPath, render, toJson, toXml, xmlSafe, type Doc } from './open311.format.js';

/** Parses with a strict XML 1.0 parser; returns the text of every element named `name`, or throws. */
function textsOf(xml: string, name: string): string[] {
  const parser = new SaxesParser({ xmlns: false });
  const out: string[] = [];
  let inside = false;
  let text = '';
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    if (t.name === name) {
      inside = true;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (inside) text += t;
  });
  parser.on('closetag', (t) => {
    if (t.name === name) {
      inside = false;
      out.push(text);
    }
  });
  parser.write(xml).close();
  return out;
}

/** Any UTF-16 code unit, lone surrogates and C0 controls included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 60 });
const anyText = fc.oneof(anyUnits, fc.string({ unit: 'binary', maxLength: 60 }));

describe('Open311 serializers', () => {
  it('writes well-formed XML 1.0 for any text, keeping every legal character (property)', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const xml = toXml({ root: 'service_requests', item: 'request', list: [{ description: a, status_notes: b }] });
        // XML parsers report line ends as \n (XML 1.0 §2.11).
        const expected = (s: string) => xmlSafe(s).replace(/\r\n?/g, '\n');
        expect(textsOf(xml, 'description')).toEqual([expected(a)]);
        expect(textsOf(xml, 'status_notes')).toEqual([expected(b)]);
      }),
      { numRuns: 500 },
    );
  });

  it('removes exactly the characters XML 1.0 forbids', () => {
    expect(xmlSafe('a\u000bb\u0000c\u001fd\ufffee\uffff')).toBe('abcde');
    expect(xmlSafe('\t\n\r 井盖 😀 \ud7ff\ue000\ufffd')).toBe('\t\n\r 井盖 😀 \ud7ff\ue000\ufffd');
    expect(xmlSafe('x\ud800y\udc00z')).toBe('xyz'); // lone surrogates
  });

  it('writes nested lists as a wrapper with one element per entry, nulls as empty elements', () => {
    const doc: Doc = {
      root: 'service_definition',
      object: {
        service_code: '100118',
        attributes: [{ code: 'fault', required: true, order: 1, values: [{ key: 'off', name: '不亮' }] }],
        note: null,
      },
    };
    expect(toXml(doc)).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>100118</service_code><attributes><attribute><code>fault</code><required>true</required><order>1</order><values><value><key>off</key><name>不亮</name></value></values></attribute></attributes><note></note></service_definition>',
    );
    expect(JSON.parse(toJson(doc))).toEqual(doc.object);
    expect(toXml({ root: 'discovery', object: { formats: ['application/json', 'text/xml'] } })).toContain(
      '<formats><format>application/json</format><format>text/xml</format></formats>',
    );
  });

  it('escapes markup, and writes a list as a JSON array', () => {
    const doc: Doc = { root: 'services', item: 'service', list: [{ service_name: 'A&B <x> "q"' }] };
    expect(toXml(doc)).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_name>A&amp;B &lt;x&gt; &quot;q&quot;</service_name></service></services>',
    );
    expect(JSON.parse(toJson(doc))).toEqual([{ service_name: 'A&B <x> "q"' }]);
    expect(toXml({ root: 'services', item: 'service', list: [] })).toBe('<?xml version="1.0" encoding="utf-8"?><services></services>');
    expect(render('xml', doc).contentType).toBe('text/xml; charset=utf-8');
    expect(render('json', doc).contentType).toBe('application/json; charset=utf-8');
  });

  it('takes the format from the extension of the path', () => {
    expect(formatOfPath('/api/open311/v2/requests.xml')).toBe('xml');
    expect(formatOfPath('/api/open311/v2/requests/XC202611270001.XML')).toBe('xml');
    expect(formatOfPath('/api/open311/v2/requests.json')).toBe('json');
    expect(formatOfPath('/api/open311/v2/nothing')).toBe('json');
  });
});

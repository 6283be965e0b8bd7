import { describe, expect, it } from '@jest/globals';
// @ts-expect-error: a plain ES module script without type declarations
import { generateWireSchemas } from '../scripts/wire-schemas.mjs';
import { WIRE_SCHEMAS } from './wire-schemas.js';

describe('wire schemas', () => {
  it('are what the wire types make (run `node shared/scripts/wire-schemas.mjs` after changing one)', () => {
    expect(WIRE_SCHEMAS).toEqual(generateWireSchemas());
  });

  it('describe each type in full: closed objects, required fields, nulls where the type allows them', () => {
    // Hand-written from MediaDto and ReporterDto in api.ts.
    expect(WIRE_SCHEMAS.MediaDto).toMatchObject({
      type: 'object',
      required: ['id', 'url', 'thumbUrl'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, url: { type: 'string' }, thumbUrl: { type: 'string' }, publicHidden: { type: 'boolean' } },
    });
    expect(WIRE_SCHEMAS.ReporterDto).toMatchObject({
      required: ['id', 'name'],
      properties: { phoneMasked: { type: 'string', nullable: true }, deleted: { type: 'boolean' } },
    });
    expect(WIRE_SCHEMAS.CaseSummaryPage).toMatchObject({
      required: ['items', 'nextCursor'],
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CaseSummaryDto' } } },
    });
  });
});

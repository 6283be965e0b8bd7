import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage, IsString, Max, MaxLength, Min, validate } from 'class-validator';
import { flattenValidationErrors, RULE_MESSAGES } from './validation.js';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/**
 * Every message a validator can put in front of a person is Chinese (a resident once read
 * `请检查：lat must not be greater than 90`). Loads every DTO of the server, then reads
 * class-validator's own registry: each rule that can fail must carry a message with Chinese in it.
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK = /[\u4e00-\u9fff]/;
/** Rules that never produce a message of their own (they switch others on or off, or recurse). */
const SILENT = new Set(['conditionalValidation', 'nestedValidation', 'whitelistValidation', 'isDefined']);

function dtoFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return dtoFiles(p);
    return /\.ts$/.test(e.name) && !/\.spec\.ts$/.test(e.name) && /class-validator/.test(fs.readFileSync(p, 'utf8')) ? [p] : [];
  });
}

function messageOf(m: ValidationMetadata): string {
  const args = { value: 'x', constraints: m.constraints ?? [], targetName: m.target.toString(), object: {}, property: m.propertyName };
  return typeof m.message === 'function' ? m.message(args) : (m.message ?? '');
}

describe('validation messages', () => {
  it('are Chinese for every rule of every DTO', async () => {
    const files = dtoFiles(src);
    for (const f of files) await import(f);
    const all = [
      ...(getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> }).validationMetadatas.values(),
    ].flat();
    const checked = all.filter((m) => !SILENT.has(m.type) && !(m.type === 'customValidation' && m.name === undefined && !m.constraintCls));
    // The registry really was filled: dozens of DTO classes, hundreds of rules.
    expect(files.length).toBeGreaterThan(10);
    expect(checked.length).toBeGreaterThan(100);
    // A rule says its own Chinese, or the server's table has Chinese for it.
    const english = checked
      .filter((m) => !CJK.test(messageOf(m)) && !(m.name && m.name in RULE_MESSAGES))
      .map((m) => `${(m.target as { name?: string }).name}.${m.propertyName} (${m.name ?? m.type}): ${JSON.stringify(messageOf(m))}`);
    expect(english).toEqual([]);
    for (const template of Object.values(RULE_MESSAGES)) expect(template('lat', [90, 120])).toMatch(CJK);
  });

  it('put the rule’s own figures into the Chinese a person reads', async () => {
    class Point {
      @Max(90)
      @Min(-90)
      lat!: number;

      @IsString()
      @MaxLength(5)
      name!: string;
    }
    const errors = await validate(Object.assign(new Point(), { lat: 91, name: 'abcdefg' }), { validationError: { target: true } });
    expect(flattenValidationErrors(errors)).toEqual({ lat: 'lat 不能大于 90', name: 'name 最多 5 个字' });
  });
});

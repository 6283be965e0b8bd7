#!/usr/bin/env node
// Generates src/wire-schemas.ts: one OpenAPI 3.0 schema per wire type of this package, read from
// the TypeScript types themselves, so that the server's OpenAPI document and the tests that check
// real answers against it follow the types with nothing written twice.
//   node shared/scripts/wire-schemas.mjs          rewrites src/wire-schemas.ts
//   node shared/scripts/wire-schemas.mjs --check  exits 1 when it is out of date
// The unit test wire-schemas.spec.ts fails when the committed file differs from what this makes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..', 'src');
export const OUTPUT = path.join(src, 'wire-schemas.ts');

/** The files whose exported types are on the wire (their names become schema names). */
const WIRE_FILES = ['api.ts', 'messages.ts', 'patrols.ts', 'bulletin.ts', 'evaluations.ts', 'requests.ts', 'open311.ts', 'errors.ts'];

/** Every wire schema by name, in a stable order. */
export function generateWireSchemas() {
  const files = fs.readdirSync(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && f !== 'wire-schemas.ts');
  const program = ts.createProgram(
    files.map((f) => path.join(src, f)),
    {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: [],
      skipLibCheck: true,
      noEmit: true,
    },
  );
  // The package's type-check reports errors in the types; this reads them only.
  const checker = program.getTypeChecker();

  /** Named, non-generic exported interfaces and type aliases of the package: each one schema. */
  const named = new Map(); // ts.Symbol -> name
  const roots = [];
  for (const file of files) {
    const sf = program.getSourceFile(path.join(src, file));
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    for (const sym of checker.getExportsOfModule(moduleSymbol)) {
      const decl = sym.declarations?.[0];
      if (!decl || decl.getSourceFile() !== sf) continue;
      if (!ts.isInterfaceDeclaration(decl) && !ts.isTypeAliasDeclaration(decl)) continue;
      if (decl.typeParameters?.length) continue;
      named.set(sym, sym.getName());
      if (WIRE_FILES.includes(file)) roots.push(sym);
    }
  }

  const schemas = {};
  const queue = [...roots];
  const wanted = new Set(roots);
  const refTo = (sym) => {
    if (!wanted.has(sym)) {
      wanted.add(sym);
      queue.push(sym);
    }
    return { $ref: `#/components/schemas/${named.get(sym)}` };
  };
  /** The package's own named type this type is, if any (a reference instead of a copy). */
  const ownName = (type) => {
    const alias = type.aliasSymbol;
    if (alias && named.has(alias) && !type.aliasTypeArguments?.length) return alias;
    const sym = type.getSymbol();
    if (
      sym &&
      named.has(sym) &&
      sym.flags & ts.SymbolFlags.Interface &&
      !(type.objectFlags & ts.ObjectFlags.Reference && type.typeArguments?.length)
    )
      return sym;
    return null;
  };
  const describe = (sym) => ts.displayPartsToString(sym.getDocumentationComment(checker)).trim() || undefined;

  /** `top`: the type being defined (itself inline, every other mention of it a reference). */
  const schemaOf = (type, top = false) => {
    const own = ownName(type);
    if (own && !top) return refTo(own);
    const f = type.getFlags();
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [type.value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [checker.typeToString(type) === 'true'] };
    if (f & ts.TypeFlags.Null) return { nullable: true, enum: [null] };
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.getFlags() & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      const nullable = parts.length < type.types.filter((t) => !(t.getFlags() & ts.TypeFlags.Undefined)).length;
      let out;
      const booleans = parts.filter((t) => t.getFlags() & ts.TypeFlags.BooleanLiteral);
      const rest = booleans.length === 2 ? parts.filter((t) => !booleans.includes(t)) : parts;
      const members = [...(booleans.length === 2 ? [{ type: 'boolean' }] : []), ...rest.map((t) => schemaOf(t))];
      const literals = members.every((m) => m.enum && m.type === 'string');
      // Sorted: the checker's order of a union's members depends on the order it met them.
      if (literals) out = { type: 'string', enum: members.flatMap((m) => m.enum).sort() };
      else if (members.length === 1) out = members[0];
      else out = { oneOf: members };
      if (!nullable) return out;
      return out.$ref
        ? { allOf: [out], nullable: true }
        : out.enum
          ? { ...out, nullable: true, enum: [...out.enum, null] }
          : { ...out, nullable: true };
    }
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type);
      const items = elements.map((t) => schemaOf(t));
      const same = items.every((i) => JSON.stringify(i) === JSON.stringify(items[0]));
      return { type: 'array', items: same ? items[0] : { oneOf: items }, minItems: elements.length, maxItems: elements.length };
    }
    if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type)[0]) };
    if (f & ts.TypeFlags.Object) {
      const properties = {};
      const required = [];
      for (const prop of checker.getPropertiesOfType(type)) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        const propType = checker.getTypeOfSymbol(prop);
        if (propType.getCallSignatures().length) continue;
        let s = schemaOf(propType);
        const description = describe(prop);
        if (description) s = s.$ref ? { allOf: [s], description } : { ...s, description };
        properties[prop.getName()] = s;
        if (!(prop.flags & ts.SymbolFlags.Optional) && decl) required.push(prop.getName());
      }
      const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
      const out = { type: 'object' };
      if (Object.keys(properties).length) out.properties = properties;
      if (required.length) out.required = required;
      // Closed: a field the type does not name is a disagreement between the server and the contract.
      out.additionalProperties = index ? schemaOf(index) : false;
      return out;
    }
    throw new Error(`no schema for ${checker.typeToString(type)}`);
  };

  while (queue.length) {
    const sym = queue.shift();
    const decl = sym.declarations[0];
    const type = ts.isTypeAliasDeclaration(decl) ? checker.getTypeFromTypeNode(decl.type) : checker.getDeclaredTypeOfSymbol(sym);
    const s = schemaOf(type, true);
    const description = describe(sym);
    schemas[named.get(sym)] = description && !s.$ref ? { ...s, description } : s;
  }
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((k) => [k, schemas[k]]),
  );
}

/** The TypeScript module with the schemas, formatted as the repository's Prettier formats it. */
export async function renderWireSchemas(schemas = generateWireSchemas()) {
  const names = Object.keys(schemas);
  const text = [
    '// Generated by shared/scripts/wire-schemas.mjs from the wire types of this package: do not edit.',
    '// Run `node shared/scripts/wire-schemas.mjs` after changing a wire type (a unit test fails until then).',
    '',
    `export type WireSchemaName =\n${names.map((n) => `  | '${n}'`).join('\n')};`,
    '',
    '/** An OpenAPI 3.0 schema object. */',
    'export type WireSchema = Record<string, unknown>;',
    '',
    '/** One OpenAPI 3.0 schema per wire type, references as `#/components/schemas/<name>`. */',
    `export const WIRE_SCHEMAS: Record<WireSchemaName, WireSchema> = ${JSON.stringify(schemas, null, 2)};`,
    '',
  ].join('\n');
  const prettier = await import('prettier');
  return prettier.format(text, { ...(await prettier.resolveConfig(OUTPUT)), filepath: OUTPUT });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await renderWireSchemas();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error('shared/src/wire-schemas.ts is out of date: run `node shared/scripts/wire-schemas.mjs`');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(OUTPUT, text);
    console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
  }
}

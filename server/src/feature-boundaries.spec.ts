import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * Each feature (a folder under src/ with its Nest module) owns the entities declared in it: only its
 * own files read or write their tables. Another feature asks the owner's exported service. This
 * test scans the source for every way of reaching a table — a repository (`getRepository(X)`,
 * `@InjectRepository(X)`), an entity manager call (`tx.find(X, …)`, `tx.insert(X, …)`, …), a query
 * builder (`.from(X, …)`, `.innerJoin(X, …)`) and raw SQL naming the table (`FROM cases`, `JOIN
 * grids`, …) — and fails on each one that crosses a feature boundary and is not listed below with
 * its reason. A listed exception that no longer happens fails too, so the list only shrinks.
 */

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Folders that are infrastructure, not features: they may name any entity. */
const NOT_FEATURES = new Set(['database', 'common', 'config']);

/**
 * The seeder loads reference and demo data into every table in bulk at start-up (one transaction
 * per step, with the bulk insert of 35,395 demo cases); it is a loader, not a feature others call.
 */
const SEED_FOLDER = 'seed';

interface Exception {
  /** Path under src/. */
  file: string;
  /** Entity class. */
  entity: string;
  reason: string;
}

/** Cross-feature reads left in place on purpose: documented read models. */
const ALLOWED: Exception[] = [
  {
    file: 'stats/stats.service.ts',
    entity: 'Case',
    reason:
      'The monthly figures are a read model over the cases: one aggregate per month over 35,000+ cases in SQL (the lifecycle conditions come from cases/lifecycle rules), which no per-row service call could replace.',
  },
  {
    file: 'stats/stats.service.ts',
    entity: 'CaseHistory',
    reason: 'The same read model: the status, unit and deadline of each case at a cut-off are read from its history in the same aggregate.',
  },
  {
    file: 'stats/stats.service.ts',
    entity: 'GroupMembership',
    reason:
      "A group's figures restrict that aggregate to the group's units of the month with a subquery on group_memberships (a list of ids from OrgService would be a second round trip and an IN list per query).",
  },
];

interface Access {
  file: string;
  entity: string;
  how: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

const rel = (p: string) => path.relative(SRC, p).split(path.sep).join('/');
const featureOf = (file: string) => file.split('/')[0];

/** Entity class → table and the feature that declares it. */
function entities(files: string[]): Map<string, { table: string; feature: string }> {
  const out = new Map<string, { table: string; feature: string }>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/@Entity\(\s*'([a-z0-9_]+)'\s*\)[\s\S]*?export class (\w+)/g)) {
      out.set(m[2], { table: m[1], feature: featureOf(rel(f)) });
    }
  }
  return out;
}

const MANAGER_METHODS =
  'find|findBy|findOne|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|findAndCountBy|exists|existsBy|count|countBy|sum|average|minimum|maximum|insert|update|upsert|delete|softDelete|restore|save|remove|increment|decrement|create|merge|preload|createQueryBuilder|getRepository|clear';

function accesses(file: string, text: string, known: Map<string, { table: string; feature: string }>): Access[] {
  const out: Access[] = [];
  const names = [...known.keys()].join('|');
  const patterns: [RegExp, string][] = [
    [new RegExp(`@InjectRepository\\(\\s*(${names})\\s*\\)`, 'g'), 'InjectRepository'],
    [new RegExp(`\\.(?:${MANAGER_METHODS})\\(\\s*(${names})\\s*[,)]`, 'g'), 'entity manager'],
    [
      new RegExp(
        `\\.(?:from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|innerJoinAndMapOne|leftJoinAndMapOne)\\(\\s*(${names})\\s*,`,
        'g',
      ),
      'query builder',
    ],
  ];
  for (const [re, how] of patterns) for (const m of text.matchAll(re)) out.push({ file, entity: m[1], how });
  const byTable = new Map([...known].map(([entity, e]) => [e.table, entity]));
  const tables = [...byTable.keys()].join('|');
  // Raw SQL, in string and template literals: FROM/JOIN/INTO/UPDATE followed by a table name.
  for (const m of text.matchAll(new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE)\\s+\`?(${tables})\`?(?=[\\s,;)'\`]|$)`, 'g')))
    out.push({ file, entity: byTable.get(m[1])!, how: 'raw SQL' });
  return out;
}

describe('feature boundaries', () => {
  const files = sourceFiles(SRC);
  const known = entities(files);
  const crossing = files.flatMap((f) => {
    const file = rel(f);
    const feature = featureOf(file);
    if (!file.includes('/') || NOT_FEATURES.has(feature) || feature === SEED_FOLDER) return [];
    return accesses(file, fs.readFileSync(f, 'utf8'), known).filter((a) => known.get(a.entity)!.feature !== feature);
  });

  it('finds the entities and the ways of reaching them (the scan itself works)', () => {
    expect(known.get('Case')).toEqual({ table: 'cases', feature: 'cases' });
    expect(known.get('Grid')).toEqual({ table: 'grids', feature: 'grids' });
    expect(known.get('CalendarDay')).toEqual({ table: 'calendar_days', feature: 'calendar' });
    const sample = [
      'this.db.getRepository(Case).findOneBy({ id })',
      '@InjectRepository(User) private readonly users: Repository<User>',
      'await tx.findOneBy(Unit, { id })',
      ".innerJoin(Grid, 'g', 'g.code = ig.grid_code')",
      '`SELECT u.id FROM users u JOIN inspector_grids ig ON ig.user_id = u.id`',
    ].join('\n');
    expect(accesses('x/y.ts', sample, known).map((a) => `${a.entity}:${a.how}`)).toEqual([
      'User:InjectRepository',
      'Case:entity manager',
      'Unit:entity manager',
      'Grid:query builder',
      'User:raw SQL',
      'InspectorGrid:raw SQL',
    ]);
  });

  it('no feature reaches into another feature’s tables, except the listed read models', () => {
    const allowed = (a: Access) => ALLOWED.some((e) => e.file === a.file && e.entity === a.entity);
    const unexpected = crossing.filter((a) => !allowed(a)).map((a) => `${a.file}: ${a.entity} (${known.get(a.entity)!.feature}, ${a.how})`);
    expect([...new Set(unexpected)]).toEqual([]);
  });

  it('entities import nothing from seed/ (the data loader depends on the entities, never the reverse)', () => {
    const entityFiles = files.filter((f) => /@Entity\(/.test(fs.readFileSync(f, 'utf8')));
    expect(entityFiles.length).toBeGreaterThan(10);
    const offending = entityFiles.filter((f) => /from '[./]*\/seed\//.test(fs.readFileSync(f, 'utf8'))).map(rel);
    expect(offending).toEqual([]);
  });

  it('every listed exception still happens and says why', () => {
    for (const e of ALLOWED) expect(e.reason.length).toBeGreaterThan(20);
    const stale = ALLOWED.filter((e) => !crossing.some((a) => a.file === e.file && a.entity === e.entity));
    expect(stale).toEqual([]);
  });
});

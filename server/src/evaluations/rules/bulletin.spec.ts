import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { GROUPS, UNITS } from '../../seed/reference/index.js';
import { PUBLISHED_2023_02 } from '../../seed/published/2023-02.js';
import { bulletinRankingLines, bulletinTitle, renderBulletinText, type BulletinDocument } from '@xc/shared';
import { composeBulletin, type BulletinGroup, type BulletinInput } from './bulletin.js';
import { GRADES_2023 } from './ranking.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The source's ranking sections with the page's print artefacts removed. */
function sourceLines(): string[] {
  const raw = fs
    .readFileSync(path.join(here, 'fixtures', 'source-2023-02-rankings.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const out: string[] = [];
  let pending = '';
  for (const l of raw.map((x) => x.trim())) {
    const doubled = /^(\d)\1\.\.(.*)$/.exec(l);
    if (doubled) {
      // "11..前三名的乡前三名的乡（（镇镇、、街道街道））" → "1.前三名的乡（镇、街道）"
      let text = doubled[2];
      for (let prev = ''; prev !== text;) {
        prev = text;
        text = text.replace(/(.+?)\1/g, '$1');
      }
      out.push(`${doubled[1]}.${text}`);
      continue;
    }
    if (/^[一二三四]、/.test(l)) {
      out.push(l);
      continue;
    }
    pending += l;
    if (pending.endsWith('）')) {
      out.push(pending.replace(/(\d) 分/g, '$1分'));
      pending = '';
    }
  }
  return out;
}

function published2023(): BulletinInput {
  const groups: BulletinGroup[] = GROUPS.map((g) => ({
    code: g.code,
    name: g.name,
    listMode: g.listMode,
    noun: g.noun,
    grades: GRADES_2023,
    units: UNITS.filter((u) => u.groupCode === g.code).flatMap((u) => {
      const s = PUBLISHED_2023_02.scores.find((p) => p.unit === u.name);
      return s ? [{ name: u.name, score: s.score, order: u.order }] : [];
    }),
  }));
  return { month: '2023-02', groups, figures: PUBLISHED_2023_02.figures };
}

const META = { revision: 1, source: 'computed', publishedAt: null } as const;
const compose = (input: BulletinInput): BulletinDocument => composeBulletin(input, META);
const lines = (input: BulletinInput) => bulletinRankingLines(compose(input));

const g = (name: string, listMode: 'full' | 'top_bottom', scores: number[], code = 'test'): BulletinGroup => ({
  code,
  name,
  listMode,
  noun: '单位',
  grades: GRADES_2023,
  units: scores.map((score, i) => ({ name: `单位${String.fromCharCode(65 + i)}`, score, order: i + 1 })),
});

/** Whitespace and the page's line breaks removed, to compare wording with the printed article. */
const flat = (s: string) => s.replace(/\s+/g, '');

describe('the 通报 (bulletin) composer', () => {
  it('reproduces the ranking sections of the February 2023 bulletin line by line (golden test)', () => {
    const expected = sourceLines();
    expect(expected).toHaveLength(29);
    expect(lines(published2023())).toEqual(expected);
  });

  it('keeps an imported month’s wording exactly as the page printed it', () => {
    const article = flat(fs.readFileSync(path.join(here, 'fixtures', 'source-2023-02-article.txt'), 'utf8'));
    const { paragraphs, closing } = PUBLISHED_2023_02.wording;
    for (const p of [...paragraphs, ...closing]) expect(article).toContain(flat(p));
    const doc = composeBulletin(
      published2023(),
      { revision: 1, source: 'imported', publishedAt: PUBLISHED_2023_02.publishedAt },
      {
        paragraphs: [...paragraphs],
        closing: [...closing],
      },
    );
    const text = renderBulletinText(doc);
    expect(text).toContain(
      '市城乡一体化示范区成绩较好，市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。',
    );
    expect(text).toContain('认真贯彻落实《许昌市城市管理委员会关于调整市城市管理委员会组成人员的通知》文件精神');
    expect(text.split('\n')[0]).toBe('许昌市城市管理综合考评2月份调度情况通报');
    expect(flat(text.split('\n')[0])).toBe(flat('许昌市城市管理综合考评 2 月份调度情况通报'));
  });

  it('composes a computed month in the source’s pattern: the best of 中心城区组, full marks counted in the 市直 group, the worst of both', () => {
    const doc = compose(published2023());
    expect(doc.paragraphs[0]).toBe(
      '依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，2月份城市管理调度评价情况出炉。在中心城区组中，市城乡一体化示范区成绩较好，' +
        '市市场监督管理局、市政务服务和大数据管理局等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。',
    );
    expect(doc.paragraphs[1]).toBe('2月份，数字化城市管理共采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%。');
    // The scope counts the units listed unless the month's evaluated counts are given.
    expect(doc.paragraphs[2]).toContain(
      '对两市两县政府、中心城区 5 个区政府（管委会）、11 个市直及企事业单位、中心城区 7 个乡（镇、街道）2月份履行城市管理职责情况进行了调度评价',
    );
    const withCounts = published2023();
    withCounts.groups.forEach((grp, i) => (grp.evaluated = [4, 5, 42, 36][i]));
    expect(compose(withCounts).paragraphs[2]).toContain(
      '对两市两县政府、中心城区 5 个区政府（管委会）、42 个市直及企事业单位、中心城区 36 个乡（镇、街道）2月份',
    );
    const text = renderBulletinText(compose(published2023()));
    expect(text.startsWith(`${bulletinTitle('2023-02')}\n`)).toBe(true);
    expect(text).toContain('\n一、两市两县组\n襄城县 85.66分（合格）\n');
  });

  it('names two units with full marks without a count, and none when nobody scored 100', () => {
    const input: BulletinInput = {
      month: '2026-10',
      groups: [g('中心城区组', 'full', [91, 88, 79], 'central'), g('市直单位及企事业单位组', 'top_bottom', [100, 96, 100, 70], 'city')],
    };
    expect(compose(input).paragraphs[0]).toContain('在中心城区组中，单位A成绩较好，单位A、单位C成绩满分；单位C、单位D成绩较差。');
    input.groups[1] = g('市直单位及企事业单位组', 'top_bottom', [99, 96, 98, 70], 'city');
    expect(compose(input).paragraphs[0]).toContain('在中心城区组中，单位A成绩较好；单位C、单位D成绩较差。');
  });

  it('joins ties on one line in every group, in the group order, and prints scores without trailing zeros', () => {
    expect(lines({ month: '2026-10', groups: [g('测试组', 'full', [89.6, 100, 89.6, 70.1])] })).toEqual([
      '一、测试组',
      '单位B 100分（优秀）',
      '单位A、单位C 89.6分（合格）',
      '单位D 70.1分（不合格）',
    ]);
    expect(lines({ month: '2026-10', groups: [g('测试组', 'top_bottom', [90, 95, 95, 80, 79.99, 60, 85, 88])] })).toEqual([
      '一、测试组',
      '1.前三名的单位',
      '单位B、单位C 95分（优秀）',
      '单位A 90分（良好）',
      '单位H 88分（合格）',
      '2.后三名的单位',
      '单位F 60分（不合格）',
      '单位E 79.99分（不合格）',
      '单位D 80分（合格）',
    ]);
  });

  it('grades each group by its own scheme', () => {
    const strict = { ...g('严组', 'full', [92]), grades: { excellent: 98, good: 92, pass: 85 } };
    expect(lines({ month: '2026-10', groups: [g('测试组', 'full', [92]), strict] })).toEqual([
      '一、测试组',
      '单位A 92分（良好）',
      '二、严组',
      '单位A 92分（良好）',
    ]);
    strict.grades = { excellent: 98, good: 93, pass: 85 };
    expect(lines({ month: '2026-10', groups: [strict] })[1]).toBe('单位A 92分（合格）');
  });

  it('grades exactly at 95, 90 and 80 upward', () => {
    const out = lines({ month: '2026-10', groups: [g('测试组', 'full', [95, 94.99, 90, 89.99, 80, 79.99])] });
    expect(out.slice(1).map((l) => l.split(' ')[1])).toEqual([
      '95分（优秀）',
      '94.99分（良好）',
      '90分（良好）',
      '89.99分（合格）',
      '80分（合格）',
      '79.99分（不合格）',
    ]);
  });

  it('handles groups with fewer than three distinct scores, and leaves out empty groups', () => {
    expect(lines({ month: '2026-10', groups: [g('空组', 'full', []), g('小组', 'top_bottom', [90, 90, 70])] })).toEqual([
      '一、小组',
      '1.前三名的单位',
      '单位A、单位B 90分（良好）',
      '单位C 70分（不合格）',
    ]);
    expect(lines({ month: '2026-10', groups: [g('五组', 'top_bottom', [99, 98, 97, 96, 95])] })).toEqual([
      '一、五组',
      '1.前三名的单位',
      '单位A 99分（优秀）',
      '单位B 98分（优秀）',
      '单位C 97分（优秀）',
      '2.后三名的单位',
      '单位E 95分（优秀）',
      '单位D 96分（优秀）',
    ]);
  });

  it('lists in full or by top and bottom as the group is configured, not by its size', () => {
    const big = g(
      '大组',
      'full',
      Array.from({ length: 12 }, (_, i) => 90 - i),
    );
    expect(lines({ month: '2026-10', groups: [big] })).toHaveLength(13);
  });
});

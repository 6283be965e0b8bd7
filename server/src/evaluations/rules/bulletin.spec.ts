import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { GROUPS, UNITS } from '../../seed/reference/index.js';
import { PUBLISHED_2023_02 } from '../../seed/published/2023-02.js';
import { bulletinTitle, formatBulletin, rankingLines, type BulletinGroup, type BulletinInput } from './bulletin.js';
import { GRADES_2023 } from './ranking.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const SCOPE: Record<string, string> = {
  county: '两市两县政府',
  central: '中心城区 {n} 个区政府（管委会）',
  city: '{n} 个市直及企事业单位',
  street: '中心城区 {n} 个乡（镇、街道）',
};

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
    name: g.name,
    listMode: g.listMode,
    noun: g.noun,
    scopePhrase: SCOPE[g.code],
    units: UNITS.filter((u) => u.groupCode === g.code).flatMap((u) => {
      const s = PUBLISHED_2023_02.scores.find((p) => p.unit === u.name);
      return s ? [{ name: u.name, score: s.score, order: u.order }] : [];
    }),
  }));
  return { month: '2023-02', grades: GRADES_2023, groups, figures: PUBLISHED_2023_02.figures };
}

const g = (name: string, listMode: 'full' | 'top_bottom', scores: number[]): BulletinGroup => ({
  name,
  listMode,
  noun: '单位',
  scopePhrase: '{n} 个单位',
  units: scores.map((score, i) => ({ name: `单位${String.fromCharCode(65 + i)}`, score, order: i + 1 })),
});

describe('the 通报 (bulletin) formatter', () => {
  it('reproduces the ranking sections of the February 2023 bulletin line by line (golden test)', () => {
    const expected = sourceLines();
    expect(expected).toHaveLength(29);
    expect(rankingLines(published2023())).toEqual(expected);
  });

  it('writes the title, the scope with its counts and the month figures', () => {
    const text = formatBulletin(published2023());
    expect(text.startsWith(`${bulletinTitle('2023-02')}\n`)).toBe(true);
    expect(bulletinTitle('2023-02')).toBe('许昌市城市管理综合考评2月份调度情况通报');
    expect(text).toContain(
      '对两市两县政府、中心城区 5 个区政府（管委会）、11 个市直及企事业单位、中心城区 7 个乡（镇、街道）2月份履行城市管理职责情况进行了调度评价',
    );
    // With the groups' evaluated counts (the month's members), the scope reads as the source's.
    const withCounts = published2023();
    withCounts.groups.forEach((g, i) => (g.evaluated = [4, 5, 42, 36][i]));
    expect(formatBulletin(withCounts)).toContain(
      '对两市两县政府、中心城区 5 个区政府（管委会）、42 个市直及企事业单位、中心城区 36 个乡（镇、街道）2月份履行城市管理职责情况进行了调度评价',
    );
    expect(text).toContain('采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%');
    expect(text).toContain('在中心城区组中，市城乡一体化示范区成绩较好');
    expect(text).toContain('等 5 家单位成绩满分');
    expect(text).toContain('许昌经济技术开发区、许昌电信公司、许昌经济技术开发区长村张街道办事处成绩较差');
    expect(text).toContain('\n一、两市两县组\n襄城县 85.66分（合格）\n');
  });

  it('joins ties on one line in the group order, and prints scores without trailing zeros', () => {
    const lines = rankingLines({ month: '2026-10', grades: GRADES_2023, groups: [g('测试组', 'full', [89.6, 100, 89.6, 70.1])] });
    expect(lines).toEqual(['一、测试组', '单位B 100分（优秀）', '单位A 89.6分（合格）', '单位C 89.6分（合格）', '单位D 70.1分（不合格）']);
    const top = rankingLines({
      month: '2026-10',
      grades: GRADES_2023,
      groups: [g('测试组', 'top_bottom', [90, 95, 95, 80, 79.99, 60, 85, 88])],
    });
    expect(top).toEqual([
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

  it('grades exactly at 95, 90 and 80 upward', () => {
    const lines = rankingLines({ month: '2026-10', grades: GRADES_2023, groups: [g('测试组', 'full', [95, 94.99, 90, 89.99, 80, 79.99])] });
    expect(lines.slice(1).map((l) => l.split(' ')[1])).toEqual([
      '95分（优秀）',
      '94.99分（良好）',
      '90分（良好）',
      '89.99分（合格）',
      '80分（合格）',
      '79.99分（不合格）',
    ]);
  });

  it('handles groups with fewer than three distinct scores, and leaves out empty groups', () => {
    const two = rankingLines({
      month: '2026-10',
      grades: GRADES_2023,
      groups: [g('空组', 'full', []), g('小组', 'top_bottom', [90, 90, 70])],
    });
    expect(two).toEqual(['一、小组', '1.前三名的单位', '单位A、单位B 90分（良好）', '单位C 70分（不合格）']);
    const five = rankingLines({ month: '2026-10', grades: GRADES_2023, groups: [g('五组', 'top_bottom', [99, 98, 97, 96, 95])] });
    expect(five).toEqual([
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
    expect(rankingLines({ month: '2026-10', grades: GRADES_2023, groups: [big] })).toHaveLength(13);
  });
});

import { bulletinTitle, type BulletinDocument, type BulletinLine, type BulletinPart, type BulletinSection } from '@xc/shared';
import { gradeOf, roundScore, type GradeThresholds } from './ranking.js';

/**
 * The 通报 composer, pure: the bulletin as a document in the form of the source page (许昌日报,
 * 2023-03). Text is rendered from the document by `renderBulletinText` in shared/, on both sides.
 */

/** How the bulletin words each group, by group code. A group's wording changes here and only here. */
export const GROUP_WORDING: Record<string, { scope: string; members: string }> = {
  county: { scope: '两市两县政府', members: '县（市）' },
  central: { scope: '中心城区 {n} 个区政府（管委会）', members: '区政府（管委会）' },
  city: { scope: '{n} 个市直及企事业单位', members: '市直及企事业单位' },
  street: { scope: '中心城区 {n} 个乡（镇、街道）', members: '乡（镇、街道）' },
};
const OTHER_WORDING = { scope: '{n} 个单位', members: '单位' };

/** Whom the introduction names, as the source does: the best of 中心城区组, the full marks of the 市直 group, the worst of both. */
const HIGHLIGHTS = { best: 'central', perfect: 'city', worst: ['central', 'city'] } as const;

export const BULLETIN_ISSUER = '许昌市城市管理委员会办公室';

export const BULLETIN_CLOSING =
  '希望各县（市、区）、各有关单位在下一步工作中高度重视，履行好各自城市管理职责，不折不扣完成市城管委部署的各项任务，对本地本部门存在的问题认真排查梳理、分析研判，举一反三，全面排查，认真整改，实现许昌城市管理水平整体提升。';

export interface BulletinUnit {
  name: string;
  score: number;
  /** Position in the group's unit order (ties print in this order). */
  order: number;
}

export interface BulletinGroup {
  code: string;
  name: string;
  /** `full`: every unit, best first; `top_bottom`: the top and bottom three distinct scores. */
  listMode: 'full' | 'top_bottom';
  /** The group's noun in "1.前三名的<noun>": 单位, 乡（镇、街道）. */
  noun: string;
  /** The grade cut-offs of this group's scheme in this month. */
  grades: GradeThresholds;
  /** How many units the group evaluated that month, when more than those listed with a score. */
  evaluated?: number;
  units: BulletinUnit[];
}

export interface BulletinInput {
  /** YYYY-MM */
  month: string;
  groups: BulletinGroup[];
  /** The month's case figures, when known: 上报 and 结案率 (a fraction). */
  figures?: { reported: number; closureRate: number | null } | null;
}

/** Wording kept from a bulletin published outside the system (an imported month). */
export interface PublishedWording {
  paragraphs: string[];
  closing: string[];
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

function wordingOf(code: string) {
  return GROUP_WORDING[code] ?? OTHER_WORDING;
}

/** Units grouped by equal (rounded) score, in the given score order; names in the group's unit order. */
function byDistinctScore(units: BulletinUnit[], direction: 'desc' | 'asc'): { score: number; names: string[] }[] {
  const scores = [...new Set(units.map((u) => roundScore(u.score)))].sort((a, b) => (direction === 'desc' ? b - a : a - b));
  return scores.map((score) => ({
    score,
    names: units
      .filter((u) => roundScore(u.score) === score)
      .sort((a, b) => a.order - b.order)
      .map((u) => u.name),
  }));
}

function lineOf(s: { score: number; names: string[] }, grades: GradeThresholds): BulletinLine {
  return { names: s.names, score: s.score, grade: gradeOf(s.score, grades) };
}

/**
 * The ranking sections. Units that share a score share a line in every group. For top_bottom
 * groups the top three distinct scores are listed best first and the bottom three worst first;
 * with fewer than six distinct scores the bottom list takes only those not already listed at the
 * top, and is left out when none remain. Units without a score are not passed in.
 */
export function bulletinSections(input: BulletinInput): BulletinSection[] {
  return input.groups
    .filter((g) => g.units.length > 0)
    .map((g, i) => {
      const desc = byDistinctScore(g.units, 'desc');
      let parts: BulletinPart[];
      if (g.listMode === 'full') parts = [{ heading: null, lines: desc.map((s) => lineOf(s, g.grades)) }];
      else {
        const top = desc.slice(0, 3);
        const bottom = desc.slice(top.length).reverse().slice(0, 3);
        parts = [{ heading: `1.前三名的${g.noun}`, lines: top.map((s) => lineOf(s, g.grades)) }];
        if (bottom.length) parts.push({ heading: `2.后三名的${g.noun}`, lines: bottom.map((s) => lineOf(s, g.grades)) });
      }
      return { heading: `${NUMERALS[i]}、${g.name}`, groupCode: g.code, parts };
    });
}

/** Who did well and badly, in the source's pattern. */
function highlights(input: BulletinInput): string {
  const scored = (code: string) => input.groups.find((g) => g.code === code && g.units.length > 0);
  const good: string[] = [];
  const central = scored(HIGHLIGHTS.best);
  if (central && central.units.length > 1)
    good.push(`在${central.name}中，${byDistinctScore(central.units, 'desc')[0].names.join('、')}成绩较好`);
  const city = scored(HIGHLIGHTS.perfect);
  const perfect = city ? (byDistinctScore(city.units, 'desc').find((s) => s.score === 100)?.names ?? []) : [];
  if (city && perfect.length > 2)
    good.push(`${perfect.slice(0, 2).join('、')}等 ${perfect.length} 家${wordingOf(city.code).members}成绩满分`);
  else if (perfect.length) good.push(`${perfect.join('、')}成绩满分`);
  const worst = HIGHLIGHTS.worst
    .map(scored)
    .filter((g): g is BulletinGroup => !!g && g.units.length > 1)
    .flatMap((g) => byDistinctScore(g.units, 'asc')[0].names);
  let text = good.join('，');
  if (worst.length) text += `${text ? '；' : ''}${worst.join('、')}成绩较差`;
  return text ? `${text}。` : '';
}

/** The introduction of a computed month: highlights, figures, scope. */
export function composedParagraphs(input: BulletinInput): string[] {
  const m = monthNumber(input.month);
  const scope = input.groups
    .filter((g) => g.units.length > 0)
    .map((g) => wordingOf(g.code).scope.replace('{n}', String(Math.max(g.evaluated ?? 0, g.units.length))))
    .join('、');
  const f = input.figures;
  const figures = f
    ? `${m}月份，数字化城市管理共采集上报各类城市管理问题 ${f.reported} 件${f.closureRate !== null ? `，涉及问题的结案率达到 ${(f.closureRate * 100).toFixed(2)}%` : ''}。`
    : '';
  return [
    `依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，${m}月份城市管理调度评价情况出炉。${highlights(input)}`,
    figures,
    `市城管委办公室采取明察暗访、指导调度、数据分析等方式，对${scope}${m}月份履行城市管理职责情况进行了调度评价，现将具体情况通报如下：`,
  ].filter(Boolean);
}

/**
 * The whole bulletin as a document. An imported month keeps the wording it was published with;
 * its ranking sections are still composed from its scores (they are the same lines).
 */
export function composeBulletin(
  input: BulletinInput,
  meta: { revision: number; source: 'imported' | 'computed'; publishedAt: string | null },
  published?: PublishedWording | null,
): BulletinDocument {
  return {
    month: input.month,
    revision: meta.revision,
    source: meta.source,
    title: bulletinTitle(input.month),
    issuer: BULLETIN_ISSUER,
    publishedAt: meta.publishedAt,
    paragraphs: published?.paragraphs ?? composedParagraphs(input),
    sections: bulletinSections(input),
    closing: published?.closing ?? [BULLETIN_CLOSING],
  };
}

import { formatScore, gradeOf, roundScore, type GradeThresholds } from './ranking.js';

/**
 * The 通报 formatter: the bulletin text in the form of the source page (许昌日报, 2023-03), pure.
 */

export interface BulletinUnit {
  name: string;
  score: number;
  /** Position in the group's unit order (ties print in this order). */
  order: number;
}

export interface BulletinGroup {
  name: string;
  /** `full`: every unit, best first; `top_bottom`: the top and bottom three distinct scores. */
  listMode: 'full' | 'top_bottom';
  /** The group's noun in "1.前三名的<noun>": 单位, 乡（镇、街道）. */
  noun: string;
  /** How the introduction names the group's evaluated units, `{n}` for their number. */
  scopePhrase: string;
  /** How many units the group evaluated that month, when more than those listed with a score. */
  evaluated?: number;
  units: BulletinUnit[];
}

export interface BulletinInput {
  /** YYYY-MM */
  month: string;
  grades: GradeThresholds;
  groups: BulletinGroup[];
  /** The month's case figures, when known: 上报 and 结案率 (a fraction). */
  figures?: { reported: number; closureRate: number | null } | null;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

function line(names: string[], score: number, grades: GradeThresholds): string {
  return `${names.join('、')} ${formatScore(score)}分（${gradeOf(score, grades)}）`;
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

/**
 * The ranking sections, one string per printed line: "一、两市两县组", "襄城县 85.66分（合格）", …
 * For top_bottom groups the top three distinct scores are listed best first and the bottom three
 * worst first; with fewer than six distinct scores the bottom list takes only those not already
 * listed at the top, and is left out when none remain. Units without a score are not passed in.
 */
export function rankingLines(input: BulletinInput): string[] {
  const out: string[] = [];
  input.groups
    .filter((g) => g.units.length > 0)
    .forEach((g, i) => {
      out.push(`${NUMERALS[i]}、${g.name}`);
      if (g.listMode === 'full') {
        for (const s of byDistinctScore(g.units, 'desc')) for (const name of s.names) out.push(line([name], s.score, input.grades));
        return;
      }
      const desc = byDistinctScore(g.units, 'desc');
      const top = desc.slice(0, 3);
      const bottom = desc.slice(top.length).reverse().slice(0, 3);
      out.push(`1.前三名的${g.noun}`);
      for (const s of top) out.push(line(s.names, s.score, input.grades));
      if (bottom.length) {
        out.push(`2.后三名的${g.noun}`);
        for (const s of bottom) out.push(line(s.names, s.score, input.grades));
      }
    });
  return out;
}

export function bulletinTitle(month: string): string {
  return `许昌市城市管理综合考评${monthNumber(month)}月份调度情况通报`;
}

/** Who did well and badly, as the source's first paragraph says it. */
function highlights(input: BulletinInput): string {
  const parts: string[] = [];
  const central = input.groups.find((g) => g.listMode === 'full' && g.units.length > 1 && /中心城区/.test(g.name));
  const best = central ? byDistinctScore(central.units, 'desc')[0] : null;
  if (central && best) parts.push(`在${central.name}中，${best.names.join('、')}成绩较好`);
  const perfect = input.groups.flatMap((g) => g.units.filter((u) => roundScore(u.score) === 100).map((u) => ({ u, g })));
  if (perfect.length) {
    const names = perfect
      .slice(0, 2)
      .map((p) => p.u.name)
      .join('、');
    parts.push(perfect.length > 2 ? `${names}等 ${perfect.length} 家单位成绩满分` : `${names}成绩满分`);
  }
  const worst = input.groups
    .filter((g) => g.units.length > 1 && (g === central || g.listMode === 'top_bottom'))
    .map((g) => byDistinctScore(g.units, 'asc')[0])
    .filter((s) => s && s.score < input.grades.pass)
    .flatMap((s) => s.names);
  let text = parts.join('，');
  if (worst.length) text += `${text ? '；' : ''}${worst.join('、')}成绩较差`;
  return text ? `${text}。` : '';
}

/** The whole bulletin: title, introduction with scope and figures, groups 一 to 四, closing. */
export function formatBulletin(input: BulletinInput): string {
  const m = monthNumber(input.month);
  const scope = input.groups
    .filter((g) => g.units.length > 0)
    .map((g) => g.scopePhrase.replace('{n}', String(Math.max(g.evaluated ?? 0, g.units.length))))
    .join('、');
  const figures = input.figures
    ? `${m}月份，数字化城市管理共采集上报各类城市管理问题 ${input.figures.reported} 件${input.figures.closureRate !== null ? `，涉及问题的结案率达到 ${(input.figures.closureRate * 100).toFixed(2)}%` : ''}。`
    : '';
  const intro = [
    `依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，${m}月份城市管理调度评价情况出炉。${highlights(input)}`,
    figures,
    `市城管委办公室采取明察暗访、指导调度、数据分析等方式，对${scope}${m}月份履行城市管理职责情况进行了调度评价，现将具体情况通报如下：`,
  ].filter(Boolean);
  const closing =
    '希望各县（市、区）、各有关单位在下一步工作中高度重视，履行好各自城市管理职责，不折不扣完成市城管委部署的各项任务，对本地本部门存在的问题认真排查梳理、分析研判，举一反三，全面排查，认真整改，实现许昌城市管理水平整体提升。';
  return [bulletinTitle(input.month), '', ...intro.flatMap((p) => [p, '']), ...rankingLines(input), '', closing, ''].join('\n');
}

/**
 * Grades and ranks: pure rules of the monthly evaluation (综合考评调度评价).
 */

export interface GradeThresholds {
  /** 优秀 at or above. */
  excellent: number;
  /** 良好 at or above. */
  good: number;
  /** 合格 at or above; below is 不合格. */
  pass: number;
}

/** 2023-02's cut-offs, inferred from the published scores (domain.md). */
export const GRADES_2023: GradeThresholds = { excellent: 95, good: 90, pass: 80 };

export type Grade = '优秀' | '良好' | '合格' | '不合格';

export function gradeOf(score: number, t: GradeThresholds): Grade {
  if (score >= t.excellent) return '优秀';
  if (score >= t.good) return '良好';
  if (score >= t.pass) return '合格';
  return '不合格';
}

/** Scores are kept to two decimals, as published. */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}

export interface Ranked<T> {
  item: T;
  rank: number;
}

/**
 * Best first, placed as the bulletin counts them (domain.md, The bulletin): by distinct score, so
 * units with equal scores share a place and the next score takes the next place (1, 2, 2, 3): the
 * three best places are the 前三名 the bulletin lists. Ties keep the group's unit order.
 * `order` is each unit's position in its group.
 */
export function rankByScore<T extends { score: number; order: number }>(items: readonly T[]): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => roundScore(b.score) - roundScore(a.score) || a.order - b.order);
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || roundScore(item.score) !== roundScore(sorted[i - 1].score)) rank += 1;
    return { item, rank };
  });
}

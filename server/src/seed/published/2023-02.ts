import { readFileSync } from 'node:fs';

/** A month's bulletin as a newspaper published it: the scores, the figures it cites and its wording. */
export interface PublishedMonth {
  /** Where it was published. */
  source: string;
  note: string;
  month: string;
  publishedAt: string;
  figures: { reported: number; closureRate: number };
  wording: { paragraphs: readonly string[]; closing: readonly string[] };
  scores: readonly { unit: string; score: number }[];
}

/**
 * The February 2023 scores as published on the source page (许昌日报, March 2023: 许昌市城市管理
 * 综合考评 2 月份调度情况通报): data, in server/reference/published/2023-02.json (beside src/ and
 * dist/ alike).
 */
export const PUBLISHED_2023_02: PublishedMonth = Object.freeze(
  JSON.parse(readFileSync(new URL('../../../reference/published/2023-02.json', import.meta.url), 'utf8')) as PublishedMonth,
);

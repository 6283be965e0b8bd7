/**
 * The 通报 (monthly bulletin) as a document: the server composes it, both sides render it to text
 * with `renderBulletinText`, and the phone shows its parts. Nothing ever parses the text back.
 */

/** Units that share a score share one line: "市民政局、市供销合作社 99.6分（优秀）". */
export interface BulletinLine {
  names: string[];
  score: number;
  grade: string;
}

/** A group's list, or one of its halves ("1.前三名的单位" / "2.后三名的单位") with its heading. */
export interface BulletinPart {
  heading: string | null;
  lines: BulletinLine[];
}

/** "一、两市两县组" and its parts. */
export interface BulletinSection {
  heading: string;
  groupCode: string;
  parts: BulletinPart[];
}

export interface BulletinDocument {
  month: string;
  revision: number;
  /** `imported`: the wording as published outside the system; `computed`: composed from the month's figures. */
  source: 'imported' | 'computed';
  title: string;
  issuer: string;
  publishedAt: string | null;
  /** The introduction, one string per paragraph. */
  paragraphs: string[];
  sections: BulletinSection[];
  closing: string[];
}

/** 许昌市城市管理综合考评2月份调度情况通报 */
export function bulletinTitle(month: string): string {
  return `许昌市城市管理综合考评${Number(month.slice(5, 7))}月份调度情况通报`;
}

/** 100 → "100", 89.60 → "89.6", 85.656 → "85.66": two decimals at most, no trailing zeros. */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

export function bulletinLineText(line: BulletinLine): string {
  return `${line.names.join('、')} ${formatScore(line.score)}分（${line.grade}）`;
}

/** The ranking lines in print order: section headings, part headings, score lines. */
export function bulletinRankingLines(doc: Pick<BulletinDocument, 'sections'>): string[] {
  return doc.sections.flatMap((s) => [
    s.heading,
    ...s.parts.flatMap((p) => [...(p.heading ? [p.heading] : []), ...p.lines.map(bulletinLineText)]),
  ]);
}

/** The whole bulletin as plain text, in the form of the source page: title, introduction, groups, closing. */
export function renderBulletinText(doc: BulletinDocument): string {
  return [
    doc.title,
    '',
    ...doc.paragraphs.flatMap((p) => [p, '']),
    ...bulletinRankingLines(doc),
    '',
    ...doc.closing.flatMap((p) => [p, '']),
  ].join('\n');
}

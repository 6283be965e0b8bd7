import { useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import { formatScore } from '../format';
import type { TrendPoint } from '../api';
import './public-components.scss';

interface Ctx2D {
  scale(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  fill(): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText?(text: string): { width: number };
  setLineDash?(segments: number[]): void;
  strokeStyle: string;
  fillStyle: string;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): Ctx2D | null;
}

const BLUE = '#0958d9';
const GRID = '#e5e6eb';
const LABEL = '#4e5969';
const TEXT = '#1f2329';
/** Every label on the chart: at least 12 px (ux.md). */
const FONT_PX = 12;
const FONT = `${FONT_PX}px sans-serif`;

/** `2026-10` → `26年10月` (axis labels: short, so five fit at 320 px). */
function shortMonth(month: string): string {
  return `${month.slice(2, 4)}年${Number(month.slice(5, 7))}月`;
}

/** Months since year 0: the chart's time axis (2023-02 and 2026-09 are 43 months apart, 2026-09 and 2026-10 one). */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** A label's width: the context's measure when it has one, else CJK at 1 em and the rest at 0.6 em. */
function textWidth(ctx: Ctx2D, text: string): number {
  const m = ctx.measureText?.(text)?.width;
  if (typeof m === 'number' && m > 0) return m;
  return [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? FONT_PX : FONT_PX * 0.6), 0);
}

/**
 * Which labels to draw when some would overlap: by priority (the month on show, then the latest,
 * then the rest from the newest), each kept only if it clears the ones already kept by `gap`.
 * Returns the kept indices. Exported for the test.
 */
export interface LabelBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
  priority: number;
}

export function fitLabels(boxes: readonly LabelBox[], gap = 6): number[] {
  const order = boxes.map((b, i) => ({ ...b, i })).sort((a, b) => b.priority - a.priority || b.i - a.i);
  const kept: typeof order = [];
  const clear = (a: LabelBox, b: LabelBox) =>
    a.right + gap <= b.left || a.left >= b.right + gap || a.bottom + 2 <= b.top || a.top >= b.bottom + 2;
  for (const b of order) {
    if (kept.every((k) => clear(b, k))) kept.push(b);
  }
  return kept.map((k) => k.i).sort((a, b) => a - b);
}

/**
 * Draws the score line on a 2D context of CSS size w×h: months on a time axis (spaced by the
 * time between them), every label at 12 px, labels that would collide left out (the list beneath
 * the chart gives every month). Exported for the test.
 */
export function drawTrend(ctx: Ctx2D, w: number, h: number, points: readonly TrendPoint[], current?: string): void {
  ctx.clearRect(0, 0, w, h);
  const padL = 36;
  const padR = 28;
  const padT = 24;
  const padB = 32;
  const scores = points.map((p) => p.score);
  let lo = Math.min(60, ...scores);
  lo = Math.max(0, Math.floor(lo / 10) * 10);
  const hi = 100;
  const y = (s: number) => padT + ((hi - s) / Math.max(1, hi - lo)) * (h - padT - padB);
  const t0 = points.length ? monthIndex(points[0].month) : 0;
  const span = points.length > 1 ? monthIndex(points[points.length - 1].month) - t0 : 0;
  const x = (i: number) => (span <= 0 ? (padL + w - padR) / 2 : padL + ((monthIndex(points[i].month) - t0) * (w - padL - padR)) / span);

  // Horizontal grid lines with their scores.
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  ctx.lineWidth = 1;
  const step = hi - lo > 40 ? 20 : 10;
  for (let s = hi; s >= lo; s -= step) {
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(padL, y(s));
    ctx.lineTo(w - padR, y(s));
    ctx.stroke();
    ctx.fillStyle = LABEL;
    ctx.fillText(String(s), padL - 6, y(s));
  }

  // The line.
  ctx.strokeStyle = BLUE;
  ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach((p, i) => (i === 0 ? ctx.moveTo(x(i), y(p.score)) : ctx.lineTo(x(i), y(p.score))));
  ctx.stroke();

  // Points.
  points.forEach((p, i) => {
    const isCurrent = p.month === current;
    ctx.fillStyle = isCurrent ? BLUE : '#ffffff';
    ctx.beginPath();
    ctx.arc(x(i), y(p.score), isCurrent ? 5 : 4, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = BLUE;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x(i), y(p.score), isCurrent ? 5 : 4, 0, Math.PI * 2);
    ctx.stroke();
  });

  // Scores above the points and months beneath, each kept clear of the others.
  const priority = (i: number) => (points[i].month === current ? 3 : i === points.length - 1 ? 2 : i === 0 ? 1 : 0);
  const clamp = (cx: number, half: number) => Math.min(Math.max(cx, padL + half - 4), w - half);
  // Text is drawn from its bottom edge (scores) or its top edge (months).
  const labelsOf = (text: (p: TrendPoint) => string, baseline: (i: number) => number, fromBottom: boolean) =>
    points.map((p, i) => {
      const width = textWidth(ctx, text(p));
      const cx = clamp(x(i), width / 2);
      const at = baseline(i);
      const top = fromBottom ? at - FONT_PX - 2 : at;
      return { cx, at, left: cx - width / 2, right: cx + width / 2, top, bottom: top + FONT_PX + 2, priority: priority(i) };
    });
  const scoreText = (p: TrendPoint) => formatScore(p.score);
  const scoreBoxes = labelsOf(scoreText, (i) => y(points[i].score) - 7, true);
  ctx.fillStyle = TEXT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const i of fitLabels(scoreBoxes, 4)) {
    ctx.font = points[i].month === current ? `bold ${FONT}` : FONT;
    ctx.fillText(scoreText(points[i]), scoreBoxes[i].cx, scoreBoxes[i].at);
  }
  const monthText = (p: TrendPoint) => shortMonth(p.month);
  const monthBoxes = labelsOf(monthText, () => h - padB + 8, false);
  ctx.fillStyle = LABEL;
  ctx.font = FONT;
  ctx.textBaseline = 'top';
  for (const i of fitLabels(monthBoxes)) ctx.fillText(monthText(points[i]), monthBoxes[i].cx, monthBoxes[i].at);
}

let seq = 0;

/**
 * The score history as a line chart on a Canvas 2D (the same code in the weapp and H5 builds),
 * its points summarised in the label (the page lists them beneath as text too).
 */
export function TrendChart({ points, current }: { points: readonly TrendPoint[]; current?: string }) {
  const idRef = useRef(`trend-canvas-${++seq}`);
  const id = idRef.current;

  useEffect(() => {
    if (!points.length) return undefined;
    let cancelled = false;
    let tries = 0;
    const draw = (node: CanvasNode, w: number, h: number): boolean => {
      const ctx = typeof node.getContext === 'function' ? node.getContext('2d') : null;
      if (!ctx || !w || !h) return false;
      let dpr: number;
      try {
        dpr = (Taro.getSystemInfoSync().pixelRatio as number) || 2;
      } catch {
        dpr = 2;
      }
      node.width = Math.round(w * dpr);
      node.height = Math.round(h * dpr);
      ctx.scale(dpr, dpr);
      drawTrend(ctx, w, h, points, current);
      return true;
    };
    const attempt = () => {
      if (cancelled) return;
      tries += 1;
      if (process.env.TARO_ENV === 'h5') {
        // H5: Taro's selector query hands back no node for a canvas without a declared type;
        // the <canvas> inside Taro's canvas element is right there.
        const canvas =
          typeof document !== 'undefined'
            ? (document.getElementById(id)?.querySelector('canvas') as (HTMLCanvasElement & CanvasNode) | null)
            : null;
        const rect = canvas?.getBoundingClientRect();
        if (!canvas || !rect || !draw(canvas, rect.width, rect.height)) {
          if (tries < 10) setTimeout(attempt, 120);
        }
        return;
      }
      try {
        const query = Taro.createSelectorQuery();
        query
          .select(`#${id}`)
          .fields({ node: true, size: true }, (res: { node?: CanvasNode; width?: number; height?: number } | null) => {
            if (cancelled) return;
            const node = res?.node;
            if (!node || !draw(node, res?.width ?? 0, res?.height ?? 0)) {
              if (tries < 10) setTimeout(attempt, 120);
            }
          })
          .exec();
      } catch {
        // No selector query (tests): the list below still shows every point.
      }
    };
    const timer = setTimeout(attempt, 60);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [id, points, current]);

  if (!points.length) return null;
  const summary = points.map((p) => `${p.month} ${formatScore(p.score)}分`).join('，');
  return (
    <View className="trend">
      <View className="trend__chart" aria-label={`得分走势：${summary}`}>
        <Canvas type="2d" id={id} canvasId={id} className="trend__canvas" />
      </View>
    </View>
  );
}

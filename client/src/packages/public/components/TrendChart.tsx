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

const BLUE = '#1677ff';
const GRID = '#e5e6eb';
const LABEL = '#4e5969';
const TEXT = '#1f2329';

/** `2026-10` → `26年10月` (axis labels: short, so five fit at 320 px). */
function shortMonth(month: string): string {
  return `${month.slice(2, 4)}年${Number(month.slice(5, 7))}月`;
}

/** Draws the score line on a 2D context of CSS size w×h. Exported for the test. */
export function drawTrend(ctx: Ctx2D, w: number, h: number, points: readonly TrendPoint[], current?: string): void {
  ctx.clearRect(0, 0, w, h);
  const padL = 34;
  const padR = 18;
  const padT = 22;
  const padB = 30;
  const scores = points.map((p) => p.score);
  let lo = Math.min(60, ...scores);
  lo = Math.max(0, Math.floor(lo / 10) * 10);
  const hi = 100;
  const y = (s: number) => padT + ((hi - s) / Math.max(1, hi - lo)) * (h - padT - padB);
  const x = (i: number) => (points.length === 1 ? (padL + w - padR) / 2 : padL + (i * (w - padL - padR)) / (points.length - 1));

  // Horizontal grid lines with their scores.
  ctx.font = '11px sans-serif';
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

  // Points, their scores, and the months beneath. Months are thinned out when many.
  const every = Math.max(1, Math.ceil(points.length / 5));
  points.forEach((p, i) => {
    const cx = x(i);
    const cy = y(p.score);
    const isCurrent = p.month === current;
    ctx.fillStyle = isCurrent ? BLUE : '#ffffff';
    ctx.beginPath();
    ctx.arc(cx, cy, isCurrent ? 5 : 4, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = BLUE;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(cx, cy, isCurrent ? 5 : 4, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = TEXT;
    ctx.font = isCurrent ? 'bold 12px sans-serif' : '12px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(formatScore(p.score), Math.min(Math.max(cx, padL + 14), w - 16), cy - 7);
    if (i % every === 0 || i === points.length - 1) {
      ctx.fillStyle = LABEL;
      ctx.font = '11px sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(shortMonth(p.month), Math.min(Math.max(cx, padL + 20), w - 26), h - padB + 8);
    }
  });
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

import { describe, expect, it } from '@jest/globals';
import { simulatePatrol } from '../simulator.js';
import { DEFAULT_PATROL_RULES as R } from './config.js';
import { coverage, coveredCells, gridCells } from './coverage.js';
import { at, SQUARE, track } from './test-tracks.js';

const D = '2026-11-23';

describe('daily coverage of a grid', () => {
  const cells = gridCells('G', SQUARE, 50);

  it('lays 50 m cells over the grid, keeping those whose centre is inside', () => {
    expect(cells.cells.size).toBe(100);
    // an L-shaped grid keeps three quarters
    const L = [
      [0, 0],
      [500, 0],
      [500, 250],
      [250, 250],
      [250, 500],
      [0, 500],
      [0, 0],
    ].map(([x, y]) => [at(x, y).lng, at(x, y).lat] as [number, number]);
    expect(gridCells('L', L, 50).cells.size).toBe(75);
  });

  it('covers the cells a walk passes within 35 m of their centre', () => {
    // along the centres of the fifth row, west to east: that row only
    const walk = track(D, '08:00', 6, 10, (i) => at(Math.min(500, i * 15), 225));
    expect(coverage([cells], [walk], R)).toEqual({ covered: 10, total: 100, share: 0.1 });
    // on the border between two rows (25 m from both centres): both rows
    const border = track(D, '08:00', 6, 10, (i) => at(Math.min(500, i * 15), 250));
    expect(coverage([cells], [border], R).covered).toBe(20);
  });

  it('interpolates between fixes, but not across a silence longer than the gap limit', () => {
    const two = (gapS: number) => [
      { t: 0, ...at(25, 25) },
      { t: gapS * 1000, ...at(475, 25) },
    ];
    expect(coveredCells(cells, [two(300)], R).size).toBe(10);
    expect(coveredCells(cells, [two(301)], R).size).toBe(2);
  });

  it('reaches about the whole grid with a lawn-mower walk of the simulator', () => {
    const pts = simulatePatrol({ polygon: SQUARE, start: new Date(Date.UTC(2026, 10, 23, 0)), minutes: 90, seed: 7, rowSpacingM: 40 });
    const share = coverage([cells], [pts], R).share!;
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it('combines several grids and answers null without any cell', () => {
    const east = gridCells(
      'E',
      SQUARE.map(([x, y]) => [x + 500 / (111_195 * Math.cos((34 * Math.PI) / 180)), y] as [number, number]),
      50,
    );
    const walk = track(D, '08:00', 6, 10, (i) => at(Math.min(500, i * 15), 225));
    const res = coverage([cells, east], [walk], R);
    expect(res.total).toBe(200);
    expect(res.covered).toBeGreaterThanOrEqual(10);
    expect(res.covered).toBeLessThanOrEqual(11);
    expect(coverage([], [walk], R).share).toBeNull();
    expect(coverage([cells], [], R)).toEqual({ covered: 0, total: 100, share: 0 });
  });
});

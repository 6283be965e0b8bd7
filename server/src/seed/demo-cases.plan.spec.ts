import { describe, expect, it } from '@jest/globals';
import { cityClock } from '@xc/shared';
import { buildCalendar } from '../calendar/working-time.js';
import { GridIndex } from '../geo/grid-index.js';
import { planDemoCases, type PlanInput } from './demo-cases.plan.js';
import { PHRASES } from './demo-descriptions.js';
import { demoPlaces, streetInspectorId } from './demo-places.js';
import { DEMO_USERS } from './demo-users.js';
import { CATEGORIES, GRIDS, HOLIDAYS, UNITS } from './reference/index.js';

const inspector = DEMO_USERS.find((u) => u.username === 'demo-inspector')!;
const now = new Date('2026-11-20T04:00:00Z');

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    seed: 7,
    count: 1200,
    now,
    days: 92,
    calendar: buildCalendar(HOLIDAYS),
    categories: [...CATEGORIES],
    places: demoPlaces(),
    units: [...UNITS],
    users: { citizens: ['c1', 'c2'], inspector: inspector.id, operator: 'op', dispatcher: 'disp' },
    handlerOf: (u) => `staff-${u}`,
    ...over,
  };
}

describe('demo places', () => {
  it('lie inside their grid, a few per grid, each with the inspector covering it', () => {
    const places = demoPlaces();
    const index = new GridIndex(GRIDS);
    expect(places.length).toBeGreaterThanOrEqual(GRIDS.length * 3);
    for (const p of places) expect(index.locate(p.lng, p.lat)).toBe(p.gridCode);
    for (const p of places)
      expect(p.inspectorId).toBe(inspector.gridCodes!.includes(p.gridCode) ? inspector.id : streetInspectorId(p.streetCode));
  });
});

describe('demo case plan', () => {
  const plan = planDemoCases(input());

  it("sends every 核实 and 核查, and files every patrol report, by the inspector of the case's grid", () => {
    const places = new Map(demoPlaces().map((p) => [p.gridCode, p.inspectorId]));
    const moves = plan.flatMap((c) =>
      c.moves
        .filter((m) => ['verify', 'check', 'self-handle'].includes(m.action) || (m.action === 'report' && c.channel === 'patrol'))
        .map((m) => ({ actor: m.actorId, owner: places.get(c.point.gridCode) })),
    );
    expect(moves.length).toBeGreaterThan(50);
    expect(moves.filter((m) => m.actor !== m.owner)).toEqual([]);
    const open = plan.filter((c) => c.status === 'verifying' || c.status === 'checking');
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((c) => c.inspectorId !== places.get(c.point.gridCode))).toEqual([]);
  });

  it('has the offices act in office hours (8–20 city time) and residents report by day', () => {
    const hour = (d: Date) => Number(cityClock(d).slice(0, 2));
    const office = plan.flatMap((c) => c.moves.filter((m) => !['report', 'self-handle', 'finish', 'rate'].includes(m.action)));
    expect(office.length).toBeGreaterThan(1000);
    expect(office.filter((m) => hour(m.at) < 8 || hour(m.at) >= 20).map((m) => `${m.action} ${m.at.toISOString()}`)).toEqual([]);
    const reports = plan.filter((c) => c.channel === 'citizen').map((c) => hour(c.reportedAt));
    expect(reports.filter((h) => h < 7 || h >= 22)).toEqual([]);
  });

  it("draws every description from its category's own phrases", () => {
    expect(plan.filter((c) => !PHRASES[c.category.code].some((p) => c.description.includes(p)))).toEqual([]);
  });

  it('fills a window densely when asked, and is deterministic', () => {
    const window = { start: new Date('2026-09-30T16:00:00Z'), end: new Date('2026-10-31T16:00:00Z') };
    const month = planDemoCases(input({ seed: 9, count: 2000, window, everyStatus: false }));
    expect(month.length).toBe(2000);
    expect(month.every((c) => c.reportedAt >= window.start && c.reportedAt < window.end)).toBe(true);
    expect(planDemoCases(input({ seed: 9, count: 2000, window, everyStatus: false })).map((c) => c.id)).toEqual(month.map((c) => c.id));
    // A month in the past is nearly all closed, mostly on time.
    const closed = month.filter((c) => c.status === 'closed');
    expect(closed.length / month.length).toBeGreaterThan(0.75);
  });
});

import { CASE_STATUSES, decide, type CaseAction, type CaseStatus, type Role } from '@xc/shared';
import { addWorkingTime, type WorkCalendar } from '../calendar/working-time.js';
import type { RefCategory, RefSamplePoint, RefUnit } from './reference/types.js';

/**
 * Plans the demo cases: a few hundred cases over the last three months, each walked through the
 * real transition table (`decide`) with plausible delays, so every case ends in a state its
 * history explains. Pure and deterministic for a given seed and `now`.
 */

export interface PlannedMove {
  action: CaseAction | 'report' | 'self-handle';
  from: CaseStatus | null;
  to: CaseStatus;
  actorId: string;
  role: Role;
  at: Date;
  note: string | null;
  data: Record<string, unknown> | null;
  after?: boolean;
}

export interface PlannedCase {
  id: string;
  reporterId: string;
  channel: 'citizen' | 'patrol';
  category: RefCategory;
  point: RefSamplePoint;
  lat: number;
  lng: number;
  description: string;
  reportedAt: Date;
  status: CaseStatus;
  unitId: string | null;
  deadline: Date | null;
  requestedDeadline: Date | null;
  openRequest: 'extension' | 'return' | null;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  lastFinishedAt: Date | null;
  closedAt: Date | null;
  reworked: boolean;
  selfHandled: boolean;
  duplicateOf: string | null;
  inspectorId: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  moves: PlannedMove[];
}

export interface PlanInput {
  seed: number;
  count: number;
  now: Date;
  days: number;
  calendar: WorkCalendar;
  categories: RefCategory[];
  points: RefSamplePoint[];
  units: RefUnit[];
  users: { citizens: string[]; inspector: string; operator: string; dispatcher: string };
  /** The handler account acting for a unit. */
  handlerOf: (unitId: string) => string;
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID-shaped id from the PRNG, so reseeding finds the same ids. */
function pseudoUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const DESCRIPTIONS: Record<string, string[]> = {
  环境卫生: ['路边堆着一堆生活垃圾，气味很大', '垃圾桶满了没人清运，垃圾撒了一地', '人行道上有大片污渍和杂物'],
  市容秩序: ['商户占道经营，行人只能走机动车道', '电线杆上贴满小广告', '小区门口机动车乱停放，堵住了消防通道'],
  大气污染防治: ['工地没有覆盖防尘网，风一吹满街扬尘', '夜市有人露天烧烤，烟很大', '渣土车没有密闭，沿路遗撒'],
  园林绿化管养: ['行道树倒伏压在人行道上', '绿地里的树木枯死很久没人补种', '绿化带被踩坏，堆放杂物'],
  道路设施维护: ['井盖破损，晚上很危险', '路灯不亮已经好几天了', '人行道地砖松动，下雨踩上去溅水'],
};

const HOUR = 3600_000;

export function planDemoCases(input: PlanInput): PlannedCase[] {
  const rand = prng(input.seed);
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const leaves = input.categories.filter((c) => c.parentCode && c.timeLimit && c.theme);
  const startMs = input.now.getTime() - input.days * 86400_000;
  const planned: PlannedCase[] = [];

  for (let i = 0; i < input.count; i++) {
    const id = pseudoUuid(rand);
    // The last cases each stop in one status, so the demo always shows every status; the 15 %
    // before them were reported in the last three days and are still on their way.
    const stopAt: CaseStatus | null =
      i >= input.count - CASE_STATUSES.length ? CASE_STATUSES[i - (input.count - CASE_STATUSES.length)] : null;
    const recent = !stopAt && i >= input.count * 0.83;
    const patrol = !stopAt && rand() < 0.2;
    const reporterId = patrol ? input.users.inspector : pick(input.users.citizens);
    const category = pick(leaves);
    const point = pick(input.points);
    // Daytime reports, spread evenly over the window.
    const day = new Date(startMs + Math.floor(rand() * input.days) * 86400_000);
    let reportedAt = new Date(
      Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, 0, 0) - 8 * HOUR + between(7, 21) * HOUR,
    );
    if (recent) reportedAt = new Date(input.now.getTime() - between(0.3, 72) * HOUR);
    if (stopAt) reportedAt = new Date(input.now.getTime() - between(18, 24) * 86400_000);
    if (reportedAt >= input.now) continue;
    const c: PlannedCase = {
      id,
      reporterId,
      channel: patrol ? 'patrol' : 'citizen',
      category,
      point,
      lat: point.lat,
      lng: point.lng,
      description: pick(DESCRIPTIONS[category.theme!] ?? DESCRIPTIONS['环境卫生']),
      reportedAt,
      status: 'reported',
      unitId: null,
      deadline: null,
      requestedDeadline: null,
      openRequest: null,
      registeredAt: null,
      dispatchedAt: null,
      lastFinishedAt: null,
      closedAt: null,
      reworked: false,
      selfHandled: false,
      duplicateOf: null,
      inspectorId: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      moves: [
        {
          action: 'report',
          from: null,
          to: 'reported',
          actorId: reporterId,
          role: patrol ? 'inspector' : 'citizen',
          at: reportedAt,
          note: null,
          data: null,
        },
      ],
    };
    let t = reportedAt.getTime();
    /** Applies one move if the table allows it and it happened before now; false ends the walk. */
    const move = (
      action: CaseAction,
      actorId: string,
      role: Role,
      delayH: [number, number],
      extra: { passed?: boolean; note?: string; data?: Record<string, unknown> } = {},
    ): boolean => {
      const at = t + between(delayH[0], delayH[1]) * HOUR;
      if (at >= input.now.getTime()) return false;
      const verdict = decide(
        action,
        {
          status: c.status,
          reporterId: c.reporterId,
          assignedUnitId: c.unitId,
          assignedInspectorId: c.inspectorId,
          openRequest: c.openRequest,
          rated: c.rating !== null,
        },
        { id: actorId, roles: [role], unitId: role === 'handler' ? c.unitId : null },
        { passed: extra.passed },
      );
      if (!verdict.ok) throw new Error(`demo plan broke the table: ${action} from ${c.status} (${verdict.reason})`);
      t = at;
      c.moves.push({
        action,
        from: c.status,
        to: verdict.to,
        actorId,
        role,
        at: new Date(at),
        note: extra.note ?? null,
        data: extra.data ?? null,
      });
      c.status = verdict.to;
      return c.status !== stopAt;
    };
    /** Chance of a side path; forced when the case is meant to stop there. */
    const chance = (p: number, forcedBy: CaseStatus) => (stopAt ? stopAt === forcedBy : rand() < p);
    const { operator, dispatcher, inspector } = input.users;

    // 自处理: an inspector fixes it on the spot.
    if (patrol && rand() < 0.35) {
      c.selfHandled = true;
      c.status = 'closed';
      c.registeredAt = c.lastFinishedAt = c.closedAt = reportedAt;
      c.moves.push({
        action: 'self-handle',
        from: 'reported',
        to: 'closed',
        actorId: inspector,
        role: 'inspector',
        at: reportedAt,
        note: '网格员自处理',
        data: null,
        after: true,
      });
      planned.push(c);
      continue;
    }
    walk: {
      if (stopAt === 'reported') break walk;
      if (!patrol && chance(0.12, 'verifying')) {
        if (!move('request-verify', operator, 'operator', [0.3, 2])) break walk;
        c.inspectorId = inspector;
        const ok = rand() < 0.85;
        if (!move('verify', inspector, 'inspector', [1, 6], { passed: ok, note: ok ? '现场核实属实' : '现场未发现该问题' })) break walk;
        c.inspectorId = null;
        if (!ok) {
          move('refuse', operator, 'operator', [0.2, 2], { data: { reason: 'invalid' }, note: '经核实不属实' });
          break walk;
        }
      }
      if (chance(0.06, 'refused')) {
        const earlier = planned.filter((p) => p.category.code === category.code && p.status !== 'refused').at(-1);
        if (earlier) {
          move('refuse', operator, 'operator', [0.5, 4], { data: { reason: 'duplicate', duplicateOf: earlier.id }, note: '重复上报' });
          if (c.status === 'refused') c.duplicateOf = earlier.id;
        } else {
          move('refuse', operator, 'operator', [0.5, 4], { data: { reason: 'out_of_scope' }, note: '不属于城市管理范围' });
        }
        break walk;
      }
      if (!move('register', operator, 'operator', [0.5, 4])) break walk;
      c.registeredAt = new Date(t);
      if (chance(0.03, 'voided')) {
        move('void', operator, 'operator', [1, 24], { note: '录入有误，作废' });
        break walk;
      }
      let unit = this_unit(input, c, rand);
      const dispatch = (u: RefUnit): boolean => {
        if (!move('dispatch', dispatcher, 'dispatcher', [0.2, 2], { data: { unitId: u.code, unitName: u.name } })) return false;
        c.unitId = u.code;
        c.dispatchedAt = new Date(t);
        c.deadline = addWorkingTime(new Date(t), category.timeLimit!.value, category.timeLimit!.unit, input.calendar);
        c.moves.at(-1)!.data = { unitId: u.code, unitName: u.name, deadline: c.deadline.toISOString() };
        return true;
      };
      if (!dispatch(unit)) break walk;
      if (!stopAt && rand() < 0.04) {
        // 回退: wrong unit, back to the dispatcher and on to another.
        if (!move('request-return', input.handlerOf(unit.code), 'handler', [0.5, 3], { note: '不属于本单位职责' })) break walk;
        c.openRequest = 'return';
        if (!move('approve-return', dispatcher, 'dispatcher', [0.5, 3])) break walk;
        Object.assign(c, { openRequest: null, unitId: null, deadline: null, dispatchedAt: null });
        unit = this_unit(input, c, rand, unit.code);
        if (!dispatch(unit)) break walk;
      }
      if (chance(0.04, 'pending')) {
        if (!move('pend', dispatcher, 'dispatcher', [2, 24], { note: '需长期整治，挂账处理' })) break walk;
        if (stopAt || rand() < 0.6) break walk;
        if (!move('resume', dispatcher, 'dispatcher', [24, 120])) break walk;
      }
      const handler = input.handlerOf(unit.code);
      if (!stopAt && rand() < 0.06 && c.deadline) {
        if (!move('request-extension', handler, 'handler', [0.5, 3], { note: '需要协调施工队伍' })) break walk;
        c.openRequest = 'extension';
        c.requestedDeadline = addWorkingTime(c.deadline, 2, 'workday', input.calendar);
        c.moves.at(-1)!.data = { deadline: c.requestedDeadline.toISOString() };
        if (!move('approve-extension', dispatcher, 'dispatcher', [0.5, 4])) break walk;
        c.moves.at(-1)!.data = { from: c.deadline.toISOString(), deadline: c.requestedDeadline.toISOString() };
        Object.assign(c, { openRequest: null, deadline: c.requestedDeadline, requestedDeadline: null });
      }
      for (let round = 0; round < 2; round++) {
        // Most finish well inside the limit; about a fifth run late.
        const span = Math.max(1, (c.deadline!.getTime() - t) / HOUR);
        if (!move('finish', handler, 'handler', [span * 0.1, span * 1.25], { note: '已按要求处置' })) break walk;
        c.moves.at(-1)!.after = true;
        c.lastFinishedAt = new Date(t);
        if (!move('request-check', operator, 'operator', [0.5, 3])) break walk;
        c.inspectorId = inspector;
        const passed = round > 0 || !!stopAt || rand() > 0.1;
        if (!move('check', inspector, 'inspector', [1, 6], { passed, note: passed ? '核查通过' : '处置不彻底，返工' })) break walk;
        c.inspectorId = null;
        if (passed) break;
        c.reworked = true;
      }
      if (!move('close', operator, 'operator', [0.5, 3])) break walk;
      c.closedAt = new Date(t);
      if (c.channel === 'citizen' && rand() < 0.45) {
        const rating = pick([5, 5, 5, 4, 4, 3, 2]);
        if (move('rate', c.reporterId, 'citizen', [2, 48], { data: { rating } })) {
          c.rating = rating;
          c.ratingComment =
            rating >= 4 ? pick(['处理很及时，点赞', '问题解决了，谢谢', '速度快']) : pick(['处理有点慢', '还可以更彻底一些']);
          c.ratedAt = new Date(t);
        }
      }
    }
    planned.push(c);
  }
  return planned;
}

/** The responsible unit: the street office of the case's street, its district, or the city bureau of the trade. */
function this_unit(input: PlanInput, c: PlannedCase, rand: () => number, not?: string): RefUnit {
  const byName = (part: string) => input.units.find((u) => u.groupCode === 'city' && u.name.includes(part) && u.code !== not);
  const trade = /电力|路灯/.test(c.category.name)
    ? byName('供电')
    : /通讯|电信/.test(c.category.name)
      ? byName('电信')
      : /公安/.test(c.category.name)
        ? byName('公安')
        : undefined;
  if (trade && rand() < 0.7) return trade;
  const street = input.units.find((u) => u.streetCode === c.point.streetCode && u.code !== not);
  const district = input.units.find(
    (u) => u.groupCode === 'central' && u.districtCode === c.point.streetCode.slice(0, 6) && u.code !== not,
  );
  const r = rand();
  if (street && r < 0.45) return street;
  if (district && r < 0.7) return district;
  const city = input.units.filter((u) => u.groupCode === 'city' && u.code !== not);
  return city[Math.floor(rand() * city.length)];
}

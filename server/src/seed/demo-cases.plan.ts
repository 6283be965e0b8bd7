import { CASE_STATUSES, CITY_OFFSET_MS, cityDate, cityTime, decide, type CaseAction, type CaseStatus, type Role } from '@xc/shared';
import { addWorkingTime, type WorkCalendar } from '../calendar/working-time.js';
import { describeCase } from './demo-descriptions.js';
import type { RefCategory, RefUnit } from './reference/types.js';
import { prng } from '../common/prng.js';

/**
 * Plans the demo cases: cases over a window of days, each walked through the real transition
 * table (`decide`) with plausible delays, so every case ends in a state its history explains.
 * Categories come as often as cities see them, descriptions from the category's own phrases,
 * places inside grids, and every 核实/核查 goes to the inspector who covers the case's grid.
 * Pure and deterministic for a given seed and `now`.
 */

/** A spot inside a grid, with the names a description uses and the inspector who covers the grid. */
export interface DemoPlace {
  gridCode: string;
  streetCode: string;
  districtCode: string;
  lat: number;
  lng: number;
  street: string;
  community: string;
  inspectorId: string;
}

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
  point: DemoPlace;
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
  /** Reports fall in [start, end) when given (a dense month), else in the `days` before now. */
  window?: { start: Date; end: Date };
  /** The last cases stop one in each status, so the demo shows every status (default true). */
  everyStatus?: boolean;
  calendar: WorkCalendar;
  categories: RefCategory[];
  places: DemoPlace[];
  units: RefUnit[];
  /** `inspector` is the demo inspector: a share of patrol reports and the status showcase fall in his grids. */
  users: { citizens: string[]; inspector: string; operator: string; dispatcher: string };
  /** The handler account acting for a unit. */
  handlerOf: (unitId: string) => string;
}

/** A UUID-shaped id from the PRNG, so reseeding finds the same ids. */
function pseudoUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * How often each subcategory is reported, relative to 1 for the rest: a city's month is mostly
 * rubbish, street trading, parking and small ads, with the odd rare facility.
 */
const WEIGHTS: Record<string, number> = {
  200102: 60, // 暴露垃圾
  200504: 55, // 店外经营
  200507: 45, // 乱堆物堆料
  200201: 40, // 非法小广告
  200506: 35, // 非机动车乱停放
  200505: 30, // 机动车乱停放
  200501: 28, // 无照经营游商
  200103: 20, // 积存垃圾渣土
  200104: 18, // 道路不洁
  200110: 15, // 道路破损
  200203: 14, // 占道广告牌
  200510: 12, // 露天烧烤
  200511: 10, // 沿街晾挂
  200303: 10, // 施工废弃料
  100305: 10, // 垃圾箱
  100118: 9, // 路灯
  200302: 8, // 工地扬尘
  200112: 8, // 道路遗撒
  200108: 8, // 废弃家具设备
  200106: 8, // 绿地脏乱
  100402: 7, // 行道树
  200503: 6, // 占道废品收购
  200116: 6, // 油烟污染
  100102: 5, // 污水井盖
  100103: 5, // 雨水井盖
  100104: 5, // 雨水箅子
  200406: 5, // 道路积水
  200404: 5, // 下水道堵塞或破损
  100211: 4, // 交通护栏
  200205: 4, // 广告招牌破损
  200115: 4, // 焚烧树叶、垃圾
  200107: 4, // 废弃车辆
  100101: 3, // 上水井盖
  100301: 3, // 公共厕所
  100307: 3, // 广告牌匾
  200101: 3, // 私搭乱建
  200304: 3, // 施工占道
  200402: 3, // 自来水管破裂
};

/** A unit's handling record, from its code: most finish nearly everything on time, a few lag. */
function unitQuality(code: string): { late: number; rework: number } {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const r = ((h >>> 0) % 1000) / 1000;
  if (r < 0.07) return { late: 0.1 + r, rework: 0.12 };
  if (r < 0.2) return { late: 0.02, rework: 0.04 };
  // A failed check usually means finishing again after the deadline: good units rarely fail one.
  return { late: 0.0005 + r * 0.002, rework: 0.008 };
}

const HOUR = 3600_000;
const DAY = 86400_000;

/** `ms` if it falls within city hours [from, to), else early in the next opening. */
function inHours(ms: number, from: number, to: number, rand: () => number): number {
  const city = ms + CITY_OFFSET_MS;
  const dayStart = Math.floor(city / DAY) * DAY;
  const h = (city - dayStart) / HOUR;
  if (h >= from && h < to) return ms;
  return (h < from ? dayStart : dayStart + DAY) + (from + rand() * 1.5) * HOUR - CITY_OFFSET_MS;
}

export function planDemoCases(input: PlanInput): PlannedCase[] {
  const rand = prng(input.seed);
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const leaves = input.categories.filter((c) => c.parentCode && c.timeLimit && c.theme);
  const cumulative: number[] = [];
  leaves.reduce((sum, c) => (cumulative.push(sum + (WEIGHTS[c.code] ?? 1)), cumulative.at(-1)!), 0);
  const pickCategory = (): RefCategory => {
    const r = rand() * cumulative.at(-1)!;
    let lo = 0;
    while (cumulative[lo] <= r) lo++;
    return leaves[lo];
  };
  const own = input.places.filter((p) => p.inspectorId === input.users.inspector);
  const everyStatus = input.everyStatus ?? true;
  const startMs = input.window ? input.window.start.getTime() : input.now.getTime() - input.days * 86400_000;
  const days = input.window ? Math.round((input.window.end.getTime() - startMs) / 86400_000) : input.days;
  const planned: PlannedCase[] = [];
  const lastOpenOf = new Map<string, PlannedCase>();
  const showcase = everyStatus ? CASE_STATUSES.length : 0;

  for (let i = 0; i < input.count; i++) {
    const id = pseudoUuid(rand);
    // The last cases each stop in one status, so the demo always shows every status; the 15 %
    // before them were reported in the last three days and are still on their way.
    const stopAt: CaseStatus | null = i >= input.count - showcase ? CASE_STATUSES[i - (input.count - showcase)] : null;
    const recent = !stopAt && !input.window && i >= input.count * 0.83;
    const patrol = !stopAt && rand() < 0.2;
    const category = pickCategory();
    // The demo inspector's grids get a third of the patrol reports and the status showcase, so
    // his to-do and 我的上报 are never empty; every other place belongs to its street's inspector.
    const point = (stopAt || (patrol && rand() < 0.33)) && own.length ? pick(own) : pick(input.places);
    const reporterId = patrol ? point.inspectorId : pick(input.users.citizens);
    // Daytime reports, spread evenly over the window.
    const day = cityDate(startMs + Math.floor(rand() * days) * DAY);
    let reportedAt = new Date(cityTime(day).getTime() + between(7, 21) * HOUR);
    if (recent) reportedAt = new Date(inHours(input.now.getTime() - between(0.3, 72) * HOUR, 7, 22, rand));
    if (stopAt) reportedAt = new Date(inHours(input.now.getTime() - between(18, 24) * DAY, 7, 22, rand));
    if (reportedAt >= input.now || (input.window && reportedAt >= input.window.end)) continue;
    const c: PlannedCase = {
      id,
      reporterId,
      channel: patrol ? 'patrol' : 'citizen',
      category,
      point,
      lat: point.lat,
      lng: point.lng,
      description: describeCase(category.code, point, patrol, rand),
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
      // Offices act in office hours; handlers work early and late, at night only to meet a deadline.
      const raw = t + between(delayH[0], delayH[1]) * HOUR;
      let at = action === 'rate' ? inHours(raw, 7, 23, rand) : action === 'finish' ? inHours(raw, 6, 22, rand) : inHours(raw, 8, 20, rand);
      if (action === 'finish' && c.deadline && raw <= c.deadline.getTime() && at > c.deadline.getTime()) at = raw;
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
    const { operator, dispatcher } = input.users;
    const inspector = point.inspectorId;

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
        const sent = move('request-verify', operator, 'operator', [0.3, 2]);
        if (c.status === 'verifying') c.inspectorId = inspector;
        if (!sent) break walk;
        const ok = rand() < 0.85;
        if (!move('verify', inspector, 'inspector', [1, 6], { passed: ok, note: ok ? '现场核实属实' : '现场未发现该问题' })) break walk;
        c.inspectorId = null;
        if (!ok) {
          move('refuse', operator, 'operator', [0.2, 2], { data: { reason: 'invalid' }, note: '经核实不属实' });
          break walk;
        }
      }
      if (chance(0.06, 'refused')) {
        const earlier = lastOpenOf.get(category.code);
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
      let quality = unitQuality(unit.code);
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
        quality = unitQuality(unit.code);
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
        // Most units finish well inside the limit; the few that lag run late more often.
        const span = Math.max(1, (c.deadline!.getTime() - t) / HOUR);
        // Most are dealt with early in the limit (a square skews towards the start), so that
        // little is still in hand when the month closes.
        const late = rand() < quality.late;
        const share = 0.03 + 0.7 * rand() ** 2;
        if (!move('finish', handler, 'handler', late ? [span * 1.05, span * 2.5] : [span * share, span * share], { note: '已按要求处置' }))
          break walk;
        c.moves.at(-1)!.after = true;
        c.lastFinishedAt = new Date(t);
        const sent = move('request-check', operator, 'operator', [0.5, 3]);
        if (c.status === 'checking') c.inspectorId = inspector;
        if (!sent) break walk;
        const passed = round > 0 || !!stopAt || rand() > quality.rework;
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
    if (c.status !== 'refused') lastOpenOf.set(category.code, c);
  }
  return planned;
}

/** Which city departments and enterprises answer for which categories (by name), tried in order. */
const TRADES: [RegExp, string[]][] = [
  [/燃气|调压/, ['燃气企业']],
  [/上水|中水|自来水|供水|民用水井/, ['供水企业']],
  [/电力|变压器|高压线|架空线缆/, ['供电']],
  [/通讯|网络/, ['电信', '联通', '移动', '铁通', '铁塔']],
  [/电视/, ['广电河南']],
  [/公安|治安|监控|交通信号|交通标志|交通护栏|交通岗亭|黑车/, ['公安局']],
  [/邮筒/, ['邮政']],
  [/报刊亭|非法出版物/, ['大河书局', '文化广电']],
  [/输油/, ['中石油', '中石化']],
  [/公交|出租车|停车/, ['交通运输局']],
  [/工地|施工|掘路|私搭乱建/, ['住房和城乡建设局', '城市管理局']],
  [/水域|河堤|防洪/, ['水利局']],
  [/油烟|焚烧|监测站|噪声/, ['生态环境局']],
  [/健身设施/, ['体育局']],
  [/流浪乞讨/, ['民政局']],
  [/无照经营|售货/, ['市场监督管理局']],
  [/路灯|景观灯|地灯|行道树|绿地|古树|雕塑/, ['城市管理局']],
];

/** The responsible unit: the city department of the trade, the street office of the case's street, or its district. */
function this_unit(input: PlanInput, c: PlannedCase, rand: () => number, not?: string): RefUnit {
  const names = TRADES.find(([re]) => re.test(c.category.name))?.[1] ?? [];
  const trades = input.units.filter((u) => u.groupCode === 'city' && u.code !== not && names.some((n) => u.name.includes(n)));
  if (trades.length && rand() < 0.7) return trades[Math.floor(rand() * trades.length)];
  const street = input.units.find((u) => u.streetCode === c.point.streetCode && u.code !== not);
  const district = input.units.find((u) => u.groupCode === 'central' && u.districtCode === c.point.districtCode && u.code !== not);
  const r = rand();
  // Besides their trades, city departments and enterprises answer for their own premises and frontages.
  if (street && r < 0.7) return street;
  if (district && r < 0.9) return district;
  const city = input.units.filter((u) => u.groupCode === 'city' && u.code !== not);
  return city[Math.floor(rand() * city.length)];
}

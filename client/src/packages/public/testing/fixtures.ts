import type { Ranking, RankingUnit, TrendPoint, UnitScore } from '../api';

/** Test data of the public pages: the February 2023 bulletin as the server writes it, and builders. */

export const BULLETIN_2023_02 =
  '许昌市城市管理综合考评2月份调度情况通报\n\n依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，2月份城市管理调度评价情况出炉。在中心城区组中，市城乡一体化示范区成绩较好，市市场监督管理局、市政务服务和大数据管理局等 5 家单位成绩满分；许昌经济技术开发区、许昌电信公司、许昌经济技术开发区长村张街道办事处成绩较差。\n\n2月份，数字化城市管理共采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%。\n\n市城管委办公室采取明察暗访、指导调度、数据分析等方式，对两市两县政府、中心城区 5 个区政府（管委会）、11 个市直及企事业单位、中心城区 7 个乡（镇、街道）2月份履行城市管理职责情况进行了调度评价，现将具体情况通报如下：\n\n一、两市两县组\n襄城县 85.66分（合格）\n长葛市 85.65分（合格）\n禹州市 83.41分（合格）\n鄢陵县 83.24分（合格）\n二、中心城区组\n市城乡一体化示范区 92.24分（良好）\n东城区 89.6分（合格）\n魏都区 88.39分（合格）\n建安区 83.72分（合格）\n许昌经济技术开发区 78.74分（不合格）\n三、市直单位及企事业单位组\n1.前三名的单位\n市市场监督管理局、市政务服务和大数据管理局、市退役军人事务局、许昌供电公司、市投资集团有限公司 100分（优秀）\n市民政局、市供销合作社 99.6分（优秀）\n市公安局 97.36分（优秀）\n2.后三名的单位\n许昌电信公司 69.46分（不合格）\n许昌学院 71.77分（不合格）\n许昌联通公司 72.73分（不合格）\n四、乡（镇、街道）组\n1.前三名的乡（镇、街道）\n东城区永昌街道办事处 99.42分（优秀）\n市城乡一体化示范区永兴街道办事处、建安区小召乡 99分（优秀）\n建安区椹涧乡 98.4分（优秀）\n2.后三名的乡（镇、街道）\n许昌经济技术开发区长村张街道办事处 54.27分（不合格）\n建安区蒋李集镇 62.89分（不合格）\n建安区张潘镇 72.39分（不合格）\n\n希望各县（市、区）、各有关单位在下一步工作中高度重视，履行好各自城市管理职责，不折不扣完成市城管委部署的各项任务，对本地本部门存在的问题认真排查梳理、分析研判，举一反三，全面排查，认真整改，实现许昌城市管理水平整体提升。\n';

let n = 0;
export function unit(name: string, score: number, rank: number, grade = '合格', id?: string): RankingUnit {
  n += 1;
  return { id: id ?? `u-${n}`, name, score, grade, rank };
}

/** 2023-02 as the server places it: by distinct score, as the bulletin counts (ties share a place). */
export function buildRanking2023(overrides: Partial<Ranking> = {}): Ranking {
  return {
    month: '2023-02',
    revision: 1,
    publishedAt: '2023-03-13T02:00:00.000Z',
    corrections: [],
    figures: { reported: 35395, closureRate: 0.8841 },
    groups: [
      {
        code: 'county',
        name: '两市两县组',
        units: [unit('襄城县', 85.66, 1), unit('长葛市', 85.65, 2), unit('禹州市', 83.41, 3), unit('鄢陵县', 83.24, 4)],
      },
      {
        code: 'central',
        name: '中心城区组',
        units: [
          unit('市城乡一体化示范区', 92.24, 1, '良好', 'central-411091'),
          unit('东城区', 89.6, 2),
          unit('魏都区', 88.39, 3),
          unit('建安区', 83.72, 4),
          unit('许昌经济技术开发区', 78.74, 5, '不合格', 'central-411071'),
        ],
      },
      {
        code: 'city',
        name: '市直单位及企事业单位组',
        units: [
          unit('市市场监督管理局', 100, 1, '优秀'),
          unit('市政务服务和大数据管理局', 100, 1, '优秀'),
          unit('市退役军人事务局', 100, 1, '优秀'),
          unit('许昌供电公司', 100, 1, '优秀'),
          unit('市投资集团有限公司', 100, 1, '优秀'),
          unit('市民政局', 99.6, 2, '优秀'),
          unit('市供销合作社', 99.6, 2, '优秀'),
          unit('市公安局', 97.36, 3, '优秀'),
          unit('许昌联通公司', 72.73, 4, '不合格'),
          unit('许昌学院', 71.77, 5, '不合格'),
          unit('许昌电信公司', 69.46, 6, '不合格'),
        ],
      },
      {
        code: 'street',
        name: '乡（镇、街道）组',
        units: [
          unit('东城区永昌街道办事处', 99.42, 1, '优秀'),
          unit('市城乡一体化示范区永兴街道办事处', 99, 2, '优秀'),
          unit('建安区小召乡', 99, 2, '优秀'),
          unit('建安区椹涧乡', 98.4, 3, '优秀'),
          unit('建安区张潘镇', 72.39, 4, '不合格'),
          unit('建安区蒋李集镇', 62.89, 5, '不合格'),
          unit('许昌经济技术开发区长村张街道办事处', 54.27, 6, '不合格'),
        ],
      },
    ],
    ...overrides,
  };
}

export function buildUnitScore(overrides: Partial<UnitScore> = {}): UnitScore {
  return {
    month: '2026-10',
    revision: 1,
    unit: { id: 'central-411071', name: '许昌经济技术开发区' },
    group: { code: 'central', name: '中心城区组', size: 5 },
    score: 86.25,
    grade: '合格',
    rank: 4,
    source: 'computed',
    items: [
      {
        code: 'closure',
        name: '结案率',
        kind: 'computed',
        weight: 35,
        points: 29.17,
        basis: { due: 12, closed: 10, closedOnTime: 9, overdue: 2, reworked: 1, patrolCompliance: 0.8, rate: 0.8333 },
        note: null,
      },
      {
        code: 'on_time',
        name: '按期结案率',
        kind: 'computed',
        weight: 30,
        points: 22.5,
        basis: { due: 12, closed: 10, closedOnTime: 9, overdue: 2, reworked: 1, patrolCompliance: 0.8, rate: 0.75 },
        note: null,
      },
      {
        code: 'rework',
        name: '返工率',
        kind: 'computed',
        weight: 10,
        points: 9,
        basis: { due: 12, closed: 10, closedOnTime: 9, overdue: 2, reworked: 1, patrolCompliance: 0.8, rate: 0.1 },
        note: null,
      },
      {
        code: 'patrol',
        name: '网格巡查履职',
        kind: 'computed',
        weight: 25,
        points: 20,
        basis: { due: 12, closed: 10, closedOnTime: 9, overdue: 2, reworked: 1, patrolCompliance: 0.8, rate: 0.8 },
        note: null,
      },
      {
        code: 'overdue',
        name: '超期案件',
        kind: 'computed',
        weight: 10,
        points: -1,
        basis: { overdue: 2, perCase: 0.5 },
        note: '超期 2 件，每件扣 0.5 分，最多扣 10 分',
      },
      {
        code: 'adjustment:a1',
        name: '明察暗访',
        kind: 'manual',
        weight: null,
        points: -2,
        basis: { adjustmentId: 'a1' },
        note: '魏文路占道经营未及时处置',
      },
    ],
    adjustments: [
      { id: 'a1', item: '明察暗访', points: -2, reason: '魏文路占道经营未及时处置', evidence: [], createdAt: '2026-10-20T02:00:00.000Z' },
    ],
    cases: { href: '/api/v1/cases?scope=all&unitId=central-411071', stats: '/api/v1/stats/monthly?month=2026-10&unitId=central-411071' },
    ...overrides,
  };
}

export function buildTrend(): TrendPoint[] {
  return [
    { month: '2023-02', score: 78.74, grade: '不合格', rank: 5, groupSize: 5 },
    { month: '2026-09', score: 69.5, grade: '不合格', rank: 4, groupSize: 5 },
    { month: '2026-10', score: 86.25, grade: '合格', rank: 4, groupSize: 5 },
  ];
}

import type { BulletinDocument } from '@xc/shared';
import type { Ranking, RankingUnit, TrendPoint, UnitScore } from '../api';

/**
 * Test data of the public pages, from the source page (许昌日报, March 2023): the February 2023
 * bulletin as a document and as its text, copied by hand from the page (print line breaks removed).
 */

export const BULLETIN_2023_02: BulletinDocument = {
  month: '2023-02',
  revision: 1,
  source: 'imported',
  title: '许昌市城市管理综合考评2月份调度情况通报',
  issuer: '许昌市城市管理委员会办公室',
  publishedAt: '2023-03-13T01:00:00.000Z',
  paragraphs: [
    '依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，2 月份城市管理调度评价情况出炉。在中心城区组中，市城乡一体化示范区成绩较好，市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。',
    '2 月份以来，各地各有关单位立足自身职责，以提升城市形象、优化营商环境为重点，围绕数字化案件处置、各类专项整治等工作，深入推进城市精细化管理，初步形成齐抓共管的“大城管”格局。一是数字化城市管理围绕市容秩序、环境卫生整治、大气污染防治、园林绿化管养、道路设施维护等重点工作，积极采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%；二是积极开展中心城区春季园林绿化管养专项整治活动和中心城区环城路和“两高”（高铁、高速）沿线环境专项整治活动；三是加快中心城区园林绿化项目建设工作。市城管局发挥园林绿化主管部门作用，对各区项目进度、工程质量、工地管理等工作进行指导帮扶，并抽调专业技术人员，对各区项目设计方案及现场施工进行技术指导；四是中心城区城管系统持续推进网格化管理工作，重新调整充实网格管理人员，要求各级网格长及三级网格巡查监督员每周到分包区域（路段）不少于 3 个半天，网格管理员保证每天对网格全域管理。五是城管、住建、公安、水利 4 个行业指导组，重点围绕市容环卫管理、园林绿化管养、基础设施维护、河道水面管护等工作，坚持问题导向，对各地进行精准督导指导，对重点工作严格督查督办。市城管委办公室采取明察暗访、指导调度、数据分析等方式，对两市两县政府、中心城区 5 个区政府（管委会）、42 个市直及企事业单位、中心城区 36 个乡（镇、街道）2 月份履行城市管理职责情况进行了调度评价，现将具体情况通报如下：',
  ],
  sections: [
    {
      heading: '一、两市两县组',
      groupCode: 'county',
      parts: [
        {
          heading: null,
          lines: [
            {
              names: ['襄城县'],
              score: 85.66,
              grade: '合格',
            },
            {
              names: ['长葛市'],
              score: 85.65,
              grade: '合格',
            },
            {
              names: ['禹州市'],
              score: 83.41,
              grade: '合格',
            },
            {
              names: ['鄢陵县'],
              score: 83.24,
              grade: '合格',
            },
          ],
        },
      ],
    },
    {
      heading: '二、中心城区组',
      groupCode: 'central',
      parts: [
        {
          heading: null,
          lines: [
            {
              names: ['市城乡一体化示范区'],
              score: 92.24,
              grade: '良好',
            },
            {
              names: ['东城区'],
              score: 89.6,
              grade: '合格',
            },
            {
              names: ['魏都区'],
              score: 88.39,
              grade: '合格',
            },
            {
              names: ['建安区'],
              score: 83.72,
              grade: '合格',
            },
            {
              names: ['许昌经济技术开发区'],
              score: 78.74,
              grade: '不合格',
            },
          ],
        },
      ],
    },
    {
      heading: '三、市直单位及企事业单位组',
      groupCode: 'city',
      parts: [
        {
          heading: '1.前三名的单位',
          lines: [
            {
              names: ['市市场监督管理局', '市政务服务和大数据管理局', '市退役军人事务局', '许昌供电公司', '市投资集团有限公司'],
              score: 100,
              grade: '优秀',
            },
            {
              names: ['市民政局', '市供销合作社'],
              score: 99.6,
              grade: '优秀',
            },
            {
              names: ['市公安局'],
              score: 97.36,
              grade: '优秀',
            },
          ],
        },
        {
          heading: '2.后三名的单位',
          lines: [
            {
              names: ['许昌电信公司'],
              score: 69.46,
              grade: '不合格',
            },
            {
              names: ['许昌学院'],
              score: 71.77,
              grade: '不合格',
            },
            {
              names: ['许昌联通公司'],
              score: 72.73,
              grade: '不合格',
            },
          ],
        },
      ],
    },
    {
      heading: '四、乡（镇、街道）组',
      groupCode: 'street',
      parts: [
        {
          heading: '1.前三名的乡（镇、街道）',
          lines: [
            {
              names: ['东城区永昌街道办事处'],
              score: 99.42,
              grade: '优秀',
            },
            {
              names: ['市城乡一体化示范区永兴街道办事处', '建安区小召乡'],
              score: 99,
              grade: '优秀',
            },
            {
              names: ['建安区椹涧乡'],
              score: 98.4,
              grade: '优秀',
            },
          ],
        },
        {
          heading: '2.后三名的乡（镇、街道）',
          lines: [
            {
              names: ['许昌经济技术开发区长村张街道办事处'],
              score: 54.27,
              grade: '不合格',
            },
            {
              names: ['建安区蒋李集镇'],
              score: 62.89,
              grade: '不合格',
            },
            {
              names: ['建安区张潘镇'],
              score: 72.39,
              grade: '不合格',
            },
          ],
        },
      ],
    },
  ],
  closing: [
    '希望各县（市、区）、各有关单位在下一步工作中高度重视，认真贯彻落实《许昌市城市管理委员会关于调整市城市管理委员会组成人员的通知》文件精神，履行好各自城市管理职责，不折不扣完成市城管委部署的各项任务，对本地本部门存在的问题认真排查梳理、分析研判，举一反三，全面排查，认真整改，实现许昌城市管理水平整体提升。',
  ],
};

export const BULLETIN_2023_02_TEXT =
  '许昌市城市管理综合考评2月份调度情况通报\n\n依据《许昌市城市管理综合考评奖惩暂行办法（试行）》要求，2 月份城市管理调度评价情况出炉。在中心城区组中，市城乡一体化示范区成绩较好，市退役军人事务局、许昌供电公司等 5 家市直及企事业单位成绩满分；许昌经济技术开发区、许昌电信公司成绩较差。\n\n2 月份以来，各地各有关单位立足自身职责，以提升城市形象、优化营商环境为重点，围绕数字化案件处置、各类专项整治等工作，深入推进城市精细化管理，初步形成齐抓共管的“大城管”格局。一是数字化城市管理围绕市容秩序、环境卫生整治、大气污染防治、园林绿化管养、道路设施维护等重点工作，积极采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41%；二是积极开展中心城区春季园林绿化管养专项整治活动和中心城区环城路和“两高”（高铁、高速）沿线环境专项整治活动；三是加快中心城区园林绿化项目建设工作。市城管局发挥园林绿化主管部门作用，对各区项目进度、工程质量、工地管理等工作进行指导帮扶，并抽调专业技术人员，对各区项目设计方案及现场施工进行技术指导；四是中心城区城管系统持续推进网格化管理工作，重新调整充实网格管理人员，要求各级网格长及三级网格巡查监督员每周到分包区域（路段）不少于 3 个半天，网格管理员保证每天对网格全域管理。五是城管、住建、公安、水利 4 个行业指导组，重点围绕市容环卫管理、园林绿化管养、基础设施维护、河道水面管护等工作，坚持问题导向，对各地进行精准督导指导，对重点工作严格督查督办。市城管委办公室采取明察暗访、指导调度、数据分析等方式，对两市两县政府、中心城区 5 个区政府（管委会）、42 个市直及企事业单位、中心城区 36 个乡（镇、街道）2 月份履行城市管理职责情况进行了调度评价，现将具体情况通报如下：\n\n一、两市两县组\n襄城县 85.66分（合格）\n长葛市 85.65分（合格）\n禹州市 83.41分（合格）\n鄢陵县 83.24分（合格）\n二、中心城区组\n市城乡一体化示范区 92.24分（良好）\n东城区 89.6分（合格）\n魏都区 88.39分（合格）\n建安区 83.72分（合格）\n许昌经济技术开发区 78.74分（不合格）\n三、市直单位及企事业单位组\n1.前三名的单位\n市市场监督管理局、市政务服务和大数据管理局、市退役军人事务局、许昌供电公司、市投资集团有限公司 100分（优秀）\n市民政局、市供销合作社 99.6分（优秀）\n市公安局 97.36分（优秀）\n2.后三名的单位\n许昌电信公司 69.46分（不合格）\n许昌学院 71.77分（不合格）\n许昌联通公司 72.73分（不合格）\n四、乡（镇、街道）组\n1.前三名的乡（镇、街道）\n东城区永昌街道办事处 99.42分（优秀）\n市城乡一体化示范区永兴街道办事处、建安区小召乡 99分（优秀）\n建安区椹涧乡 98.4分（优秀）\n2.后三名的乡（镇、街道）\n许昌经济技术开发区长村张街道办事处 54.27分（不合格）\n建安区蒋李集镇 62.89分（不合格）\n建安区张潘镇 72.39分（不合格）\n\n希望各县（市、区）、各有关单位在下一步工作中高度重视，认真贯彻落实《许昌市城市管理委员会关于调整市城市管理委员会组成人员的通知》文件精神，履行好各自城市管理职责，不折不扣完成市城管委部署的各项任务，对本地本部门存在的问题认真排查梳理、分析研判，举一反三，全面排查，认真整改，实现许昌城市管理水平整体提升。\n';

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

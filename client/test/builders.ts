import type {
  AuthTokensDto,
  CaseDto,
  CaseHistoryDto,
  CaseSummaryDto,
  CategoryDto,
  DivisionDistrictDto,
  GridDto,
  LocateDto,
  MediaDto,
  MonthlyStatsDto,
  Role,
  UserDto,
} from '@xc/shared';

/** Test data builders for the client tests, in one place. */
export function buildUser(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u-citizen',
    username: 'demo-citizen',
    name: '张市民',
    roles: ['citizen'],
    unit: null,
    patrolRole: null,
    grids: [],
    ...overrides,
  };
}

export function buildUserWithRole(role: Role): UserDto {
  return buildUser({ id: `u-${role}`, username: `demo-${role}`, name: `${role}-用户`, roles: [role] });
}

export function buildTokens(user: UserDto = buildUser()): AuthTokensDto {
  return { accessToken: `access-${user.username}`, refreshToken: `refresh-${user.username}`, user };
}

export function buildStats(overrides: Partial<MonthlyStatsDto> = {}): MonthlyStatsDto {
  return {
    month: '2026-11',
    reported: 1284,
    registered: 1200,
    due: 1000,
    closed: 1032,
    closedOnTime: 990,
    overdue: 12,
    reworked: 3,
    closureRate: 0.8532,
    onTimeRate: 0.9593,
    reworkRate: 0.0029,
    satisfaction: null,
    ...overrides,
  };
}

export function buildMedia(n = 1): MediaDto {
  return { id: `m-${n}`, url: `/media/photo-${n}.jpg`, thumbUrl: `/media/photo-${n}.thumb.jpg` };
}

export function buildPlace(overrides: Partial<LocateDto> = {}): LocateDto {
  return {
    grid: { code: '411002004001001', name: '南关街道第一网格' },
    street: { id: 's-nanguan', name: '南关街道' },
    district: { id: 'd-weidu', name: '魏都区' },
    ...overrides,
  };
}

/**
 * Two districts of the division tree (GET /api/v1/divisions). 万丰社区 is one grid: the square
 * 113.820–113.826 E × 34.020–34.027 N (`buildGrid`), centred on 34.0235, 113.823.
 */
export function buildDivisions(): DivisionDistrictDto[] {
  return [
    {
      code: '411002',
      name: '魏都区',
      point: { lat: 34.03, lng: 113.82 },
      streets: [
        {
          code: '411002001',
          name: '西大街道',
          point: { lat: 34.04, lng: 113.81 },
          communities: [{ code: '411002001001', name: '顺城社区', point: { lat: 34.041, lng: 113.811 }, gridCodes: ['411002001001001'] }],
        },
        {
          code: '411002004',
          name: '南关街道',
          point: { lat: 34.022, lng: 113.824 },
          communities: [
            { code: '411002004001', name: '万丰社区', point: { lat: 34.0235, lng: 113.823 }, gridCodes: ['411002004001001'] },
            { code: '411002004002', name: '清泉社区', point: { lat: 34.0201, lng: 113.8262 }, gridCodes: ['411002004002001'] },
          ],
        },
      ],
    },
    {
      code: '411003',
      name: '建安区',
      point: { lat: 34.1, lng: 113.85 },
      streets: [
        {
          code: '411003001',
          name: '新元街道',
          point: { lat: 34.1, lng: 113.85 },
          communities: [{ code: '411003001001', name: '西湖社区', point: { lat: 34.101, lng: 113.851 }, gridCodes: ['411003001001001'] }],
        },
      ],
    },
  ];
}

export function buildGrid(overrides: Partial<GridDto> = {}): GridDto {
  return {
    code: '411002004001001',
    name: '南关街道万丰社区第1网格',
    street: { id: '411002004', name: '南关街道' },
    district: { id: '411002', name: '魏都区' },
    polygon: {
      type: 'Polygon',
      coordinates: [
        [
          [113.82, 34.02],
          [113.826, 34.02],
          [113.826, 34.027],
          [113.82, 34.027],
          [113.82, 34.02],
        ],
      ],
    },
    ...overrides,
  };
}

export function buildCategories(): CategoryDto[] {
  return [
    {
      code: '2001',
      name: '市容环境',
      kind: 'event',
      theme: null,
      timeLimit: null,
      children: [
        { code: '200102', name: '暴露垃圾', kind: 'event', theme: '环境卫生', timeLimit: { value: 2, unit: 'workhour' } },
        { code: '200103', name: '积存垃圾渣土', kind: 'event', theme: '环境卫生', timeLimit: { value: 1, unit: 'workday' } },
        { code: '200201', name: '店外经营', kind: 'event', theme: '市容秩序', timeLimit: { value: 2, unit: 'workhour' } },
      ],
    },
  ];
}

export function buildCaseSummary(overrides: Partial<CaseSummaryDto> = {}): CaseSummaryDto {
  return {
    id: 'c-1',
    caseNo: 'XC20261127000001',
    status: 'reported',
    version: 1,
    channel: 'citizen',
    categoryCode: '200102',
    categoryName: '暴露垃圾',
    theme: '环境卫生',
    description: '路边有一堆垃圾无人清理',
    location: { lat: 34.0235, lng: 113.823 },
    address: '许昌市魏都区南关街道',
    gridCode: '411002004001001',
    grid: { code: '411002004001001', name: '南关街道万丰社区第1网格' },
    street: { id: 's-nanguan', name: '南关街道' },
    district: { id: 'd-weidu', name: '魏都区' },
    unit: null,
    deadline: null,
    overdue: false,
    reportedAt: '2026-11-27T01:05:00.000Z',
    updatedAt: '2026-11-27T01:05:00.000Z',
    media: [buildMedia(1)],
    afterMedia: [],
    rating: null,
    ...overrides,
  };
}

export function buildHistory(overrides: Partial<CaseHistoryDto> = {}): CaseHistoryDto {
  return {
    action: 'report',
    from: null,
    to: 'reported',
    at: '2026-11-27T01:05:00.000Z',
    actor: { role: 'citizen' },
    note: null,
    media: [],
    ...overrides,
  };
}

export function buildCase(overrides: Partial<CaseDto> = {}): CaseDto {
  return {
    ...buildCaseSummary(),
    reporter: { id: 'u-citizen', name: '张市民' },
    openRequest: null,
    requestedDeadline: null,
    inspector: null,
    duplicateOf: null,
    history: [buildHistory()],
    nextActions: [],
    ...overrides,
  };
}

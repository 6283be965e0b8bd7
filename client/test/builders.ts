import type { AuthTokensDto, MonthlyStatsDto, Role, UserDto } from '@xc/shared';

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

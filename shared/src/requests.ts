import type { PolicyKind } from './api.js';
import type { PatrolRole, Role } from './roles.js';
import type { Theme, TimeLimitUnit } from './themes.js';

/**
 * Request bodies and queries of the HTTP contract. The server's validated DTO classes implement
 * them (`class DemoLoginDto implements DemoLoginBody`); the client sends them.
 */

export interface WechatLoginBody {
  /** The code wx.login() returned. */
  code: string;
}

export interface DemoLoginBody {
  username: string;
}

export interface RefreshBody {
  refreshToken: string;
}

export interface ConsentBody {
  policyVersion: string;
}

/** `code` from WeChat's phone-number button, or a typed `phone`; `phone: null` removes it. */
export interface PhoneBody {
  code?: string;
  phone?: string | null;
}

export interface PublishPolicyBody {
  kind: PolicyKind;
  version: string;
  title: string;
  body: string;
}

/** `{ids}` or `{all: true}`. */
export interface ReadMessagesBody {
  ids?: string[];
  all?: boolean;
}

/** The template ids the user accepted in wx.requestSubscribeMessage. */
export interface SubscriptionsBody {
  accepted: string[];
}

export interface UpdateMediaBody {
  publicHidden: boolean;
}

export interface StartPatrolBody {
  startedAt?: string;
}

export interface FinishPatrolBody {
  finishedAt?: string;
}

export interface CreateOpen311KeyBody {
  name: string;
}

export interface TimeLimitBody {
  value: number;
  unit: TimeLimitUnit;
}

export interface CreateCategoryBody {
  code: string;
  name: string;
  theme: Theme;
  timeLimit: TimeLimitBody;
  duplicateRadiusM?: number;
}

export interface UpdateCategoryBody {
  name?: string;
  theme?: Theme;
  timeLimit?: TimeLimitBody;
  duplicateRadiusM?: number;
  active?: boolean;
}

export interface GeoJsonPolygonBody {
  type: 'Polygon';
  coordinates: [number, number][][];
}

export interface CreateGridBody {
  code: string;
  name: string;
  communityCode: string;
  polygon: GeoJsonPolygonBody;
}

export interface UpdateGridBody {
  name?: string;
  polygon?: GeoJsonPolygonBody;
}

export type UnitKind = 'county' | 'district' | 'department' | 'enterprise' | 'street';

export interface CreateUnitBody {
  name: string;
  kind: UnitKind;
  groupCode: string;
  fromMonth?: string;
  districtCode?: string;
  streetCode?: string;
}

export interface UpdateUnitBody {
  name?: string;
  active?: boolean;
}

export interface MoveUnitBody {
  groupCode: string;
  fromMonth: string;
  order?: number;
}

export interface CreateUserBody {
  username: string;
  name: string;
  roles: Role[];
  unitId?: string;
  patrolRole?: PatrolRole;
  gridCodes?: string[];
}

export interface UpdateUserBody {
  name?: string;
  roles?: Role[];
  unitId?: string | null;
  patrolRole?: PatrolRole | null;
  active?: boolean;
  gridCodes?: string[];
}

export interface CalendarDayBody {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface PutCalendarBody {
  days: CalendarDayBody[];
}

// --- Queries (type aliases: the client passes them as query strings) -------------------------

export type CaseScope = 'mine' | 'todo' | 'public' | 'all';

/** `GET /api/v1/cases` and `/cases/counts`. */
export type ListCasesQuery = {
  scope?: CaseScope;
  /** Comma-separated statuses. */
  status?: string;
  unitId?: string;
  gridCode?: string;
  categoryCode?: string;
  overdue?: 'true' | 'false';
  /** minLng,minLat,maxLng,maxLat (WGS84). */
  bbox?: string;
  /** lat,lng (WGS84): nearest first. */
  near?: string;
  /** Metres, with `near`. */
  radius?: number;
  cursor?: string;
  limit?: number;
};

/** `GET /api/v1/cases/duplicates`: by category, or by theme when there is none. */
export type DuplicatesQuery = {
  categoryCode?: string;
  theme?: Theme;
  lat: number;
  lng: number;
  coord?: 'wgs84' | 'gcj02';
};

/** `GET /api/v1/grids/locate`. */
export type LocateQuery = {
  lat: number;
  lng: number;
  coord?: 'wgs84' | 'gcj02';
};

/** `GET /api/v1/calendar/deadline`. */
export type DeadlineQuery = {
  start: string;
  value: number;
  unit: TimeLimitUnit;
};

/** `GET /api/v1/staff`. */
export type StaffQuery = {
  role?: Role;
  unitId?: string;
  gridCode?: string;
};

import type { CaseAction, CaseStatus } from './cases.js';
import type { PatrolRole, Role } from './roles.js';
import type { Theme, TimeLimitUnit } from './themes.js';

/** Wire types of ../shared/docs/api.md. Server mappers produce them; the client consumes them. */

export interface HealthDto {
  /** `degraded`: the database answers but Redis or the photo store does not (the service falls back or refuses uploads). */
  status: 'ok' | 'degraded' | 'error';
  db: 'up' | 'down';
  /** `off`: no `REDIS_URL`, everything shared lives in this process. */
  redis: 'up' | 'down' | 'off';
  storage: 'up' | 'down';
}

export interface ReadinessDto {
  ready: boolean;
  /** Why not: `draining` (shutting down), `migrating` (migrations pending), `db-down`. */
  reason?: 'draining' | 'migrating' | 'db-down';
}

export interface UserDto {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  unit: { id: string; name: string } | null;
  patrolRole: PatrolRole | null;
  grids: { code: string; name: string }[];
  /** false: disabled by an administrator; such an account cannot sign in. */
  active?: boolean;
  /** The caller's own phone number (GET /me only), for staff to call back; null when not given. */
  phone?: string | null;
  /** True while the current privacy policy version has not been accepted: writes answer 403 CONSENT_REQUIRED. */
  consentRequired?: boolean;
  /** The privacy policy version the user accepted last, or null. */
  consentedVersion?: string | null;
}

export interface AuthTokensDto {
  accessToken: string;
  refreshToken: string;
  user: UserDto;
}

export interface CategoryDto {
  code: string;
  name: string;
  kind: 'part' | 'event';
  theme: Theme | null;
  timeLimit: { value: number; unit: TimeLimitUnit } | null;
  /** Subcategories only: cases reported in it over the last 365 days (the report form shows the most common first). */
  reportCount?: number;
  children?: CategoryDto[];
}

export interface EvaluationGroupDto {
  code: string;
  name: string;
  order: number;
  units: { id: string; name: string }[];
}

export interface LocateDto {
  grid: { code: string; name: string };
  street: { id: string; name: string };
  district: { id: string; name: string };
}

export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

export interface GridDto {
  code: string;
  name: string;
  street: { id: string; name: string };
  district: { id: string; name: string };
  polygon: GeoJsonPolygon;
}

export interface MonthlyStatsDto {
  month: string;
  reported: number;
  registered: number;
  due: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  reworked: number;
  /** null when the denominator is zero: "no data", never 0 % or 100 %. */
  closureRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  satisfaction: { mean: number; count: number } | null;
  /** 上报数 by where the reports came from (city, group and unit figures; not the evaluation's). */
  reportedBySource?: ReportedBySourceDto;
}

/** The month's reports by channel; Open311 integrators each counted apart. */
export interface ReportedBySourceDto {
  citizen: number;
  patrol: number;
  open311: number;
  integrators: { id: string; name: string; reported: number }[];
}

/**
 * A photo. The public (anyone without a token, and the public views of cases and Open311) gets a
 * copy at most 1280 px on the long side; the reporter and staff get the stored photo. A photo
 * staff hid from the public is missing from the public views altogether.
 */
export interface MediaDto {
  id: string;
  url: string;
  thumbUrl: string;
  /** Staff and reporter views only: true when staff hid the photo from the public. */
  publicHidden?: boolean;
}

/** `open311`: sent by an integrator with an Open311 api key (the reporter is the integrator). */
export type CaseChannel = 'citizen' | 'patrol' | 'open311';

export interface CaseHistoryDto {
  action: CaseAction | 'report' | 'self-handle';
  from: CaseStatus | null;
  to: CaseStatus;
  at: string;
  /** Staff names are shown to staff only; the public sees the role (网格员, 派遣员, 处置单位…). */
  actor: { role: Role | 'system'; name?: string; unit?: string };
  note: string | null;
  media: MediaDto[];
  /** The category this move set or corrected (立案, 修改类别, 派遣): from (null: only a theme) → to. */
  categoryChange?: { from: { code: string; name: string } | null; to: { code: string; name: string } };
}

/** A case in lists: enough for a card. */
export interface CaseSummaryDto {
  id: string;
  caseNo: string;
  status: CaseStatus;
  version: number;
  channel: CaseChannel;
  categoryCode: string | null;
  categoryName: string | null;
  theme: Theme | null;
  description: string;
  /** null while a report that came with only an address waits to be located during 核实. */
  location: { lat: number; lng: number } | null;
  address: string | null;
  gridCode: string | null;
  /** The located grid with its name (people see the name, never the 15-digit code). */
  grid: { code: string; name: string } | null;
  street: { id: string; name: string } | null;
  district: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  deadline: string | null;
  overdue: boolean;
  reportedAt: string;
  updatedAt: string;
  /** Before photos (上报时的照片). */
  media: MediaDto[];
  /** After photos (处置后的照片), from the last `finish` or a self-handled report. */
  afterMedia: MediaDto[];
  rating: { rating: number; comment: string | null } | null;
  /** Metres from the `near` point of a list query, when one was given. */
  distanceM?: number;
}

export interface CaseDto extends CaseSummaryDto {
  /** Shown to the reporter and to staff, never in the public scope. */
  reporter?: ReporterDto | null;
  openRequest: 'extension' | 'return' | null;
  /** The new deadline a handler asked for, while an extension request is open. */
  requestedDeadline: string | null;
  /** The inspector asked to verify or check, if one was named. */
  inspector: { id: string; name: string } | null;
  duplicateOf: string | null;
  history: CaseHistoryDto[];
  nextActions: CaseAction[];
  /** On creation only: open cases of the same category nearby (附近已有相同问题). */
  possibleDuplicates?: CaseSummaryDto[];
  /** What an Open311 request brought besides the case: staff and the reporter only, never public. */
  open311?: Open311IntakeDto;
}

/** The Open311 side of a case (staff view): who sent it, the reporter's contact, the answers to the service's attributes. */
export interface Open311IntakeDto {
  /** The api key's integrator; null when the platform's own client posted with a Bearer token. */
  integrator: { id: string; name: string } | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  attributes: { code: string; label: string; value: string }[];
  /** The sent `media_url` when it was not fetched into the case's photos (host not allowed, or the fetch failed). */
  mediaLink: { url: string; status: 'not_allowed' | 'failed' } | null;
}

/** An Open311 api key as admins see it: never the secret. */
export interface Open311KeyDto {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to creating a key: the only time the secret is shown. */
export interface Open311KeyCreatedDto extends Open311KeyDto {
  key: string;
}

export interface CreateCaseBody {
  categoryCode?: string;
  theme?: Theme;
  description: string;
  location: { lat: number; lng: number; coord?: 'wgs84' | 'gcj02' };
  address?: string;
  mediaIds: string[];
  selfHandled?: boolean;
  afterMediaIds?: string[];
}

export interface CaseActionBody {
  action: CaseAction;
  version: number;
  note?: string;
  mediaIds?: string[];
  unitId?: string;
  inspectorId?: string;
  reason?: 'invalid' | 'duplicate' | 'out_of_scope';
  duplicateOf?: string;
  deadline?: string;
  passed?: boolean;
  rating?: number;
  comment?: string;
  /** `verify`: where the inspector found the problem (required for a report that came with only an address). */
  location?: { lat: number; lng: number; coord?: 'wgs84' | 'gcj02' };
  /** 立案 / 派遣 (required when the case has none), 修改类别. */
  categoryCode?: string;
}

/** Counts of a case list (the 工作台 strip): by status, and how many are overdue. */
export interface CaseCountsDto {
  total: number;
  overdue: number;
  byStatus: Partial<Record<CaseStatus, number>>;
}

/** Where the inspector of a 核实/核查 comes from: the case's grid, its street, its district. */
export type InspectorScope = 'grid' | 'street' | 'district';

/**
 * Whom 派发核实/派发核查 sends to when no one is named: resolved when it is sent, so the preview is
 * what would happen now. `inspector` null: nobody in the grid, street or district (`message` says whom to pick).
 */
export interface DefaultInspectorDto {
  inspector: { id: string; name: string; scope: InspectorScope } | null;
  message: string | null;
}

/** A representative point (WGS84) inside a division, for placing a report without coordinates. */
export interface DivisionPoint {
  lat: number;
  lng: number;
}

/** District → street → community, each with a point inside it (`GET /api/v1/divisions`). */
export interface DivisionCommunityDto {
  code: string;
  name: string;
  point: DivisionPoint;
  /** The grids that tile it (their outlines: `GET /api/v1/grids/:code`). */
  gridCodes: string[];
}
export interface DivisionStreetDto {
  code: string;
  name: string;
  point: DivisionPoint;
  communities: DivisionCommunityDto[];
}
export interface DivisionDistrictDto {
  code: string;
  name: string;
  point: DivisionPoint;
  streets: DivisionStreetDto[];
}

/** A staff member as other staff see them (e.g. the inspector picker). */
export interface StaffDto {
  id: string;
  name: string;
  roles: Role[];
  patrolRole: PatrolRole | null;
  unit: { id: string; name: string } | null;
  grids: { code: string; name: string }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /api/v1/cases`: a page of case cards. */
export type CaseSummaryPage = Page<CaseSummaryDto>;

/** The reporter as staff and the reporter see them: the phone masked (138****1234); `deleted` for 已注销用户. */
export interface ReporterDto {
  id: string;
  name: string;
  phoneMasked?: string | null;
  deleted?: boolean;
}

/** GET /api/v1/cases/:id/reporter-contact (staff): the unmasked contact; every read is audited. */
export interface ReporterContactDto {
  name: string;
  phone: string | null;
}

export type PolicyKind = 'privacy' | 'terms';

/** GET /api/v1/policies/privacy | terms: the current text. */
export interface PolicyDto {
  kind: PolicyKind;
  version: string;
  title: string;
  body: string;
  publishedAt: string;
}

export interface ConsentDto {
  policyVersion: string;
  termsVersion: string | null;
  acceptedAt: string;
}

export type AuditAction = 'reporter.reveal' | 'me.export' | 'account.delete' | 'user.roles' | 'scores.import' | 'policy.publish';

/** One row of the append-only audit log (GET /api/v1/admin/audit). */
export interface AuditEntryDto {
  id: number;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: AuditAction;
  subjectId: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPageDto {
  items: AuditEntryDto[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** `GET /api/v1/units/:id` and the admin unit routes: a unit as stored. */
export interface UnitDto {
  id: string;
  name: string;
  kind: string;
  districtCode: string | null;
  streetCode: string | null;
  /** Where the row came from: the published source, inferred from it, or demo data. */
  status: 'source' | 'inferred' | 'demo';
  active: boolean;
}

/** `PUT /api/v1/admin/units/:id/group`: the unit belongs to the group from that month on. */
export interface UnitGroupMoveDto {
  unitId: string;
  groupCode: string;
  fromMonth: string;
}

export interface CalendarEntryDto {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  status: 'source' | 'inferred' | 'demo';
}

/** `GET /api/v1/calendar/:year`: the year's holidays and make-up workdays. */
export interface CalendarYearDto {
  year: number;
  days: CalendarEntryDto[];
}

/** `GET /api/v1/calendar/deadline`: what `dispatch` would set for a time limit starting at `start`. */
export interface DeadlinePreviewDto {
  start: string;
  value: number;
  unit: TimeLimitUnit;
  deadline: string;
}

export interface UnreadCountDto {
  count: number;
}

/** A one-minute ticket for opening the event stream (EventSource and WebSocket cannot send the token). */
export interface EventTicketDto {
  ticket: string;
  /** Seconds. */
  expiresIn: number;
}

/** `POST /api/v1/subscriptions`: per template, how many messages the user's acceptances still allow. */
export interface SubscriptionsResultDto {
  subscriptions: { templateId: string; remaining: number }[];
}

/** One outside delivery (the WeChat channel) as admins see it. */
export interface DeliveryDto {
  id: string;
  eventId: number;
  channel: string;
  userId: string;
  state: 'pending' | 'done' | 'skipped' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  doneAt: string | null;
}

export interface DeliveriesDto {
  items: DeliveryDto[];
}

export type JobStateName = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

/** A background job (`GET /api/v1/admin/jobs`). */
export interface JobDto {
  id: string;
  name: string;
  state: JobStateName;
  payload: unknown;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface JobsDto {
  queue: 'bullmq' | 'in-process';
  state: JobStateName;
  items: JobDto[];
}

/** `GET /api/v1/me/export`: everything the platform holds about the caller, as one document. */
export type MyDataExportDto = Record<string, unknown>;

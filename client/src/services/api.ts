import type {
  AuthTokensDto,
  CaseActionBody,
  CaseDto,
  CaseStatus,
  CaseSummaryDto,
  CaseSummaryPage,
  CategoryDto,
  ConsentBody,
  ConsentDto,
  CreateCaseBody,
  DemoLoginBody,
  DivisionDistrictDto,
  DuplicatesQuery,
  EventTicketDto,
  GridDto,
  HealthDto,
  ListCasesQuery,
  LocateDto,
  LocateQuery,
  MediaDto,
  MessagePage,
  MonthlyStatsDto,
  MyDataExportDto,
  PhoneBody,
  PolicyDto,
  PolicyKind,
  ReadMessagesBody,
  RefreshBody,
  ReporterContactDto,
  SubscriptionsBody,
  SubscriptionsResultDto,
  Theme,
  UnreadCountDto,
  UserDto,
  WechatLoginBody,
} from '@xc/shared';
import { request, upload, type UploadSource } from './request';

/** One typed function per endpoint of the HTTP contract (shared/docs/api.md). */

export function health(): Promise<HealthDto> {
  return request<HealthDto>('/api/health', { auth: false });
}

export function demoLogin(username: string): Promise<AuthTokensDto> {
  const body: DemoLoginBody = { username };
  return request<AuthTokensDto>('/api/v1/auth/demo', { method: 'POST', body, auth: false });
}

export function wechatLogin(code: string): Promise<AuthTokensDto> {
  const body: WechatLoginBody = { code };
  return request<AuthTokensDto>('/api/v1/auth/wechat', { method: 'POST', body, auth: false });
}

export function refresh(refreshToken: string): Promise<AuthTokensDto> {
  const body: RefreshBody = { refreshToken };
  return request<AuthTokensDto>('/api/v1/auth/refresh', { method: 'POST', body, auth: false });
}

/** Ends a sign-in on the server (`all`: every device of the user), with the access token given. */
export function logout(accessToken: string, all = false): Promise<void> {
  return request<void>(all ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout', {
    method: 'POST',
    auth: false,
    headers: { Authorization: `Bearer ${accessToken}` },
    timeout: 5000,
  });
}

export function me(): Promise<UserDto> {
  return request<UserDto>('/api/v1/me');
}

// --- Personal information -------------------------------------------------------------------

/** The current 隐私政策 (`privacy`) or 用户服务协议 (`terms`). */
export function policy(kind: PolicyKind): Promise<PolicyDto> {
  return request<PolicyDto>(`/api/v1/policies/${kind}`, { auth: false });
}

export function acceptConsent(policyVersion: string): Promise<ConsentDto> {
  const body: ConsentBody = { policyVersion };
  return request<ConsentDto>('/api/v1/me/consents', { method: 'POST', body });
}

/** `code` from WeChat's phone-number button, or a typed `phone`; `phone: null` removes it. */
export function setPhone(body: PhoneBody & ({ code: string } | { phone: string | null })): Promise<UserDto> {
  return request<UserDto>('/api/v1/me/phone', { method: 'PUT', body });
}

/** Everything the platform holds about the caller, as one JSON document. */
export function exportMyData(): Promise<MyDataExportDto> {
  return request<MyDataExportDto>('/api/v1/me/export');
}

/** 注销账号: the server ends every sign-in at once. */
export function deleteAccount(): Promise<void> {
  return request<void>('/api/v1/me', { method: 'DELETE' });
}

/** Staff: the reporter's full phone number (each call is written to the audit log). */
export function reporterContact(caseId: string): Promise<ReporterContactDto> {
  return request<ReporterContactDto>(`/api/v1/cases/${encodeURIComponent(caseId)}/reporter-contact`);
}

/** `month` is `YYYY-MM`, a calendar month in Asia/Shanghai. */
export function monthlyStats(month: string): Promise<MonthlyStatsDto> {
  return request<MonthlyStatsDto>('/api/v1/stats/monthly', { query: { month } });
}

// --- Reference data -------------------------------------------------------------------------

/** Majors with their subcategories (`children`, each with its theme and time limit). */
export function categories(): Promise<CategoryDto[]> {
  return request<CategoryDto[]>('/api/v1/categories', { auth: false });
}

export type Coord = 'gcj02' | 'wgs84';

/** The grid, street and district of a point; 404 NOT_FOUND outside the city's grids. */
export function locate(lat: number, lng: number, coord: Coord): Promise<LocateDto> {
  const query: LocateQuery = { lat, lng, coord };
  return request<LocateDto>('/api/v1/grids/locate', { query, auth: false });
}

/** District → street → community, each with a point inside it (placing a report by name, H5). */
export function divisions(): Promise<DivisionDistrictDto[]> {
  return request<DivisionDistrictDto[]>('/api/v1/divisions', { auth: false });
}

/** A grid with its outline (WGS84). */
export function grid(code: string): Promise<GridDto> {
  return request<GridDto>(`/api/v1/grids/${encodeURIComponent(code)}`, { auth: false });
}

// --- Media ----------------------------------------------------------------------------------

/** One photo, multipart field `file` → 201 {id, url, thumbUrl}; 413 too large, 415 not an image. */
export function uploadMedia(source: UploadSource, onProgress?: (percent: number) => void): Promise<MediaDto> {
  return upload<MediaDto>('/api/v1/media', source, { name: 'file', onProgress });
}

// --- Cases ----------------------------------------------------------------------------------

/** Open cases of the category (or, with only a theme, of the theme) within about 50 m (附近已有相同问题). */
export function caseDuplicates(
  match: { categoryCode: string } | { theme: Theme },
  lat: number,
  lng: number,
  coord: Coord,
): Promise<CaseSummaryDto[]> {
  const query: DuplicatesQuery = { ...match, lat, lng, coord };
  return request<CaseSummaryDto[]>('/api/v1/cases/duplicates', { query, auth: false });
}

/** Report a case. The same `idempotencyKey` never makes a second case. */
export function createCase(body: CreateCaseBody, idempotencyKey: string): Promise<CaseDto> {
  return request<CaseDto>('/api/v1/cases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export interface MyCasesQuery {
  status?: readonly CaseStatus[];
  cursor?: string | null;
  limit?: number;
}

/** 我的上报: the caller's own cases, newest first. */
export function myCases(q: MyCasesQuery = {}): Promise<CaseSummaryPage> {
  const query: ListCasesQuery = {
    scope: 'mine',
    status: q.status?.length ? q.status.join(',') : undefined,
    cursor: q.cursor ?? undefined,
    limit: q.limit ?? 20,
  };
  return request<CaseSummaryPage>('/api/v1/cases', { query });
}

export interface NearbyQuery {
  /** WGS84: the list endpoint takes no `coord`. */
  lat: number;
  lng: number;
  radius?: number;
  limit?: number;
}

/** 附近问题: public cases around a point, nearest first, each with `distanceM`. */
export function nearbyCases(q: NearbyQuery): Promise<CaseSummaryPage> {
  const query: ListCasesQuery = { scope: 'public', near: `${q.lat},${q.lng}`, radius: q.radius ?? 2000, limit: q.limit ?? 50 };
  return request<CaseSummaryPage>('/api/v1/cases', { query, auth: false });
}

/** One case with its history and the caller's `nextActions`. */
export function getCase(id: string): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}`);
}

/** A move on a case (the citizen's: `rate`); 409 VERSION_CONFLICT on a stale version. */
export function caseAction(id: string, body: CaseActionBody): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
}

// --- 消息中心 and live events ------------------------------------------------------------------

/** The signed-in user's messages, newest first; `cursor` from the previous page. */
export function messages(cursor?: string | null, limit = 20): Promise<MessagePage> {
  return request<MessagePage>('/api/v1/messages', { query: { cursor: cursor ?? undefined, limit } });
}

export function unreadCount(): Promise<UnreadCountDto> {
  return request<UnreadCountDto>('/api/v1/messages/unread-count');
}

export function readMessages(which: ReadMessagesBody & ({ ids: string[] } | { all: true })): Promise<void> {
  return request<void>('/api/v1/messages/read', { method: 'POST', body: which });
}

/** A one-minute ticket for opening the event stream (EventSource and WebSocket cannot send the token). */
export function eventsTicket(): Promise<EventTicketDto> {
  return request<EventTicketDto>('/api/v1/events/ticket', { method: 'POST' });
}

/** What the user accepted in wx.requestSubscribeMessage: one acceptance, one message. */
export function reportSubscriptions(accepted: string[]): Promise<SubscriptionsResultDto> {
  const body: SubscriptionsBody = { accepted };
  return request<SubscriptionsResultDto>('/api/v1/subscriptions', { method: 'POST', body });
}

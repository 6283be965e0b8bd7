import type {
  CaseActionBody,
  CaseCountsDto,
  CaseDto,
  CaseStatus,
  CaseSummaryDto,
  CaseSummaryPage,
  CategoryDto,
  DeadlineQuery,
  DeadlinePreviewDto,
  DefaultInspectorDto,
  DuplicatesQuery,
  EvaluationGroupDto,
  FinishPatrolBody,
  GridDto,
  ListCasesQuery,
  LocateDto,
  LocateQuery,
  MediaDto,
  MyPatrolWeekDto,
  PatrolDto,
  PatrolPointBody,
  PatrolPointsResultDto,
  Role,
  StaffDto,
  StaffQuery,
  StartPatrolBody,
  Theme,
  TimeLimitUnit,
  UpdateMediaBody,
} from '@xc/shared';
import { OPEN_STATUSES } from '@xc/shared';
import { request } from '../../services/request';

/** The staff endpoints of the HTTP contract (shared/docs/api.md, Cases), for the 工作台 pages. */

export interface StaffListQuery {
  status?: readonly CaseStatus[];
  overdue?: boolean;
  cursor?: string | null;
  limit?: number;
}

/** 待办: the caller's to-do (operator, dispatcher, handler, inspector: each their own share). */
export function todoCases(q: StaffListQuery = {}): Promise<CaseSummaryPage> {
  const query: ListCasesQuery = {
    scope: 'todo',
    status: q.status?.length ? q.status.join(',') : undefined,
    overdue: q.overdue ? 'true' : undefined,
    cursor: q.cursor ?? undefined,
    limit: q.limit ?? 20,
  };
  return request<CaseSummaryPage>('/api/v1/cases', { query });
}

/** One case with `nextActions` for this caller (the only source of the buttons shown). */
export function staffCase(id: string): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}`);
}

/** Body of an action on top of `action` and `version` (the category of 立案/派遣/修改类别 included). */
export type ActionBody = CaseActionBody;

/** A move on a case; 409 VERSION_CONFLICT when someone acted first. */
export function act(id: string, body: ActionBody): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
}

/**
 * Open cases that may be the same problem near a point (WGS84): of the case's category when it has
 * one, else of its theme (a report filed with only a theme). None when it has neither.
 */
export function duplicatesNear(
  match: { categoryCode: string | null; theme: Theme | null },
  lat: number,
  lng: number,
): Promise<CaseSummaryDto[]> {
  const by = match.categoryCode ? { categoryCode: match.categoryCode } : match.theme ? { theme: match.theme } : null;
  if (!by) return Promise.resolve([]);
  const query: DuplicatesQuery = { ...by, lat, lng, coord: 'wgs84' };
  return request<CaseSummaryDto[]>('/api/v1/cases/duplicates', { query });
}

/** Every open case within `radius` metres, nearest first (the refuse form's wider list of originals). */
export async function openCasesNear(lat: number, lng: number, radius = 300): Promise<CaseSummaryDto[]> {
  const query: ListCasesQuery = { scope: 'all', near: `${lat},${lng}`, radius, status: OPEN_STATUSES.join(','), limit: 20 };
  const page = await request<CaseSummaryPage>('/api/v1/cases', { query });
  return page.items;
}

/** Whom 派发核实/派发核查 goes to with no one named (the grid's, street's or district's inspector), or why nobody. */
export function defaultInspector(caseId: string): Promise<DefaultInspectorDto> {
  return request<DefaultInspectorDto>(`/api/v1/cases/${encodeURIComponent(caseId)}/default-inspector`);
}

/** The units to dispatch to, by evaluation group. */
export function evaluationGroups(): Promise<EvaluationGroupDto[]> {
  return request<EvaluationGroupDto[]>('/api/v1/evaluation-groups', { auth: false });
}

export function categoryTree(): Promise<CategoryDto[]> {
  return request<CategoryDto[]>('/api/v1/categories', { auth: false });
}

/** What `dispatch` would set as the deadline for a time limit starting at `start`. */
export function deadlinePreview(start: Date, value: number, unit: TimeLimitUnit): Promise<Pick<DeadlinePreviewDto, 'deadline'>> {
  const query: DeadlineQuery = { start: start.toISOString(), value, unit };
  return request<DeadlinePreviewDto>('/api/v1/calendar/deadline', { query, auth: false });
}

/** The to-do's counts in one aggregate: total, overdue, by status (the 工作台 strip). */
export function todoCounts(): Promise<CaseCountsDto> {
  const query: ListCasesQuery = { scope: 'todo' };
  return request<CaseCountsDto>('/api/v1/cases/counts', { query });
}

/**
 * The staff directory: with `gridCode`, those who look after that grid first (the inspector
 * picker of 派发核实/派发核查).
 */
export function staffDirectory(q: { role?: Role; gridCode?: string | null; unitId?: string } = {}): Promise<StaffDto[]> {
  const query: StaffQuery = { role: q.role, gridCode: q.gridCode ?? undefined, unitId: q.unitId };
  return request<StaffDto[]>('/api/v1/staff', { query });
}

// --- 巡查 (Patrols) ---------------------------------------------------------------------------

/** Starts a patrol; `startedAt` is device time (a patrol begun offline and created later). */
export function startPatrol(startedAt?: string): Promise<PatrolDto> {
  const body: StartPatrolBody = startedAt ? { startedAt } : {};
  return request<PatrolDto>('/api/v1/patrols', { method: 'POST', body });
}

/** A batch of points (≤ 100 from this app); late and repeated points are stored once. */
export function sendPatrolPoints(id: string, points: PatrolPointBody[], coord: 'wgs84' | 'gcj02'): Promise<PatrolPointsResultDto> {
  return request<PatrolPointsResultDto>(`/api/v1/patrols/${encodeURIComponent(id)}/points`, {
    method: 'POST',
    body: points,
    query: coord === 'gcj02' ? { coord } : undefined,
    timeout: 30_000,
  });
}

export function finishPatrol(id: string, finishedAt?: string | null): Promise<PatrolDto> {
  const body: FinishPatrolBody = finishedAt ? { finishedAt } : {};
  return request<PatrolDto>(`/api/v1/patrols/${encodeURIComponent(id)}/finish`, { method: 'POST', body });
}

export function getPatrol(id: string): Promise<PatrolDto> {
  return request<PatrolDto>(`/api/v1/patrols/${encodeURIComponent(id)}`);
}

/** 我的本周: half-days, daily coverage, the grids. */
export function myPatrolWeek(week?: string): Promise<MyPatrolWeekDto> {
  return request<MyPatrolWeekDto>('/api/v1/patrols/mine/week', { query: { week } });
}

/** A grid with its outline (WGS84). */
export function gridDetail(code: string): Promise<GridDto> {
  return request<GridDto>(`/api/v1/grids/${encodeURIComponent(code)}`, { auth: false });
}

/** The grid of a point; 404 outside the city's grids. */
export function locateGrid(lat: number, lng: number, coord: 'wgs84' | 'gcj02'): Promise<LocateDto> {
  const query: LocateQuery = { lat, lng, coord };
  return request<LocateDto>('/api/v1/grids/locate', { query, auth: false });
}

export interface InspectorOption {
  id: string;
  name: string;
  /** Looks after the case's grid. */
  ofGrid: boolean;
  /** 网格长 / 网格管理员 … */
  patrolRole: StaffDto['patrolRole'];
}

/** The inspectors one may name for 核实/核查, those of the case's grid first. */
export async function inspectorsFor(gridCode: string | null): Promise<InspectorOption[]> {
  const list = await staffDirectory({ role: 'inspector', gridCode });
  const seen = new Set<string>();
  const out: InspectorOption[] = [];
  for (const s of list ?? []) {
    if (!s?.id || !s.name || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push({
      id: s.id,
      name: s.name,
      ofGrid: !!gridCode && (s.grids ?? []).some((g) => g.code === gridCode),
      patrolRole: s.patrolRole ?? null,
    });
  }
  return out;
}

/** Hide a photo from the public (faces, plates) or show it again; operators, dispatchers, admins. */
export function setPhotoPublicHidden(id: string, publicHidden: boolean): Promise<MediaDto> {
  const body: UpdateMediaBody = { publicHidden };
  return request<MediaDto>(`/api/v1/media/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

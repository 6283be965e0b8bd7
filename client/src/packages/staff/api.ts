import type {
  CaseActionBody,
  CaseDto,
  CaseStatus,
  CaseSummaryDto,
  CategoryDto,
  EvaluationGroupDto,
  Page,
  TimeLimitUnit,
} from '@xc/shared';
import { request } from '../../services/request';

/** The staff endpoints of the HTTP contract (shared/docs/api.md, Cases), for the 工作台 pages. */

export interface StaffListQuery {
  status?: readonly CaseStatus[];
  overdue?: boolean;
  cursor?: string | null;
  limit?: number;
}

/** 待办: the caller's to-do (operator, dispatcher, handler, inspector: each their own share). */
export function todoCases(q: StaffListQuery = {}): Promise<Page<CaseSummaryDto>> {
  return request<Page<CaseSummaryDto>>('/api/v1/cases', {
    query: {
      scope: 'todo',
      status: q.status?.length ? q.status.join(',') : undefined,
      overdue: q.overdue ? 'true' : undefined,
      cursor: q.cursor ?? undefined,
      limit: q.limit ?? 20,
    },
  });
}

/** One case with `nextActions` for this caller (the only source of the buttons shown). */
export function staffCase(id: string): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}`);
}

/** Body of an action on top of `action` and `version`, plus the category correction of 立案/派遣. */
export type ActionBody = CaseActionBody & { categoryCode?: string };

/** A move on a case; 409 VERSION_CONFLICT when someone acted first. */
export function act(id: string, body: ActionBody): Promise<CaseDto> {
  return request<CaseDto>(`/api/v1/cases/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
}

/** Open cases of the same category near a point (WGS84): the operator's side-by-side view. */
export function duplicatesNear(categoryCode: string, lat: number, lng: number): Promise<CaseSummaryDto[]> {
  return request<CaseSummaryDto[]>('/api/v1/cases/duplicates', { query: { categoryCode, lat, lng, coord: 'wgs84' } });
}

/** The units to dispatch to, by evaluation group. */
export function evaluationGroups(): Promise<EvaluationGroupDto[]> {
  return request<EvaluationGroupDto[]>('/api/v1/evaluation-groups', { auth: false });
}

export function categoryTree(): Promise<CategoryDto[]> {
  return request<CategoryDto[]>('/api/v1/categories', { auth: false });
}

/** What `dispatch` would set as the deadline for a time limit starting at `start`. */
export function deadlinePreview(start: Date, value: number, unit: TimeLimitUnit): Promise<{ deadline: string }> {
  return request<{ deadline: string }>('/api/v1/calendar/deadline', { query: { start: start.toISOString(), value, unit }, auth: false });
}

export interface InspectorOption {
  id: string;
  name: string;
}

/**
 * The inspectors one may name for 核实/核查. The API has no staff directory; the weekly patrol
 * compliance list names every inspector, so it serves as one. Empty when it is unavailable.
 */
export async function inspectors(): Promise<InspectorOption[]> {
  const r = await request<{ items?: { user?: { id?: string; name?: string } }[] }>('/api/v1/patrols/compliance');
  const seen = new Set<string>();
  const out: InspectorOption[] = [];
  for (const it of r?.items ?? []) {
    const u = it.user;
    if (u?.id && u.name && !seen.has(u.id)) {
      seen.add(u.id);
      out.push({ id: u.id, name: u.name });
    }
  }
  return out;
}

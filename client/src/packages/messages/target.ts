import { ROUTES, withQuery } from '../../utils/nav';

/** Messages about the reader's own report (the citizen's case page); the others are staff to-dos. */
const REPORTER_KINDS = new Set(['registered', 'refused', 'dispatched', 'handled', 'closed', 'voided', 'rate-reminder']);

/** Where tapping a message leads: the case, on the reporter's page or the staff page; null without a case. */
export function messageTarget(m: { kind: string; caseId: string | null }): string | null {
  if (!m.caseId) return null;
  return withQuery(REPORTER_KINDS.has(m.kind) ? ROUTES.caseDetail : ROUTES.staffCase, { id: m.caseId });
}

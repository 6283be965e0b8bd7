/** A message in the 消息中心 (GET /api/v1/messages). */
export interface MessageDto {
  id: string;
  /** registered, refused, dispatched, handled, closed, voided, rate-reminder (reporters); assigned, returned… (staff). */
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  caseNo: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface MessagePage {
  items: MessageDto[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** One event of the live stream (SSE /api/v1/events, WebSocket /api/v1/events/ws): a hint to reload. */
export interface LiveEventDto {
  kind: string;
  caseId: string | null;
  caseNo?: string | null;
  title?: string;
}

import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import type { Case } from '../cases/case.entity.js';
import { OutboxEvent } from './notify.entities.js';

/** Set on a transaction that wrote outbox rows (their ids): the dispatcher queues their delivery when it commits. */
export const OUTBOX_MARK = 'xc:outbox';

/** In-process signal for rows written outside a transaction (their ids): queued at once. */
export const outboxNudge = new EventEmitter();

/**
 * Writes the event of one change of a case inside the change's own transaction (the transactional
 * outbox): committed together with the change, or not at all. `extra` carries what the messages
 * need beyond the case (the history row's data: reason, passed, inspector, deadline; the note).
 */
export async function recordCaseEvent(
  tx: EntityManager,
  kind: string,
  c: Pick<Case, 'id' | 'caseNo' | 'reporterId' | 'unitId' | 'inspectorId' | 'deadline'>,
  actorId: string | null,
  extra: Record<string, unknown> | null = null,
  dedupKey: string | null = null,
): Promise<void> {
  const now = new Date();
  const data: Record<string, any> = {
    caseNo: c.caseNo,
    reporterId: c.reporterId,
    unitId: c.unitId,
    inspectorId: c.inspectorId,
    deadline: c.deadline ? new Date(c.deadline).toISOString() : null,
    ...extra,
  };
  const inserted = await tx.insert(OutboxEvent, {
    kind,
    caseId: c.id,
    actorId,
    data,
    dedupKey,
    state: 'pending',
    attempts: 0,
    nextAt: now,
    claimedBy: null,
    claimedUntil: null,
    lastError: null,
    createdAt: now,
    doneAt: null,
  });
  const id = Number(inserted.identifiers[0]?.id);
  if (tx.queryRunner) {
    const marked = (tx.queryRunner.data?.[OUTBOX_MARK] as number[] | undefined) ?? [];
    tx.queryRunner.data = { ...tx.queryRunner.data, [OUTBOX_MARK]: [...marked, id] };
  } else outboxNudge.emit('nudge', [id]);
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditAction, AuditEntryDto, AuditPageDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { invalid } from '../common/app-error.js';
import { sqlDate } from '../common/db-utils.js';
import { AuditEntry } from './privacy.entities.js';

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** The most significant role, for the log's reader (an admin who is also an operator reads as admin). */
const ROLE_ORDER = ['admin', 'evaluator', 'dispatcher', 'operator', 'handler', 'inspector', 'citizen'];
const mainRole = (actor: Actor) => ROLE_ORDER.find((r) => actor.roles.includes(r as never)) ?? actor.roles[0] ?? null;

/** The append-only audit log: `write` inserts, `page` reads; nothing updates or deletes a row. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One row; inside `tx` when the audited change is written in a transaction, so both commit or neither. */
  async write(
    actor: Actor | null,
    action: AuditAction,
    subjectId: string | null,
    detail: Record<string, unknown> | null = null,
    tx?: EntityManager,
  ): Promise<void> {
    const m = tx ?? this.db.manager;
    await m.save(
      m.create(AuditEntry, {
        at: new Date(),
        actorId: actor?.id ?? null,
        actorRole: actor ? mainRole(actor) : null,
        action,
        subjectId,
        detail,
      }),
    );
  }

  /** Newest first; `cursor` is the id of the last row of the previous page. */
  async page(q: AuditQuery): Promise<AuditPageDto> {
    const limit = q.limit ?? 50;
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (q.actor) qb.andWhere('a.actor_id = :actor', { actor: q.actor });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    const from = q.from ? parseTime(q.from, 'from') : null;
    const to = q.to ? parseTime(q.to, 'to') : null;
    if (from) qb.andWhere('a.at >= :from', { from: sqlDate(from) });
    if (to) qb.andWhere('a.at < :to', { to: sqlDate(to) });
    if (q.cursor) qb.andWhere('a.id < :cursor', { cursor: Number(q.cursor) });
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const items = rows.slice(0, limit).map(toDto);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
  }
}

function parseTime(v: string, field: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v);
  if (Number.isNaN(d.getTime())) throw invalid({ [field]: '时间格式不正确，应为 2026-11-30 或 ISO 8601' });
  return d;
}

const toDto = (a: AuditEntry): AuditEntryDto => ({
  id: a.id,
  at: a.at.toISOString(),
  actorId: a.actorId,
  actorRole: a.actorRole,
  action: a.action,
  subjectId: a.subjectId,
  detail: a.detail,
});

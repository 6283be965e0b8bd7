import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PatrolDto, PatrolPointsResultDto } from '@xc/shared';
import type { Actor } from '../auth/actor.js';
import { invalid, notFound } from '../common/app-error.js';
import { fromSqlDate, isSqlite, sqlDate } from '../common/db-utils.js';
import { gcj02ToWgs84 } from '../geo/coords.js';
import type { FinishPatrolDto, StartPatrolDto } from './dto/patrol.dto.js';
import { Patrol } from './patrol.entity.js';
import { parsePoints, type InputPoint } from './points-input.js';
import { pointValues, sqlMs } from './points-sql.js';
import { DEFAULT_PATROL_RULES, type Fix, type PatrolRules } from './rules/config.js';
import { analyzeTrack, pointFlags, walkTrack, type Span } from './rules/plausibility.js';

/** How far back a patrol may be started (uploaded later, from an offline phone). */
const MAX_START_AGE_MS = 7 * 86_400_000;

interface PatrolRow {
  id: string;
  user_id: string;
  started_at: unknown;
  finished_at: unknown;
  points: number | string;
  flagged: number | string;
  distance_m: number | string;
  last_t: unknown;
  anchor_t: unknown;
  anchor_lat: number | string | null;
  anchor_lng: number | string | null;
}

const PATROL_COLUMNS = 'id, user_id, started_at, finished_at, points, flagged, distance_m, last_t, anchor_t, anchor_lat, anchor_lng';
const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/** What this process knows of an open patrol, for the fast path of ingestion. */
interface PatrolState {
  ownerId: string;
  startedAt: number;
  finishedAt: number | null;
  lastT: number | null;
  anchor: Fix | null;
  points: number;
}
const MAX_CACHED = 20_000;
/** Fast-path group writes in flight at once (MariaDB), and the most points one of them carries. */
const FAST_WRITERS = 8;
const FAST_GROUP_ROWS = 2000;

/** A fast-path batch: its point rows (SQL text of VALUES tuples), and the patrol's new figures and the state they extend. */
interface FastWrite {
  id: string;
  values: string;
  count: number;
  /** flagged +, distance_m +, last_t, anchor_t, anchor_lat, anchor_lng */
  set: unknown[];
  /** last_t and finished_at as this process last knew them */
  guard: unknown[];
}

/**
 * Patrol sessions and their points. Ingestion is the hot path. Batches of one patrol run one at a
 * time in this process (a queue per patrol; one queue for everything on SQLite, single writer).
 *
 * - Fast path (a batch entirely after the latest stored point, the patrol's state known here):
 *   one multi-row INSERT IGNORE / INSERT OR IGNORE keyed by (patrol, device time), then one
 *   compare-and-set UPDATE of the patrol's running figures (points, flagged, distance, latest
 *   time, last plausible point) guarded by the latest time and finish it started from. Two
 *   statements, no transaction; on MariaDB the batches of different patrols that arrive together
 *   share them (one INSERT and one UPDATE for the group, see enqueueFast).
 * - Slow path (first batch seen by this process, resends, late points, or the compare-and-set
 *   lost to another process): one transaction that locks the patrol row (SELECT … FOR UPDATE on
 *   MariaDB), finds which points are new, stores them, and extends the figures from the row — or
 *   recomputes the patrol's flags and distance from its whole track when late points arrived or
 *   the figures may be stale. Finishing recomputes too (the span changes).
 *
 * Points are stored once whatever happens (the primary key). The figures are derived: a crash
 * between the fast path's two statements leaves them behind the stored points until the next
 * slow-path batch or the finish recomputes them.
 *
 * Points after the finish are still accepted (a phone uploading its offline buffer); those whose
 * device time falls outside [startedAt, finishedAt] (2 minutes' tolerance) are stored flagged
 * `span` and not counted.
 */
@Injectable()
export class PatrolsService {
  readonly rules: PatrolRules = DEFAULT_PATROL_RULES;
  /** SQLite has one connection and one writer: everything that writes queues here. */
  private sqliteTail: Promise<unknown> = Promise.resolve();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly states = new Map<string, PatrolState>();
  private readonly fastQueue: { write: FastWrite; resolve: (ok: boolean) => void; reject: (e: unknown) => void }[] = [];
  private fastWriting = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async start(actor: Actor, dto: StartPatrolDto): Promise<PatrolDto> {
    const now = Date.now();
    let startedAt = now;
    if (dto.startedAt !== undefined) {
      startedAt = Date.parse(dto.startedAt);
      if (startedAt > now + this.rules.plausibility.futureToleranceSeconds * 1000) throw invalid({ startedAt: '开始时间不能晚于当前时间' });
      if (startedAt < now - MAX_START_AGE_MS) throw invalid({ startedAt: '开始时间不能早于 7 天前' });
    }
    const patrol: Patrol = {
      id: randomUUID(),
      userId: actor.id,
      startedAt: new Date(startedAt),
      finishedAt: null,
      points: 0,
      flagged: 0,
      distanceM: 0,
      lastT: null,
      anchorT: null,
      anchorLat: null,
      anchorLng: null,
      createdAt: new Date(now),
    };
    await this.db.getRepository(Patrol).insert(patrol);
    this.remember(patrol.id, { ownerId: actor.id, startedAt, finishedAt: null, lastT: null, anchor: null, points: 0 });
    return toDto(patrol);
  }

  async get(actor: Actor, id: string): Promise<PatrolDto> {
    const p = await this.db.getRepository(Patrol).findOneBy({ id });
    if (!p || p.userId !== actor.id) throw notFound('巡查不存在');
    return toDto(p);
  }

  /** POST /patrols/:id/points. Not found or not the caller's: 404 alike; then 400 for bad points. */
  async addPoints(actor: Actor, id: string, body: unknown, coord: 'wgs84' | 'gcj02' = 'wgs84'): Promise<PatrolPointsResultDto> {
    let input: InputPoint[];
    try {
      input = parsePoints(body, this.rules.maxBatch);
    } catch (e) {
      await this.get(actor, id); // 404 wins over 400
      throw e;
    }
    for (const p of input) {
      if (coord === 'gcj02') [p.lng, p.lat] = gcj02ToWgs84([p.lng, p.lat]);
      p.lat = round7(p.lat);
      p.lng = round7(p.lng);
    }
    return this.store(actor.id, id, input, Date.now());
  }

  async finish(actor: Actor, id: string, dto: FinishPatrolDto): Promise<PatrolDto> {
    return this.finishAs(actor.id, id, dto.finishedAt !== undefined ? Date.parse(dto.finishedAt) : undefined);
  }

  /** Finishes the patrol `id` of `ownerId` (again: unchanged) and recomputes its track with the final span. */
  async finishAs(ownerId: string, id: string, finishedAtMs?: number): Promise<PatrolDto> {
    this.states.delete(id);
    return this.serial(id, () =>
      this.db.transaction(async (tx) => {
        this.states.delete(id);
        const row = await this.lock(tx, id, ownerId);
        if (row.finished_at) return toDto(rowToPatrol(row));
        const now = Date.now();
        const startedAt = fromSqlDate(row.started_at)!.getTime();
        const finishedAt = finishedAtMs ?? Math.max(now, startedAt);
        if (finishedAt < startedAt) throw invalid({ finishedAt: '结束时间不能早于开始时间' });
        if (finishedAt > now + this.rules.plausibility.futureToleranceSeconds * 1000)
          throw invalid({ finishedAt: '结束时间不能晚于当前时间' });
        await tx.query('UPDATE patrols SET finished_at = ? WHERE id = ?', [sqlDate(new Date(finishedAt)), id]);
        await this.recompute(tx, id, { startedAt, finishedAt });
        return toDto(rowToPatrol((await tx.query(`SELECT ${PATROL_COLUMNS} FROM patrols WHERE id = ?`, [id]))[0]));
      }),
    );
  }

  /**
   * Stores a batch for the patrol `id` of `ownerId` (validated points, WGS84): the core of the
   * points endpoint, also used by the demo seed.
   */
  async store(ownerId: string, id: string, input: readonly InputPoint[], receivedAt: number): Promise<PatrolPointsResultDto> {
    // One point per device time: the first of the batch wins, as the first stored wins later.
    let pts = input as InputPoint[];
    let ordered = true;
    for (let i = 1; i < input.length && ordered; i++) ordered = input[i].t > input[i - 1].t;
    if (!ordered) {
      const byT = new Map<number, InputPoint>();
      for (const p of input) if (!byT.has(p.t)) byT.set(p.t, p);
      pts = [...byT.values()].sort((a, b) => a.t - b.t);
    }

    return this.serial(id, async () => {
      const known = this.states.get(id);
      if (known && known.ownerId === ownerId && (known.lastT === null || pts[0].t > known.lastT)) {
        const fast = await this.storeFast(id, known, pts, input.length, receivedAt);
        if (fast) return fast;
        return this.storeLocked(ownerId, id, input.length, pts, receivedAt, true);
      }
      return this.storeLocked(ownerId, id, input.length, pts, receivedAt, false);
    });
  }

  /**
   * A batch in order, without a transaction: its points and the patrol's new running figures
   * (compare-and-set on the latest time and finish it started from); null when that finds the state
   * moved on, or some point was already stored (the caller then takes the locked path).
   */
  private async storeFast(
    id: string,
    known: PatrolState,
    pts: InputPoint[],
    sent: number,
    receivedAt: number,
  ): Promise<PatrolPointsResultDto | null> {
    const span: Span = { startedAt: known.startedAt, finishedAt: known.finishedAt };
    const withFlags = withStaticFlags(pts, receivedAt, span, this.rules);
    const walked = walkTrack(withFlags, known.anchor, this.rules.plausibility);
    let flagged = 0;
    for (let i = 0; i < withFlags.length; i++) if ((withFlags[i].flags = walked.flags[i]) !== 0) flagged++;
    this.states.delete(id); // until the outcome is known
    const a = walked.anchor;
    const lastT = pts[pts.length - 1].t;
    const write: FastWrite = {
      id,
      values: pointValues(id, withFlags, receivedAt),
      count: withFlags.length,
      set: [flagged, Math.round(walked.distanceM * 100) / 100, sqlMs(lastT), a ? sqlMs(a.t) : null, a?.lat ?? null, a?.lng ?? null],
      guard: [known.lastT === null ? null : sqlMs(known.lastT), known.finishedAt === null ? null : sqlMs(known.finishedAt)],
    };
    const ok = isSqlite(this.db) ? (await this.writeFast([write])) === 'ok' : await this.enqueueFast(write);
    if (!ok) return null;
    this.remember(id, { ...known, lastT, anchor: a, points: known.points + pts.length });
    return { accepted: pts.length, duplicates: sent - pts.length, flagged, points: known.points + pts.length };
  }

  /**
   * MariaDB: fast-path batches of different patrols that arrive while earlier ones are being
   * written wait here and go in together — one INSERT and one UPDATE for all of them, sent at once —
   * with at most FAST_WRITERS such writes in flight (group commit: the busier, the larger the groups).
   * A patrol has at most one batch here (its writes are serial), so the UPDATE's cases never clash.
   */
  private enqueueFast(write: FastWrite): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.fastQueue.push({ write, resolve, reject });
      this.pumpFast();
    });
  }

  private pumpFast(): void {
    while (this.fastWriting < FAST_WRITERS && this.fastQueue.length) {
      const group: typeof this.fastQueue = [];
      let rows = 0;
      while (this.fastQueue.length && (!group.length || rows + this.fastQueue[0].write.count <= FAST_GROUP_ROWS)) {
        const next = this.fastQueue.shift()!;
        group.push(next);
        rows += next.write.count;
      }
      this.fastWriting++;
      this.writeFast(group.map((g) => g.write))
        .then(
          (outcome) => group.forEach((g) => g.resolve(outcome === 'ok')),
          (e) => group.forEach((g) => g.reject(e)),
        )
        .finally(() => {
          this.fastWriting--;
          this.pumpFast();
        });
    }
  }

  /**
   * One INSERT of every point of the group and one compare-and-set UPDATE of every patrol in it;
   * 'retry' unless every point was new and every patrol matched (then the locked path recomputes
   * the figures of each from its stored track, which is right whatever this write did).
   */
  private async writeFast(group: FastWrite[]): Promise<'ok' | 'retry'> {
    const verb = isSqlite(this.db) ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const count = group.reduce((n, w) => n + w.count, 0);
    const insert = this.exec(
      null,
      `${verb} INTO patrol_points (patrol_id, t, lat, lng, accuracy, flags, received_at) VALUES ${group.map((w) => w.values).join(',')}`,
      [],
    );
    const nullSafe = isSqlite(this.db) ? 'IS' : '<=>';
    const byId = (expr: (i: number) => string) =>
      group.length === 1 ? expr(0) : `CASE id ${group.map((_, i) => `WHEN ? THEN ${expr(i)}`).join(' ')} END`;
    const cols = ['flagged = flagged + ', 'distance_m = distance_m + ', 'last_t = ', 'anchor_t = ', 'anchor_lat = ', 'anchor_lng = '];
    const params: unknown[] = [];
    const caseParams = (value: (w: FastWrite) => unknown) => {
      for (const w of group) {
        if (group.length > 1) params.push(w.id);
        params.push(value(w));
      }
    };
    caseParams((w) => w.count);
    cols.forEach((_, k) => caseParams((w) => w.set[k]));
    for (const w of group) params.push(w.id, ...w.guard);
    // Both at once, on two connections: neither needs the other's outcome, and if either falls short
    // the locked path re-derives the figures from whatever was stored.
    const [inserted, updated] = await Promise.all([
      insert,
      this.exec(
        null,
        `UPDATE patrols SET points = points + ${byId(() => '?')}, ${cols.map((c) => `${c}${byId(() => '?')}`).join(', ')}
          WHERE ${group.map(() => `(id = ? AND last_t ${nullSafe} ? AND finished_at ${nullSafe} ?)`).join(' OR ')}`,
        params,
      ),
    ]);
    return inserted === count && updated === group.length ? 'ok' : 'retry';
  }

  /** The transaction of the slow path; `stale`: recompute the figures from the stored track whatever the batch holds. */
  private async storeLocked(
    ownerId: string,
    id: string,
    sent: number,
    pts: InputPoint[],
    receivedAt: number,
    stale: boolean,
  ): Promise<PatrolPointsResultDto> {
    const { result, state } = await this.db.transaction(async (tx): Promise<{ result: PatrolPointsResultDto; state: PatrolState }> => {
      const row = await this.lock(tx, id, ownerId);
      const span: Span = { startedAt: fromSqlDate(row.started_at)!.getTime(), finishedAt: fromSqlDate(row.finished_at)?.getTime() ?? null };
      const stored = Number(row.points);
      const lastT = fromSqlDate(row.last_t)?.getTime() ?? -Infinity;
      const rowState = (): PatrolState => ({
        ownerId,
        ...span,
        lastT: fromSqlDate(row.last_t)?.getTime() ?? null,
        points: stored,
        anchor: row.anchor_t ? { t: fromSqlDate(row.anchor_t)!.getTime(), lat: Number(row.anchor_lat), lng: Number(row.anchor_lng) } : null,
      });
      let cut = 0;
      while (cut < pts.length && pts[cut].t <= lastT) cut++;
      const fresh = pts.slice(cut);
      let late: InputPoint[] = [];
      if (cut > 0) {
        const old = pts.slice(0, cut);
        const have = new Set<number>();
        for (let i = 0; i < old.length; i += 500) {
          const chunk = old.slice(i, i + 500);
          const rows: { t: unknown }[] = await tx.query(
            `SELECT t FROM patrol_points WHERE patrol_id = ? AND t IN (${chunk.map(() => '?').join(',')})`,
            [id, ...chunk.map((p) => sqlDate(new Date(p.t)))],
          );
          for (const r of rows) have.add(fromSqlDate(r.t)!.getTime());
        }
        late = old.filter((p) => !have.has(p.t));
      }
      const toStore = late.length ? [...late, ...fresh] : fresh;
      if (!toStore.length && !stale) return { result: { accepted: 0, duplicates: sent, flagged: 0, points: stored }, state: rowState() };

      const withFlags = withStaticFlags(toStore, receivedAt, span, this.rules);
      if (!late.length && !stale) {
        const known = rowState();
        const walked = walkTrack(withFlags, known.anchor, this.rules.plausibility);
        withFlags.forEach((p, i) => (p.flags = walked.flags[i]));
        const inserted = await this.insertPoints(tx, id, withFlags, receivedAt);
        if (inserted === withFlags.length) {
          const flagged = walked.flags.filter((f) => f !== 0).length;
          const a = walked.anchor;
          const newLast = fresh[fresh.length - 1].t;
          await tx.query(
            'UPDATE patrols SET points = points + ?, flagged = flagged + ?, distance_m = distance_m + ?, last_t = ?, anchor_t = ?, anchor_lat = ?, anchor_lng = ? WHERE id = ?',
            [
              inserted,
              flagged,
              Math.round(walked.distanceM * 100) / 100,
              sqlDate(new Date(newLast)),
              a ? sqlDate(new Date(a.t)) : null,
              a?.lat ?? null,
              a?.lng ?? null,
              id,
            ],
          );
          return {
            result: { accepted: inserted, duplicates: sent - inserted, flagged, points: stored + inserted },
            state: { ...known, lastT: newLast, anchor: a, points: stored + inserted },
          };
        }
        // Cannot happen while the row lock holds; if it does, the recomputation below is right anyway.
      } else if (withFlags.length) {
        await this.insertPoints(tx, id, withFlags, receivedAt);
      }
      const re = await this.recompute(tx, id, span);
      const accepted = re.points - stored;
      const flagged = toStore.filter((p) => (re.flagsByT.get(p.t) ?? 0) !== 0).length;
      return {
        result: { accepted, duplicates: sent - accepted, flagged, points: re.points },
        state: { ownerId, ...span, lastT: re.lastT, anchor: re.anchor, points: re.points },
      };
    });
    this.remember(id, state);
    return result;
  }

  /** Re-derives every point's flags and the patrol's figures from its whole track. */
  private async recompute(
    tx: EntityManager,
    id: string,
    span: Span,
  ): Promise<{ points: number; flagsByT: Map<number, number>; lastT: number | null; anchor: Fix | null }> {
    const rows: { t: unknown; lat: unknown; lng: unknown; accuracy: unknown; flags: unknown; received_at: unknown }[] = await tx.query(
      'SELECT t, lat, lng, accuracy, flags, received_at FROM patrol_points WHERE patrol_id = ? ORDER BY t',
      [id],
    );
    const pts = rows.map((r) => ({
      t: fromSqlDate(r.t)!.getTime(),
      lat: Number(r.lat),
      lng: Number(r.lng),
      accuracy: r.accuracy === null ? null : Number(r.accuracy),
      receivedAt: fromSqlDate(r.received_at)!.getTime(),
      flags: Number(r.flags),
    }));
    const res = analyzeTrack(pts, span, this.rules.plausibility);
    const changes = new Map<number, string[]>();
    pts.forEach((p, i) => {
      if (res.flags[i] !== p.flags) {
        const list = changes.get(res.flags[i]) ?? [];
        list.push(sqlDate(new Date(p.t)));
        changes.set(res.flags[i], list);
      }
    });
    for (const [flags, ts] of changes) {
      for (let i = 0; i < ts.length; i += 500) {
        const chunk = ts.slice(i, i + 500);
        await tx.query(`UPDATE patrol_points SET flags = ? WHERE patrol_id = ? AND t IN (${chunk.map(() => '?').join(',')})`, [
          flags,
          id,
          ...chunk,
        ]);
      }
    }
    const a = res.anchor;
    const flagged = res.flags.filter((f) => f !== 0).length;
    await tx.query(
      'UPDATE patrols SET points = ?, flagged = ?, distance_m = ?, last_t = ?, anchor_t = ?, anchor_lat = ?, anchor_lng = ? WHERE id = ?',
      [
        pts.length,
        flagged,
        Math.round(res.distanceM * 100) / 100,
        pts.length ? sqlDate(new Date(pts[pts.length - 1].t)) : null,
        a ? sqlDate(new Date(a.t)) : null,
        a?.lat ?? null,
        a?.lng ?? null,
        id,
      ],
    );
    return {
      points: pts.length,
      flagsByT: new Map(pts.map((p, i) => [p.t, res.flags[i]])),
      lastT: pts.length ? pts[pts.length - 1].t : null,
      anchor: a,
    };
  }

  /** One multi-row insert that skips rows already stored; returns how many it stored. */
  private async insertPoints(
    tx: EntityManager | null,
    id: string,
    pts: readonly (InputPoint & { flags: number })[],
    receivedAt: number,
  ): Promise<number> {
    const verb = isSqlite(this.db) ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    let inserted = 0;
    for (let i = 0; i < pts.length; i += 500) {
      const chunk = pts.slice(i, i + 500);
      inserted += await this.exec(
        tx,
        `${verb} INTO patrol_points (patrol_id, t, lat, lng, accuracy, flags, received_at) VALUES ${pointValues(id, chunk, receivedAt)}`,
        [],
      );
    }
    return inserted;
  }

  /** Runs a write in the transaction, or on its own; returns the rows it affected. */
  private async exec(tx: EntityManager | null, sql: string, params: unknown[]): Promise<number> {
    const runner = tx?.queryRunner ?? this.db.createQueryRunner();
    try {
      const res = await runner.query(sql, params, true);
      return Number((res as { affected?: number }).affected ?? 0);
    } finally {
      if (!tx) await runner.release();
    }
  }

  /** The patrol row, locked for this transaction; 404 unless it is the owner's. */
  private async lock(tx: EntityManager, id: string, ownerId: string): Promise<PatrolRow> {
    const forUpdate = isSqlite(this.db) ? '' : ' FOR UPDATE';
    const [row]: PatrolRow[] = await tx.query(`SELECT ${PATROL_COLUMNS} FROM patrols WHERE id = ?${forUpdate}`, [id]);
    if (!row || row.user_id !== ownerId) throw notFound('巡查不存在');
    return row;
  }

  /**
   * Runs writes of one patrol one at a time in this process (all writes at a time on SQLite: one
   * connection, one writer, so a statement never lands inside another request's transaction).
   */
  private serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    if (isSqlite(this.db)) {
      const run = this.sqliteTail.then(work, work);
      this.sqliteTail = run.catch(() => undefined);
      return run;
    }
    const prev = this.queues.get(id) ?? Promise.resolve();
    const run = prev.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return run;
  }

  private remember(id: string, state: PatrolState): void {
    if (this.states.size >= MAX_CACHED) this.states.delete(this.states.keys().next().value!);
    this.states.delete(id);
    this.states.set(id, state);
  }
}

/** The points with the flags that depend on each point alone (one object per point). */
function withStaticFlags(
  pts: readonly InputPoint[],
  receivedAt: number,
  span: Span,
  rules: PatrolRules,
): (InputPoint & { flags: number })[] {
  const out: (InputPoint & { flags: number })[] = new Array(pts.length);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    out[i] = {
      t: p.t,
      lat: p.lat,
      lng: p.lng,
      accuracy: p.accuracy,
      flags: pointFlags(p.t, p.lat, p.lng, p.accuracy, receivedAt, span, rules.plausibility),
    };
  }
  return out;
}

function rowToPatrol(r: PatrolRow): Patrol {
  return {
    id: r.id,
    userId: r.user_id,
    startedAt: fromSqlDate(r.started_at)!,
    finishedAt: fromSqlDate(r.finished_at),
    points: Number(r.points),
    flagged: Number(r.flagged),
    distanceM: Number(r.distance_m),
    lastT: fromSqlDate(r.last_t),
    anchorT: fromSqlDate(r.anchor_t),
    anchorLat: r.anchor_lat === null ? null : Number(r.anchor_lat),
    anchorLng: r.anchor_lng === null ? null : Number(r.anchor_lng),
    createdAt: new Date(0),
  };
}

export function toDto(p: Patrol): PatrolDto {
  return {
    id: p.id,
    startedAt: p.startedAt.toISOString(),
    finishedAt: p.finishedAt?.toISOString() ?? null,
    points: p.points,
    flagged: p.flagged,
    distanceM: Math.round(p.distanceM),
  };
}

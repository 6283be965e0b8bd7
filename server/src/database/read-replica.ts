import { AsyncLocalStorage } from 'node:async_hooks';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Observable } from 'rxjs';
import type { DataSource, ReplicationMode } from 'typeorm';

const replicaScope = new AsyncLocalStorage<true>();

/**
 * With `DATABASE_REPLICA_URLS`: SELECTs made through repositories and query builders inside the
 * replica scope go to a replica; everything else (writes, transactions, raw queries, and every
 * read outside the scope) stays on the primary.
 */
@Injectable()
export class ReadReplicaRouting {
  constructor(@InjectDataSource() db: DataSource) {
    if ('replication' in db.options && db.options.replication)
      db.defaultReplicationModeForReads = (): ReplicationMode => (replicaScope.getStore() ? 'slave' : 'master');
  }
}

@Injectable()
class ReplicaReadsInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<{ method: string; actor?: unknown }>();
    // A signed-in caller may be reading what they just wrote: the primary answers them.
    if (req.method !== 'GET' || req.actor) return next.handle();
    return replicaScope.run(true, () => next.handle());
  }
}

/** Runs `fn` outside the replica scope: what fills a process-wide cache must not be a replica's lagging copy. */
export function onPrimary<T>(fn: () => T): T {
  return replicaScope.exit(fn);
}

/** A read-heavy public route: anonymous GETs may read from a replica (seconds behind the primary). */
export const ReplicaReads = () => applyDecorators(UseInterceptors(ReplicaReadsInterceptor));

import type { PatrolDto, PatrolPointBody, PatrolPointsResultDto } from '@xc/shared';
import { toApiErrorBody } from '../../../services/request';
import {
  ackBatch,
  activePatrol,
  addFix,
  completePatrol,
  discardPatrol,
  hasWork,
  loadStore,
  nextBatch,
  pendingCount,
  saveStore,
  setServerId,
  shouldFlush,
  startPatrol,
  stopPatrol,
  toPointBodies,
  FLUSH_AT_POINTS,
  type BufferStorage,
  type Coord,
  type FinishedPatrol,
  type PatrolStore,
  type StoredPatrol,
} from './buffer';
import type { Fix } from './track';

/**
 * The patrol recorder: location fixes in, the buffer on the device, batches out to the server.
 * One per signed-in inspector for the life of the app (not of a page): the inspector may leave the
 * 巡查 page — to report a problem found on the way — and the track goes on. Every dependency is
 * passed in (the platform's in platform.ts), so tests drive it with fakes.
 */

export interface PatrolApi {
  create(startedAt: string): Promise<PatrolDto>;
  /** `startedAt` omitted: the server's time (a device clock it refused). */
  createNow(): Promise<PatrolDto>;
  points(id: string, points: PatrolPointBody[], coord: Coord): Promise<PatrolPointsResultDto>;
  finish(id: string, finishedAt: string | null): Promise<PatrolDto>;
}

export interface LocationStart {
  /** Updates continue with the app in the background (weapp, when the inspector allowed it). */
  background: boolean;
}

export interface LocationSource {
  readonly coord: Coord;
  /** Rejects when positioning cannot start at all (no permission, no GPS). */
  start(onFix: (fix: Fix) => void, onError: (message: string) => void): Promise<LocationStart>;
  stop(): void;
}

export interface NetworkWatch {
  isOnline(): Promise<boolean>;
  subscribe(cb: (online: boolean) => void): () => void;
}

export interface RecorderDeps {
  userId: string;
  api: PatrolApi;
  storage: BufferStorage;
  location: LocationSource;
  network: NetworkWatch;
  now?: () => number;
  newId?: () => string;
  /** How often the recorder looks whether to send (default 5 s; the sending rules are in shouldFlush). */
  tickMs?: number;
}

export interface RecorderSnapshot {
  active: StoredPatrol | null;
  /** Stopped patrols still uploading. */
  unsent: StoredPatrol[];
  /** Points waiting on the device, every patrol. */
  pending: number;
  online: boolean;
  syncing: boolean;
  /** The last attempt to upload failed (no network, server trouble): shown as 离线. */
  uploadFailed: boolean;
  /** Location updates are running. */
  tracking: boolean;
  background: boolean;
  starting: boolean;
  locationError: string | null;
  syncError: string | null;
  lastFinished: FinishedPatrol | null;
  /** Device time of the last acknowledged upload. */
  lastSyncAt: number | null;
}

/** Errors worth a retry later: the network, the server busy or down. */
const RETRYABLE = new Set(['NETWORK_ERROR', 'TIMEOUT', 'UNAVAILABLE', 'BAD_GATEWAY', 'INTERNAL', 'RATE_LIMITED']);

export function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString();
}

function defaultId(): string {
  return `p-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

export class PatrolRecorder {
  private store: PatrolStore;
  private snapshot: RecorderSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private online = true;
  private tracking = false;
  private background = false;
  private starting = false;
  private syncing = false;
  private again = false;
  private locationError: string | null = null;
  private syncError: string | null = null;
  private lastAttemptAt: number | null = null;
  private lastFailed = false;
  private lastSyncAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribeNetwork: (() => void) | null = null;
  private disposed = false;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RecorderDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.newId = deps.newId ?? defaultId;
    this.store = loadStore(deps.storage, deps.userId);
    this.snapshot = this.build();
  }

  get userId(): string {
    return this.deps.userId;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RecorderSnapshot => this.snapshot;

  /** The store as it is now (tests, and the page's figures). */
  getStore(): PatrolStore {
    return this.store;
  }

  /** Picks up where the app left off: location again for a running patrol, the upload of whatever waits. */
  resume(): void {
    if (this.disposed) return;
    this.watchNetwork();
    if (activePatrol(this.store) || hasWork(this.store)) this.ensureTimer();
    if (activePatrol(this.store) && !this.tracking && !this.starting) {
      void this.startLocation().catch(() => undefined);
    }
    void this.flush({ force: true });
  }

  /** 开始巡查: positioning first (the permission prompt), then the patrol, on the device at once. */
  async start(): Promise<void> {
    if (this.starting || activePatrol(this.store)) return;
    this.starting = true;
    this.locationError = null;
    this.emit();
    try {
      this.watchNetwork();
      await this.startLocation();
      this.store = startPatrol(this.store, { localId: this.newId(), now: this.now(), coord: this.deps.location.coord });
      this.persist();
    } finally {
      this.starting = false;
      this.emit();
    }
    this.ensureTimer();
    void this.flush({ force: true });
  }

  /** 结束巡查: positioning stops; the finish goes once every point is up (now, or when the network is back). */
  async stop(): Promise<void> {
    if (!activePatrol(this.store)) return;
    this.stopLocation();
    this.store = stopPatrol(this.store, this.now());
    this.persist();
    this.emit();
    this.ensureTimer();
    await this.flush({ force: true });
  }

  /** A fix from the location source (public for tests and the platform glue). */
  onFix = (fix: Fix): void => {
    if (this.disposed) return;
    const r = addFix(this.store, fix);
    if (this.locationError && r.kept) this.locationError = null;
    if (!r.kept) return;
    this.store = r.store;
    this.persist();
    this.emit();
    if (pendingCount(this.store) >= FLUSH_AT_POINTS) void this.flush();
  };

  /** Looks whether to send, on the timer. */
  tick(): Promise<void> {
    if (!activePatrol(this.store) && !hasWork(this.store) && !this.syncing && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    return this.flush();
  }

  /**
   * Sends what waits, one request at a time, oldest patrol first: create it (with its device start
   * time), its points in batches of at most 100, then its finish. Stops at the first failure that
   * a retry may cure; the rest waits for the next tick or the network's return.
   */
  flush(opts: { force?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.syncing) {
      if (opts.force) this.again = true;
      return this.current;
    }
    if (!shouldFlush(this.store, { now: this.now(), lastAttemptAt: this.lastAttemptAt, lastFailed: this.lastFailed, force: opts.force }))
      return Promise.resolve();
    this.syncing = true;
    this.emit();
    this.current = this.run().finally(() => {
      this.syncing = false;
      this.emit();
      if (this.again && !this.disposed) {
        this.again = false;
        void this.flush({ force: true });
      }
    });
    return this.current;
  }

  private async run(): Promise<void> {
    this.lastAttemptAt = this.now();
    let failed = false;
    try {
      for (const first of [...this.store.patrols]) {
        const ok = await this.syncPatrol(first.localId);
        if (!ok) {
          failed = true;
          break;
        }
      }
    } finally {
      this.lastFailed = failed;
      if (!failed) this.syncError = null;
    }
  }

  /** One patrol through create → points → finish; false when it had to stop on a retryable failure. */
  private async syncPatrol(localId: string): Promise<boolean> {
    let recreated = false;
    for (let guard = 0; guard < 10_000; guard++) {
      const p = this.store.patrols.find((x) => x.localId === localId);
      if (!p || this.disposed) return true;
      if (!p.serverId) {
        const dto = await this.attempt(
          () => this.deps.api.create(isoWithOffset(p.startedAt)),
          () => this.deps.api.createNow(),
        );
        if (dto === 'retry' || dto === 'gone') return false;
        if (dto === 'stop') {
          this.syncError = `有 ${p.pending.length} 个点位无法上传：服务器拒绝了这次巡查`;
          this.store = discardPatrol(this.store, localId);
          this.persist();
          return true;
        }
        this.store = setServerId(this.store, localId, dto.id);
        this.persist();
        this.emit();
        continue;
      }
      if (p.pending.length) {
        const batch = nextBatch(p);
        const serverId = p.serverId;
        const res = await this.attempt(() => this.deps.api.points(serverId, toPointBodies(batch), p.coord));
        if (res === 'retry') return false;
        if (res === 'gone') {
          // The server no longer knows the patrol: create it again with what is left.
          if (recreated) return false;
          recreated = true;
          this.store = setServerId(this.store, localId, null);
          this.persist();
          continue;
        }
        this.store = ackBatch(this.store, localId, batch, { dropped: res === 'stop' });
        if (res === 'stop') this.syncError = `有 ${batch.length} 个点位被服务器拒绝，已跳过`;
        else this.lastSyncAt = this.now();
        this.persist();
        this.emit();
        continue;
      }
      if (p.stoppedAt !== null) {
        const serverId = p.serverId;
        const dto = await this.attempt(
          () => this.deps.api.finish(serverId, isoWithOffset(p.stoppedAt!)),
          () => this.deps.api.finish(serverId, null),
        );
        if (dto === 'retry') return false;
        if (dto === 'gone') {
          if (recreated) return false;
          recreated = true;
          this.store = setServerId(this.store, localId, null);
          this.persist();
          continue;
        }
        if (dto === 'stop') {
          this.store = discardPatrol(this.store, localId);
        } else {
          this.store = completePatrol(this.store, localId, dto);
          this.lastSyncAt = this.now();
        }
        this.persist();
        this.emit();
        return true;
      }
      return true;
    }
    return true;
  }

  /**
   * One request: its value; 'retry' (network, server trouble, signed out), 'gone' (404), or 'stop'
   * (refused as invalid, also after the fallback without device time when there is one).
   */
  private async attempt<T>(call: () => Promise<T>, fallback?: () => Promise<T>): Promise<T | 'retry' | 'gone' | 'stop'> {
    try {
      return await call();
    } catch (err) {
      const e = toApiErrorBody(err);
      if (e.code === 'NOT_FOUND') return 'gone';
      if (e.code === 'VALIDATION_FAILED' && fallback) return this.attempt(fallback);
      if (e.code === 'VALIDATION_FAILED') return 'stop';
      if (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN') this.syncError = '登录已失效，重新登录后会自动上传';
      else if (!RETRYABLE.has(e.code)) this.syncError = e.message;
      else this.syncError = null;
      return 'retry';
    }
  }

  private async startLocation(): Promise<void> {
    try {
      const r = await this.deps.location.start(this.onFix, (message) => {
        this.locationError = message;
        this.emit();
      });
      this.tracking = true;
      this.background = r.background;
      this.locationError = null;
    } catch (err) {
      this.tracking = false;
      this.locationError = locationErrorMessage(err);
      throw new Error(this.locationError, { cause: err });
    } finally {
      this.emit();
    }
  }

  private stopLocation(): void {
    if (this.tracking) this.deps.location.stop();
    this.tracking = false;
    this.background = false;
  }

  private watchNetwork(): void {
    if (this.unsubscribeNetwork) return;
    this.unsubscribeNetwork = this.deps.network.subscribe((online) => {
      const back = online && !this.online;
      this.online = online;
      this.emit();
      if (back) void this.flush({ force: true });
    });
    void this.deps.network
      .isOnline()
      .then((online) => {
        this.online = online;
        this.emit();
      })
      .catch(() => undefined);
  }

  private ensureTimer(): void {
    if (this.timer || this.disposed) return;
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs ?? 5000);
  }

  private persist(): void {
    saveStore(this.deps.storage, this.store);
  }

  private build(): RecorderSnapshot {
    const active = activePatrol(this.store);
    return {
      active,
      unsent: this.store.patrols.filter((p) => p !== active),
      pending: pendingCount(this.store),
      online: this.online,
      syncing: this.syncing,
      uploadFailed: this.lastFailed,
      tracking: this.tracking,
      background: this.background,
      starting: this.starting,
      locationError: this.locationError,
      syncError: this.syncError,
      lastFinished: this.store.lastFinished,
      lastSyncAt: this.lastSyncAt,
    };
  }

  private emit(): void {
    this.snapshot = this.build();
    this.listeners.forEach((l) => l());
  }

  /** Whether anything still waits for the server. */
  hasWork(): boolean {
    return hasWork(this.store);
  }

  /** Stops everything (sign-out, tests). The buffer stays in storage. */
  dispose(): void {
    this.disposed = true;
    this.stopLocation();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeNetwork?.();
    this.unsubscribeNetwork = null;
    this.listeners.clear();
  }
}

/** Why positioning could not start, for the inspector. */
export function locationErrorMessage(err: unknown): string {
  const e = err as { code?: number; errMsg?: string; message?: string } | null;
  const text = `${e?.errMsg ?? ''} ${e?.message ?? ''}`.toLowerCase();
  if (e?.code === 1 || text.includes('auth') || text.includes('denied') || text.includes('permission')) {
    return '未获得定位权限：请在设置中允许获取位置后再开始巡查';
  }
  if (text.includes('unsupported')) return '当前环境不支持定位，请在手机上使用';
  if (e?.code === 3 || text.includes('timeout')) return '定位超时，请到开阔处重试';
  if (e?.message && /[\u4e00-\u9fa5]/.test(e.message)) return e.message;
  return '暂时无法定位，请检查手机定位是否开启';
}

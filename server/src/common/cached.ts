import { onPrimary } from '../database/read-replica.js';

/**
 * A value loaded on first use and kept for `ttlMs` (bounded staleness when several server
 * processes share a database), dropped at once by `invalidate()` after a local change, and never
 * kept when loading failed. Always loaded from the primary database (never a read replica), so
 * an admin change is not replaced by a replica's older copy right after the invalidation.
 */
export class Cached<T> {
  private value: Promise<T> | null = null;
  private loadedAt = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs = 60_000,
  ) {}

  get(): Promise<T> {
    if (!this.value || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      const p = onPrimary(this.load);
      this.value = p;
      p.catch(() => {
        if (this.value === p) this.value = null;
      });
    }
    return this.value;
  }

  invalidate(): void {
    this.value = null;
  }
}

/**
 * Values by key, each kept for `ttlMs` after it was loaded (Infinity: until cleared), at most
 * `maxEntries` of them (the oldest go first). Concurrent gets of a missing key share one load, and
 * a failed load is never kept. `clear()` drops everything at once, e.g. when a month is published.
 * Per process: with several server processes each keeps its own, so a TTL bounds how long another
 * process's change can go unseen.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>, ttlMs = this.ttlMs): Promise<V> {
    const hit = this.entries.get(key);
    const t = this.now();
    if (hit && hit.expires > t) return hit.value;
    if (hit) this.entries.delete(key);
    const value = load();
    const entry = { value, expires: ttlMs === Infinity ? Infinity : t + ttlMs };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

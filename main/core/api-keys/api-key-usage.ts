/** Usage of one key accumulated since the last flush. */
export interface PendingUsage {
  count: number;
  lastUsedAt: number;
}

export interface UsageRecorderDeps {
  /** Writes a batch (one store write for all keys); throwing keeps the batch for the next flush. */
  persist(batch: ReadonlyMap<string, PendingUsage>): void;
  /** How long usage may wait in memory before it is written (default 5 s). */
  flushIntervalMs?: number;
  onError?(error: unknown): void;
}

export type UsageRecorder = ReturnType<typeof createUsageRecorder>;

const DEFAULT_FLUSH_INTERVAL_MS = 5_000;

/**
 * Counts API-key usage in memory and writes it in batches.
 *
 * Every request updates its key's "last used" and request count, but a store write is a whole-file
 * atomic replace with an fsync: one per request would cap the local API at a few hundred requests per
 * second and wear the disk. Batching makes it one write per interval, whatever the rate. The price is
 * that a crash loses at most one interval of counts, which are statistics, not security state:
 * revocation is written at once, never batched.
 */
export function createUsageRecorder(deps: UsageRecorderDeps) {
  const interval = deps.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  let pending = new Map<string, PendingUsage>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      deps.persist(batch);
    } catch (error) {
      // Put the batch back (merged with anything recorded meanwhile) and try again later.
      for (const [id, usage] of batch) add(id, usage.count, usage.lastUsedAt);
      deps.onError?.(error);
      schedule();
    }
  };

  const schedule = (): void => {
    if (timer || pending.size === 0) return;
    timer = setTimeout(flush, interval);
    // Never keeps the process alive on its own; `flush()` at shutdown writes the rest.
    timer.unref?.();
  };

  const add = (keyId: string, count: number, at: number): void => {
    const current = pending.get(keyId);
    if (current) {
      current.count += count;
      if (at > current.lastUsedAt) current.lastUsedAt = at;
    } else {
      pending.set(keyId, { count, lastUsedAt: at });
    }
  };

  return {
    record(keyId: string, at: number): void {
      add(keyId, 1, at);
      schedule();
    },
    /** Usage not written yet, so views can show exact numbers without forcing a write. */
    pendingFor: (keyId: string): PendingUsage | undefined => pending.get(keyId),
    flush,
    stop(): void {
      flush();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

import fs from 'node:fs';
import { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';
import type { ConnectionRecord } from './connection-record.js';

/** What the integrations list shows of an integration's connections. */
export interface ConnectionFigures {
  /** Connections not deleted. */
  count: number;
  /** The newest `lastActiveAt` of any of its connections (deleted ones included), if it has any. */
  lastActiveAt?: string;
}

const figuresSchema = z.object({ count: z.number().int().min(0), lastActiveAt: z.string().optional() });

/**
 * The stored summaries (`connection-summaries.json`, beside the connections folder, not in it).
 * `stamp` is the connections folder's modification time when the document was written: any shard
 * written, added or deleted since then changes it, and the document is then not trusted.
 */
export const connectionSummariesDocSchema = z.object({
  stamp: z.string().optional(),
  integrations: z.record(z.string(), figuresSchema),
});
export type ConnectionSummariesDoc = z.infer<typeof connectionSummariesDocSchema>;
export const emptyConnectionSummariesDoc = (): ConnectionSummariesDoc => ({ integrations: {} });

export interface ConnectionSummariesDeps {
  store: DocStore<ConnectionSummariesDoc>;
  /** The connections folder (`<dataDir>/connections`). */
  folder: string;
  /** An integration's connections, opening its shard (which reports back through `loaded`). */
  connectionsOf(integrationId: string): readonly ConnectionRecord[];
  now?(): number;
  /** Runs `fn` after `ms`; returns a cancel function. Default: an unref'd timer. */
  schedule?(fn: () => void, ms: number): () => void;
}

/**
 * A folder's change is only recognisable by its modification time if the next change gets a later
 * one. File systems stamp with a coarse clock (Linux: one scheduler tick, ≤ 10 ms), so a summary is
 * stamped only once the folder has been unchanged for longer than that.
 */
const QUIET_MS = 50;
/** Changes closer together than this are written once (a refresh storm rewrites many shards). */
const FLUSH_DELAY_MS = 2_000;

export type ConnectionSummaries = ReturnType<typeof createConnectionSummaries>;

/**
 * Each integration's connection count and last activity, without reading its connections (issue 15):
 * the first `integrations.list` read every connection shard for these two figures (942 ms at 10,000
 * integrations).
 *
 * Correct after a crash without a durable write of its own: the summaries are kept in memory (updated
 * from each shard as it is loaded or written, in the same synchronous step as the write) and written
 * to disk in the background, stamped with the connections folder's modification time. At start-up the
 * document is trusted only if the folder still has that time; otherwise (a crash after a shard write,
 * a shard restored or copied by hand, another program) every figure is computed again from its shard
 * the first time it is asked for, and the document is rewritten. So a lost or stale summary costs one
 * slow list, never a wrong one. The figures of an integration whose shard is open are always its
 * shard's own.
 */
export function createConnectionSummaries(deps: ConnectionSummariesDeps) {
  const now = deps.now ?? Date.now;
  const schedule =
    deps.schedule ??
    ((fn: () => void, ms: number) => {
      const timer = setTimeout(fn, ms);
      timer.unref();
      return () => clearTimeout(timer);
    });

  const folderStat = (): { stamp: string; changedAt: number } | undefined => {
    try {
      const stat = fs.statSync(deps.folder, { bigint: true });
      return { stamp: `${stat.mtimeNs}:${stat.ctimeNs}`, changedAt: Number(stat.mtimeNs / 1_000_000n) };
    } catch {
      return undefined; // No connections folder yet: nothing to trust or stamp.
    }
  };

  const stored = deps.store.get();
  const atStart = folderStat();
  const trusted = stored.stamp !== undefined && stored.stamp === (atStart?.stamp ?? 'none');
  const figures = new Map<string, ConnectionFigures>(trusted ? Object.entries(stored.integrations) : []);
  let cancel: (() => void) | undefined;
  let dirty = !trusted && Object.keys(stored.integrations).length > 0;

  const figuresOf = (connections: readonly ConnectionRecord[]): ConnectionFigures => {
    let count = 0;
    let lastActiveAt: string | undefined;
    for (const c of connections) {
      if (c.status !== 'deleted') count += 1;
      if (!lastActiveAt || c.lastActiveAt > lastActiveAt) lastActiveAt = c.lastActiveAt;
    }
    return lastActiveAt ? { count, lastActiveAt } : { count };
  };

  const changed = (): void => {
    dirty = true;
    cancel ??= schedule(flushWhenQuiet, FLUSH_DELAY_MS);
  };

  /** Writes the document if the folder has been quiet long enough to stamp it; else tries again soon. */
  function flushWhenQuiet(): void {
    cancel = undefined;
    try {
      if (!flush()) cancel = schedule(flushWhenQuiet, QUIET_MS);
    } catch {
      // A full disk, a read-only folder: the summaries stay right in memory, and an unwritten (or
      // stale) document only means the next start computes them from the shards. Tried again later.
      cancel = schedule(flushWhenQuiet, FLUSH_DELAY_MS);
    }
  }

  /** Writes what is known, stamped; false when the folder changed too recently to stamp it. */
  function flush(): boolean {
    if (!dirty) return true;
    const folder = folderStat();
    if (folder && now() - folder.changedAt < QUIET_MS) return false;
    deps.store.update(() => ({ ...(folder ? { stamp: folder.stamp } : { stamp: 'none' }), integrations: Object.fromEntries(figures) }));
    dirty = false;
    return true;
  }

  return {
    /** An integration's figures: from memory, else from its shard (opened, then kept). */
    get(integrationId: string): ConnectionFigures {
      const known = figures.get(integrationId);
      if (known) return known;
      const computed = figuresOf(deps.connectionsOf(integrationId));
      figures.set(integrationId, computed);
      changed();
      return computed;
    },

    /** A shard was loaded or written: its figures, in the same synchronous step. */
    update(integrationId: string, connections: readonly ConnectionRecord[]): void {
      const next = figuresOf(connections);
      const known = figures.get(integrationId);
      if (known && known.count === next.count && known.lastActiveAt === next.lastActiveAt) return;
      figures.set(integrationId, next);
      changed();
    },

    /** An integration's shard was deleted. */
    forget(integrationId: string): void {
      if (figures.delete(integrationId)) changed();
    },

    /** Closing: writes the summaries, waiting (briefly) for the folder to be quiet enough to stamp. */
    async dispose(): Promise<void> {
      cancel?.();
      cancel = undefined;
      try {
        for (let tries = 0; tries < 5 && !flush(); tries += 1) await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      } catch {
        // As above: the next start computes them from the shards.
      }
    },

    /** Whether the stored summaries were trusted at start-up (tests and the benchmark report it). */
    trustedAtStart: trusted,
  };
}

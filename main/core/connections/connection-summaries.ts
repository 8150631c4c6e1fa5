import fs from 'node:fs';
import { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';
import type { ConnectionRecord } from './connection-record.js';
import { statusFiguresOf, statusFiguresSchema, type StatusFigures } from './status-figures.js';

/**
 * What the integrations list shows of an integration's connections, and what the tray, the header and
 * the notifications need of them (`status-figures.ts`).
 */
export interface ConnectionFigures extends StatusFigures {
  /** Connections not deleted. */
  count: number;
  /** The newest `lastActiveAt` of any of its connections (deleted ones included), if it has any. */
  lastActiveAt?: string;
}

const figuresSchema = statusFiguresSchema.extend({ count: z.number().int().min(0), lastActiveAt: z.string().optional() });

/** The document's format: figures stored by an older one lack the status figures, and are not trusted. */
const FORMAT = 2;

/**
 * The stored summaries (`connection-summaries.json`, beside the connections folder, not in it).
 * `stamp` is the connections folder's modification time when the document was written: any shard
 * written, added or deleted since then changes it, and the document is then not trusted.
 */
export const connectionSummariesDocSchema = z.object({
  stamp: z.string().optional(),
  format: z.number().int().optional(),
  // Loose: an older format's figures must still load (and are then not trusted), never fail the store.
  integrations: z.record(z.string(), z.unknown()),
});
export type ConnectionSummariesDoc = z.infer<typeof connectionSummariesDocSchema>;
export const emptyConnectionSummariesDoc = (): ConnectionSummariesDoc => ({ integrations: {} });

/** One integration's figures, from its connections (one pass for the list's, one for the status's). */
export function connectionFiguresOf(connections: readonly ConnectionRecord[]): ConnectionFigures {
  let count = 0;
  let lastActiveAt: string | undefined;
  for (const c of connections) {
    if (c.status !== 'deleted') count += 1;
    if (!lastActiveAt || c.lastActiveAt > lastActiveAt) lastActiveAt = c.lastActiveAt;
  }
  // In the stored document's key order, so that comparing two figures as JSON compares their values.
  return { ...statusFiguresOf(connections), count, ...(lastActiveAt ? { lastActiveAt } : {}) };
}

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
 * Each integration's connection count and last activity, and its status figures (the tray's counts,
 * who needs attention, the next expiry), without reading its connections (issue 15): the first
 * `integrations.list` read every connection shard for the first two (942 ms at 10,000 integrations),
 * and the tray for the rest (1.8 s at 100,000 connections, at every desktop launch).
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
  const trusted = stored.format === FORMAT && stored.stamp !== undefined && stored.stamp === (atStart?.stamp ?? 'none');
  // Stored figures are checked when first asked for (a start-up reads none of them): one that does not
  // parse is computed from its shard instead, like one that is missing.
  const unread = new Map<string, unknown>(trusted ? Object.entries(stored.integrations) : []);
  const figures = new Map<string, ConnectionFigures>();
  let cancel: (() => void) | undefined;
  let dirty = !trusted && Object.keys(stored.integrations).length > 0;

  const fromStore = (integrationId: string): ConnectionFigures | undefined => {
    if (!unread.has(integrationId)) return undefined;
    const parsed = figuresSchema.safeParse(unread.get(integrationId));
    unread.delete(integrationId);
    if (!parsed.success) return undefined;
    figures.set(integrationId, parsed.data);
    return parsed.data;
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
    deps.store.update(() => ({ stamp: folder ? folder.stamp : 'none', format: FORMAT, integrations: { ...Object.fromEntries(unread), ...Object.fromEntries(figures) } }));
    dirty = false;
    return true;
  }

  return {
    /** An integration's figures: from memory, else from its shard (opened, then kept). */
    get(integrationId: string): ConnectionFigures {
      const known = figures.get(integrationId) ?? fromStore(integrationId);
      if (known) return known;
      const computed = connectionFiguresOf(deps.connectionsOf(integrationId));
      figures.set(integrationId, computed);
      changed();
      return computed;
    },

    /** A shard was loaded or written: its figures, in the same synchronous step. */
    update(integrationId: string, connections: readonly ConnectionRecord[]): void {
      const next = connectionFiguresOf(connections);
      const known = figures.get(integrationId) ?? fromStore(integrationId);
      if (known && JSON.stringify(known) === JSON.stringify(next)) return;
      figures.set(integrationId, next);
      changed();
    },

    /** An integration's shard was deleted. */
    forget(integrationId: string): void {
      const had = unread.delete(integrationId);
      if (figures.delete(integrationId) || had) changed();
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


import { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';
import { deferWrites, type Schedule } from '../storage/deferred-write.js';
import { pathStamp, quietStamp } from '../storage/file-stamp.js';
import type { ConnectionRecord } from './connection-record.js';
import { statusFiguresOf, statusFiguresSchema, type StatusFigures } from './status-figures.js';

/** What the integrations list shows of an integration's connections. */
export interface ListFigures {
  /** Connections not deleted. */
  count: number;
  /** The newest `lastActiveAt` of any of its connections (deleted ones included), if it has any. */
  lastActiveAt?: string;
}

export const listFiguresSchema = z.object({ count: z.number().int().min(0), lastActiveAt: z.string().optional() });

/**
 * The stored list figures (`connection-summaries.json`, beside the connections folder, not in it).
 * `stamp` is the connections folder's modification time when the document was written: any shard
 * written, added or deleted since then changes it, and the document is then not trusted.
 */
export const connectionSummariesDocSchema = z.object({
  stamp: z.string().optional(),
  integrations: z.record(z.string(), listFiguresSchema),
});
export type ConnectionSummariesDoc = z.infer<typeof connectionSummariesDocSchema>;
export const emptyConnectionSummariesDoc = (): ConnectionSummariesDoc => ({ integrations: {} });

/**
 * The stored status figures (`connection-status.json`), stamped the same way. A document of its own:
 * the first integrations list does not parse them (4 MB at 10,000 integrations), and the tray, the
 * header and the notifications read them once, when they first need them. Entries are checked one by
 * one when first used; one that does not parse is computed from its shard instead.
 */
export const connectionStatusDocSchema = z.object({
  stamp: z.string().optional(),
  integrations: z.record(z.string(), z.unknown()),
});
export type ConnectionStatusDoc = z.infer<typeof connectionStatusDocSchema>;
export const emptyConnectionStatusDoc = (): ConnectionStatusDoc => ({ integrations: {} });

/** One integration's list figures, from its connections. */
export function listFiguresOf(connections: readonly ConnectionRecord[]): ListFigures {
  let count = 0;
  let lastActiveAt: string | undefined;
  for (const c of connections) {
    if (c.status !== 'deleted') count += 1;
    if (!lastActiveAt || c.lastActiveAt > lastActiveAt) lastActiveAt = c.lastActiveAt;
  }
  return lastActiveAt ? { count, lastActiveAt } : { count };
}

export interface ConnectionSummariesDeps {
  store: DocStore<ConnectionSummariesDoc>;
  /** Opens the status figures' document (`connection-status.json`); called when they are first needed. */
  statusStore(): DocStore<ConnectionStatusDoc>;
  /** The connections folder (`<dataDir>/connections`). */
  folder: string;
  /** An integration's connections, opening its shard (which reports back through `loaded`). */
  connectionsOf(integrationId: string): readonly ConnectionRecord[];
  now?(): number;
  /** Default: an unref'd timer. */
  schedule?: Schedule;
}

/**
 * Changes closer together than this are written once (a refresh storm, a keep-alive sweep and the local
 * API's activity marks rewrite many shards; the documents are megabytes at 10,000 integrations). They
 * are also written at quit. Written late costs nothing but speed: a crash after a shard write makes them
 * stale whatever their age, and the next start then computes the figures from the shards.
 */
const FLUSH_DELAY_MS = 30_000;

export type ConnectionSummaries = ReturnType<typeof createConnectionSummaries>;

/**
 * Each integration's connection count and last activity (the integrations list), and its status figures
 * (the tray's counts, who needs attention, the next expiry), without reading its connections (issue 15):
 * the first `integrations.list` read every connection shard for the first two (942 ms at 10,000
 * integrations), and the tray for the rest (1.8 s at 100,000 connections, at every desktop launch).
 *
 * Correct after a crash without a durable write of their own: the figures are kept in memory (taken
 * from each shard as it is loaded or written, in the same synchronous step as the write) and written to
 * disk in the background and at quit, in two documents stamped with the connections folder's
 * modification time. At start-up a document is trusted only if the folder still has that time;
 * otherwise (a crash after a shard write, a shard restored or copied by hand, another program) each
 * figure is computed again from its shard the first time it is asked for, and the documents are
 * rewritten. So a lost or stale document costs one slow list or tray, never a wrong one. The figures of
 * an integration whose shard is open are always its shard's own.
 */
export function createConnectionSummaries(deps: ConnectionSummariesDeps) {
  const now = deps.now ?? Date.now;
  const stampAtStart = pathStamp(deps.folder)?.stamp ?? 'none';
  /**
   * The list figures, from the stored document if it is trusted. Read at the first use, not at start-up
   * (issue 15: 22 ms at 10,000 integrations, and the start's first rows come from the list head); the
   * folder's stamp it is checked against is the one taken at start-up.
   */
  let listState: { lists: Map<string, ListFigures>; trusted: boolean } | undefined;
  const listStore = (): { lists: Map<string, ListFigures>; trusted: boolean } => {
    if (listState) return listState;
    const stored = deps.store.get();
    const trusted = stored.stamp !== undefined && stored.stamp === stampAtStart;
    listState = { lists: new Map(trusted ? Object.entries(stored.integrations) : []), trusted };
    if (!trusted && Object.keys(stored.integrations).length > 0) changed();
    return listState;
  };
  const statuses = new Map<string, StatusFigures>();
  /** Integrations whose shard was deleted this run: their stored status figures are never written back. */
  const forgotten = new Set<string>();
  /** The status document, once read: its store, and the entries not yet taken into `statuses`. */
  let statusDoc: { store: DocStore<ConnectionStatusDoc>; unread: Map<string, unknown> } | undefined;
  let dirty = false;

  const readStatusDoc = (): NonNullable<typeof statusDoc> => {
    if (statusDoc) return statusDoc;
    const store = deps.statusStore();
    const doc = store.get();
    const fresh = doc.stamp !== undefined && doc.stamp === stampAtStart;
    // Entries of integrations whose figures were computed meanwhile are already in `statuses`.
    const unread = new Map(fresh ? Object.entries(doc.integrations).filter(([id]) => !statuses.has(id) && !forgotten.has(id)) : []);
    statusDoc = { store, unread };
    return statusDoc;
  };

  const storedStatus = (integrationId: string): StatusFigures | undefined => {
    const { unread } = readStatusDoc();
    if (!unread.has(integrationId)) return undefined;
    const parsed = statusFiguresSchema.safeParse(unread.get(integrationId));
    unread.delete(integrationId);
    if (!parsed.success) return undefined;
    statuses.set(integrationId, parsed.data);
    return parsed.data;
  };

  const writes = deferWrites(() => flush(), { delayMs: FLUSH_DELAY_MS, schedule: deps.schedule });
  const changed = (): void => {
    dirty = true;
    writes.changed();
  };

  /** Takes one integration's figures from its connections; `written` when they were just written. */
  const take = (integrationId: string, connections: readonly ConnectionRecord[], written: boolean): void => {
    const list = listFiguresOf(connections);
    const status = statusFiguresOf(connections);
    const { lists } = listStore();
    const knownList = lists.get(integrationId);
    // A shard only read is as the stored status figures have it, unless they were never read or stale.
    const knownStatus = statuses.get(integrationId) ?? (statusDoc || written ? storedStatus(integrationId) : status);
    lists.set(integrationId, list);
    statuses.set(integrationId, status);
    const same = knownList?.count === list.count && knownList.lastActiveAt === list.lastActiveAt && JSON.stringify(knownStatus) === JSON.stringify(status);
    if (!same || written) changed();
  };

  /**
   * Writes both documents, stamped alike; false when the folder changed too recently to stamp it. Both,
   * always: a shard written since the last flush changed the folder's stamp, which makes each document
   * stale, whichever of its figures changed.
   */
  function flush(): boolean {
    if (!dirty) return true;
    const stamp = quietStamp(deps.folder, now());
    if (stamp === undefined) return false;
    const { lists, trusted } = listStore();
    const { store, unread } = readStatusDoc();
    // Stored entries not read this run are kept, except those of integrations no longer listed (deleted).
    const kept = [...unread].filter(([id]) => !trusted || lists.has(id));
    store.update(() => ({ stamp, integrations: { ...Object.fromEntries(kept), ...Object.fromEntries(statuses) } }));
    deps.store.update(() => ({ stamp, integrations: Object.fromEntries(lists) }));
    dirty = false;
    return true;
  }

  /** Figures not kept (or not trusted) are computed from the shard; opening it reports them through `loaded`. */
  const compute = (integrationId: string): void => {
    take(integrationId, deps.connectionsOf(integrationId), false);
    changed();
  };

  return {
    /** An integration's list figures: from memory, else from its shard (opened, then kept). */
    list(integrationId: string): ListFigures {
      if (!listStore().lists.has(integrationId)) compute(integrationId);
      return listStore().lists.get(integrationId)!;
    },

    /** An integration's status figures: from memory or the status document, else from its shard. */
    status(integrationId: string): StatusFigures {
      if (!statuses.has(integrationId) && !storedStatus(integrationId)) compute(integrationId);
      return statuses.get(integrationId)!;
    },

    /** A shard was loaded: its figures, kept (and saved if they differ from the stored ones). */
    loaded(integrationId: string, connections: readonly ConnectionRecord[]): void {
      take(integrationId, connections, false);
    },

    /** A shard was written: its figures, in the same synchronous step. */
    update(integrationId: string, connections: readonly ConnectionRecord[]): void {
      take(integrationId, connections, true);
    },

    /** An integration's shard was deleted. */
    forget(integrationId: string): void {
      listStore().lists.delete(integrationId);
      statuses.delete(integrationId);
      statusDoc?.unread.delete(integrationId);
      forgotten.add(integrationId);
      changed();
    },

    /** Closing: writes the summaries, waiting (briefly) for the folder to be quiet enough to stamp. */
    dispose: (): Promise<void> => writes.dispose(),
  };
}

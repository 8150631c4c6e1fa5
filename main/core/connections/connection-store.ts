import type { ShardOpener, StageableDocStore } from '../domain/doc-store.js';
import type { PreparedWrite } from '../storage/json-store.js';
import { DeskError } from '../support/desk-error.js';
import type { ConnectionRecord, ConnectionsDoc } from './connection-record.js';

export type ConnectionStore = ReturnType<typeof createConnectionStore>;

/**
 * Connections, sharded one small document per integration (`connections/<integrationId>`).
 *
 * A token refresh rewrites only its integration's file, whatever the number of integrations. Shards
 * are opened lazily and kept open; an in-memory index maps connection ids to their integration so that
 * `credentialsFor(connectionId)` does not scan every shard.
 */
export interface ConnectionStoreDeps {
  shards: ShardOpener<ConnectionsDoc>;
  integrationIds(): string[];
  /** A shard was read for the first time in this process (before any write to it). */
  opened?(integrationId: string, connections: readonly ConnectionRecord[]): void;
  /** A shard was written (in the same synchronous step), or deleted (`undefined`). */
  written?(integrationId: string, connections: readonly ConnectionRecord[] | undefined): void;
}

export function createConnectionStore(deps: ConnectionStoreDeps) {
  const opened = new Map<string, StageableDocStore<ConnectionsDoc>>();
  const index = new Map<string, string>();

  const shard = (integrationId: string): StageableDocStore<ConnectionsDoc> => {
    let store = opened.get(integrationId);
    if (!store) {
      store = deps.shards.open(integrationId);
      opened.set(integrationId, store);
      for (const c of store.get().connections) index.set(c.id, integrationId);
      deps.opened?.(integrationId, store.get().connections);
    }
    return store;
  };

  /** Writes one shard and reports it (the summaries follow each write in the same step). */
  const write = (integrationId: string, fn: (doc: ConnectionsDoc) => ConnectionsDoc): ConnectionsDoc => {
    const next = shard(integrationId).update(fn);
    deps.written?.(integrationId, next.connections);
    return next;
  };

  const locate = (connectionId: string, integrationHint?: string): string | undefined => {
    const known = index.get(connectionId);
    if (known) return known;
    // A caller that knows the integration (the local API's keys are scoped to one) opens only its shard.
    if (integrationHint !== undefined) {
      if (!deps.integrationIds().includes(integrationHint)) return undefined;
      shard(integrationHint);
      return index.get(connectionId);
    }
    // Not indexed yet: open the shards not opened so far (each at most once per process).
    for (const integrationId of deps.integrationIds()) {
      if (opened.has(integrationId)) continue;
      shard(integrationId);
      if (index.has(connectionId)) return integrationId;
    }
    return undefined;
  };

  /** A write staged for an integration deleted meanwhile (a sign-in that outlived it) must not bring its shards back. */
  const requireIntegration = (integrationId: string): void => {
    if (!deps.integrationIds().includes(integrationId)) {
      throw new DeskError('NOT_FOUND', 'That integration was deleted, so the sign-in was not saved.');
    }
  };

  const find = (connectionId: string, integrationHint?: string): ConnectionRecord | undefined => {
    const integrationId = locate(connectionId, integrationHint);
    return integrationId ? shard(integrationId).get().connections.find((c) => c.id === connectionId) : undefined;
  };

  return {
    list: (integrationId: string): readonly ConnectionRecord[] => shard(integrationId).get().connections,
    /** The integrations whose shard this process has read so far. */
    loadedIntegrationIds: (): string[] => [...opened.keys()],
    all: (): ConnectionRecord[] => deps.integrationIds().flatMap((id) => shard(id).get().connections),
    find,
    requireIntegration,

    require(connectionId: string): ConnectionRecord {
      const found = find(connectionId);
      if (!found) throw new DeskError('NOT_FOUND', 'That connection does not exist (it may have been removed with its integration).');
      return found;
    },

    insert(record: ConnectionRecord): ConnectionRecord {
      write(record.integrationId, (doc) => ({ connections: [record, ...doc.connections] }));
      index.set(record.id, record.integrationId);
      return record;
    },

    /** Applies `fn` to the current stored record (re-read inside the write, so no update is lost). */
    update(connectionId: string, fn: (record: ConnectionRecord) => ConnectionRecord): ConnectionRecord {
      const integrationId = locate(connectionId);
      if (!integrationId) throw new DeskError('NOT_FOUND', 'That connection does not exist (it may have been removed with its integration).');
      let next: ConnectionRecord | undefined;
      write(integrationId, (doc) => ({
        connections: doc.connections.map((c) => {
          if (c.id !== connectionId) return c;
          next = fn(c);
          return next;
        }),
      }));
      if (!next) throw new DeskError('NOT_FOUND', 'That connection does not exist any more.');
      return next;
    },

    /**
     * Stages the write of one connection for a group commit (issue 15: a sign-in writes its tokens and
     * its record in one durable step, `writeTogether`). `fn` gets the stored record with that id, if
     * any, and returns the one to store; a new id is added first in the list, as `insert` does.
     */
    prepareUpsert(integrationId: string, connectionId: string, fn: (current: ConnectionRecord | undefined) => ConnectionRecord): PreparedWrite<ConnectionRecord> {
      requireIntegration(integrationId);
      let next: ConnectionRecord | undefined;
      const store = shard(integrationId);
      const prepared = store.prepare((doc) => {
        const current = doc.connections.find((c) => c.id === connectionId);
        const record = fn(current);
        next = record;
        return { connections: current ? doc.connections.map((c) => (c.id === connectionId ? record : c)) : [record, ...doc.connections] };
      });
      return {
        file: prepared.file,
        text: prepared.text,
        // Not current once the shard was removed meanwhile (the integration deleted while this write
        // was on its way to disk): the group is then prepared again, and refused above.
        isCurrent: () => prepared.isCurrent() && opened.get(integrationId) === store,
        adopt() {
          const doc = prepared.adopt();
          index.set(connectionId, integrationId);
          deps.written?.(integrationId, doc.connections);
          return next!;
        },
      };
    },

    /**
     * Rewrites one integration's shard in one atomic write and re-indexes it (issue 16: a bundle
     * import adds or replaces connections, and its rollback puts the previous document back).
     */
    replaceShard(integrationId: string, fn: (connections: readonly ConnectionRecord[]) => ConnectionRecord[]): void {
      const store = shard(integrationId);
      for (const c of store.get().connections) index.delete(c.id);
      const next = write(integrationId, (doc) => ({ connections: fn(doc.connections) }));
      for (const c of next.connections) index.set(c.id, integrationId);
    },

    /** Forgets an integration's shard entirely (after its connections were revoked). */
    removeIntegration(integrationId: string): void {
      const store = opened.get(integrationId);
      for (const c of store?.get().connections ?? []) index.delete(c.id);
      opened.delete(integrationId);
      deps.shards.remove(integrationId);
      deps.written?.(integrationId, undefined);
    },
  };
}

import type { PreparedWrite } from '../storage/json-store.js';

/**
 * What the domain needs from a persisted document: read it, and replace it atomically.
 *
 * The storage layer (`main/core/storage`) provides it on top of conf/electron-store; tests of pure rules
 * can use an in-memory one.
 */
export interface DocStore<T> {
  get(): T;
  update(fn: (doc: T) => T): T;
}

/** A store whose writes can also be staged for a group commit (`storage/write-together.ts`). */
export interface StageableDocStore<T> extends DocStore<T> {
  prepare(fn: (doc: T) => T): PreparedWrite<T>;
}

/** A store whose array fields can be appended to in a group commit, checking only the new items (the audit trail). */
export interface AppendableDocStore<T> extends StageableDocStore<T> {
  prepareAppend(key: string, items: readonly unknown[]): PreparedWrite<T>;
}

/** Opens (creating if needed) the small per-item documents the domain shards its data into. */
export interface ShardOpener<T> {
  open(id: string): StageableDocStore<T>;
  remove(id: string): void;
}

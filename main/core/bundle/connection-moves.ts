import type { ConnectionRecord } from '../connections/connection-record.js';
import type { ConnectionSecrets } from '../connections/connection-secrets.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { BundleConnection } from './bundle-format.js';

/** What moving needs from the connection service (its `bundleAccess`). */
export interface MoveAccess {
  store: Pick<ConnectionStore, 'list' | 'update' | 'find'>;
  secrets: Pick<ConnectionSecrets, 'refreshToken' | 'accessToken' | 'forget'>;
  settle(connectionId: string): Promise<void>;
  changed(record: ConnectionRecord): void;
}

export interface PendingMove {
  /** What goes into the bundle: the records as they were (`connected`) and their live tokens. */
  entries: BundleConnection[];
  /** Marks them moved for good: tokens erased here. Call once the bundle is safely delivered. */
  finish(at: string): void;
  /** Puts them back as they were (the export failed or was cancelled); their tokens never left. */
  abort(): void;
}

/**
 * Takes the connected connections of some integrations out of service for a move.
 *
 * A refresh token must live in one place: with rotation, two machines refreshing the same grant make
 * the provider revoke it for both. So, before any token is read, each connection is marked `moved`
 * (durably): the refresher, keep-alive and the local API only act on `connected` ones, so no new
 * refresh can start. Then a refresh already in flight is awaited, so the token read is the newest
 * one. Tokens are erased only when the bundle has been delivered (`finish`); until then `abort` puts
 * everything back.
 */
export async function beginMove(access: MoveAccess, integrationIds: readonly string[], at: string): Promise<PendingMove> {
  const previous: ConnectionRecord[] = [];
  const marked: ConnectionRecord[] = [];
  // Back to `connected`, unless something else (a refresh that found the grant dead) changed it meanwhile.
  const putBack = (before: ConnectionRecord): void => {
    const back = access.store.update(before.id, (current) => (current.status === 'moved' && !current.movedAt ? { ...current, status: before.status } : current));
    access.changed(back);
  };
  const restore = (): void => {
    for (const before of previous) putBack(before);
  };
  try {
    for (const integrationId of integrationIds) {
      for (const record of access.store.list(integrationId)) {
        if (record.status !== 'connected') continue;
        previous.push(record);
        marked.push(access.store.update(record.id, (current) => ({ ...current, status: 'moved', updatedAt: at })));
      }
    }
    await Promise.all(marked.map((record) => access.settle(record.id)));
  } catch (error) {
    restore();
    throw error;
  }

  const entries: BundleConnection[] = [];
  for (const before of previous) {
    // Re-read: a refresh that was in flight may have rotated the token and updated the record.
    const current = access.store.find(before.id) ?? before;
    if (current.status !== 'moved') continue; // the refresh in flight found the grant dead: nothing to move
    const refreshToken = access.secrets.refreshToken(current.integrationId, current.id);
    if (!refreshToken) continue; // nothing to move; it stays as the refresher left it
    const accessToken = access.secrets.accessToken(current.integrationId, current.id);
    entries.push({ record: { ...current, status: 'connected' }, refreshToken, ...(accessToken ? { accessToken } : {}) });
  }

  return {
    entries,
    finish(doneAt) {
      for (const { record } of entries) movedForGood(access, record, doneAt);
      // Connections marked but not exported (no refresh token stored) go back as they were.
      const exported = new Set(entries.map((e) => e.record.id));
      for (const before of previous) if (!exported.has(before.id)) putBack(before);
    },
    abort: restore,
  };
}

/** A connection's move completed: its tokens erased here, the record marked with the date. */
function movedForGood(access: Pick<MoveAccess, 'store' | 'secrets' | 'changed'>, record: ConnectionRecord, doneAt: string): void {
  access.secrets.forget(record.integrationId, record.id);
  const moved = access.store.update(record.id, (current) => {
    const { refreshProblem: _gone, expiresAt: _expiry, expirySource: _source, ...rest } = current;
    return {
      ...rest,
      status: 'moved',
      movedAt: doneAt,
      statusReason: `Moved to another machine on ${doneAt.slice(0, 10)}: its tokens were erased here and it is no longer refreshed.`,
      updatedAt: doneAt,
    };
  });
  access.changed(moved);
}

/**
 * Ends a move that a previous process began and never finished (killed while encrypting or writing
 * the bundle; see `move-journal.ts`): of the connections it marked (`moved` without a date), those in
 * a delivered bundle (`exported`) are moved for good, and all others are put back in service (marked
 * but left out of the bundle, as `finish` puts them back, or the bundle never delivered).
 */
export function endInterruptedMove(
  access: Pick<MoveAccess, 'store' | 'secrets' | 'changed'>,
  integrationIds: readonly string[],
  exported: ReadonlySet<string>,
  at: string,
): void {
  for (const integrationId of integrationIds) {
    for (const record of access.store.list(integrationId)) {
      if (record.status !== 'moved' || record.movedAt) continue;
      if (exported.has(record.id)) {
        movedForGood(access, record, at);
      } else {
        access.changed(access.store.update(record.id, (current) => ({ ...current, status: 'connected', updatedAt: at })));
      }
    }
  }
}

import type { RecoveryNotice } from '../../../preload/contract/models.js';

export type { RecoveryNotice };

/** Where stores report that they had to quarantine a damaged file; the UI lists these notices. */
export interface RecoveryLog {
  record(notice: RecoveryNotice): void;
  /** Every notice recorded so far, oldest first (a copy). */
  list(): RecoveryNotice[];
  /** Calls `listener` for each notice recorded from now on; returns an unsubscribe function. */
  subscribe(listener: (notice: RecoveryNotice) => void): () => void;
}

/**
 * Create an in-memory recovery log.
 *
 * A recovery is never silent: the damaged file is kept aside and the admin is told, through
 * `storage.recoveries`, which store was restored and from what. One log per app instance, passed to
 * every store that the composition root opens.
 */
export function createRecoveryLog(): RecoveryLog {
  const notices: RecoveryNotice[] = [];
  const listeners = new Set<(notice: RecoveryNotice) => void>();
  return {
    record(notice) {
      const copy = { ...notice };
      notices.push(copy);
      for (const listener of [...listeners]) listener({ ...copy });
    },
    list: () => notices.map((n) => ({ ...n })),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

import { QUIET_MS } from './file-stamp.js';

/** Runs `fn` after `ms`; returns a cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** An unref'd timer: a pending write never keeps the process alive. */
export const unrefTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface DeferredWrite {
  /** Something the document summarises changed: it is written `delayMs` later (once, for many changes). */
  changed(): void;
  /** Closing: writes it now, waiting briefly for what it summarises to be quiet enough to stamp. */
  dispose(): Promise<void>;
}

/**
 * The write schedule of a document that summarises others and is trusted only while they keep the
 * stamp it was written with (the connection summaries, the integrations list head; issue 15).
 *
 * `write()` returns false when what it summarises changed too recently to be stamped: it is tried again
 * shortly. A write that throws (a full disk, a read-only folder) is tried again after `delayMs`: an
 * unwritten or stale document only makes the next start slower, never wrong, so nothing is reported.
 */
export function deferWrites(write: () => boolean, options: { delayMs: number; schedule?: Schedule }): DeferredWrite {
  const schedule = options.schedule ?? unrefTimer;
  let cancel: (() => void) | undefined;

  const attempt = (): void => {
    cancel = undefined;
    try {
      if (!write()) cancel = schedule(attempt, QUIET_MS);
    } catch {
      cancel = schedule(attempt, options.delayMs);
    }
  };

  return {
    changed() {
      cancel ??= schedule(attempt, options.delayMs);
    },
    async dispose() {
      cancel?.();
      cancel = undefined;
      try {
        for (let tries = 0; tries < 5 && !write(); tries += 1) await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      } catch {
        // As above: the next start computes it again.
      }
    },
  };
}

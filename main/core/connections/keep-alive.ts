/** When keep-alive is off, how often to look whether it was turned on. */
const IDLE_RECHECK_MS = 15 * 60_000;
/**
 * The first interval is worked out this long after start-up, not during it (issue 15): it depends on
 * every integration's offering, and the start reads no integration. Keep-alive intervals are at least
 * 15 minutes, so the first sweep comes at most this much later than it would have.
 */
const FIRST_LOOK_MS = 60_000;

export interface KeepAlive {
  /** Re-reads the interval (after a settings change) and schedules the next sweep from now. */
  reschedule(): void;
  stop(): void;
}

/**
 * Runs `sweep` every keep-alive interval, so idle connections are refreshed before an org's
 * idle-token policy expires them.
 *
 * One unref'd timer (it never keeps the process alive), re-armed after each sweep finishes, so sweeps
 * never overlap; `stop()` clears it for good. The interval is first read `firstLookMs` after start.
 */
export function startKeepAlive(deps: {
  intervalMs(): number;
  sweep(): Promise<void>;
  /** Told of a sweep that failed (it runs on a timer: nothing else would hear of it); the next one comes as planned. */
  failed?(error: unknown): void;
  firstLookMs?: number;
}): KeepAlive {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (): void => {
    clearTimeout(timer);
    if (stopped) return;
    let interval = 0;
    try {
      interval = deps.intervalMs();
    } catch {
      // The integrations it depends on cannot be read (issue 15: read lazily, a newer app's file now
      // fails here, on a timer, instead of at start-up): no sweep, and a look again later.
    }
    timer = setTimeout(() => void tick(interval > 0), interval > 0 ? interval : IDLE_RECHECK_MS);
    timer.unref();
  };

  const tick = async (enabled: boolean): Promise<void> => {
    try {
      if (enabled) await deps.sweep();
    } catch (error) {
      deps.failed?.(error);
    } finally {
      schedule();
    }
  };

  timer = setTimeout(schedule, deps.firstLookMs ?? FIRST_LOOK_MS);
  timer.unref();
  return {
    reschedule: schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

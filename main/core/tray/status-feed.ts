import type { EventName } from '../../../preload/contract/types.js';
import type { StatusHeadline } from '../../../preload/contract/status-models.js';
import type { EventBus } from '../support/event-bus.js';
import type { Logger } from '../support/logger.js';
import { buildTrayModel, type TrayModel } from './tray-model.js';
import type { TraySummary } from './tray-summary.js';

/** Events after which the status may have changed. */
const TRIGGERS: ReadonlySet<EventName> = new Set(['connections.changed', 'integrations.changed', 'security.changed']);

export interface StatusFeedDeps {
  /** Reads the current summary (a pure computation over the stores). */
  read(): TraySummary;
  events: EventBus;
  logger?: Pick<Logger, 'warn'>;
  /** Runs `fn` after `ms`; returns a cancel function. Default: an unref'd timer. */
  schedule?(fn: () => void, ms: number): () => void;
  /** Changes closer together than this are rebuilt once (default 100 ms). */
  coalesceMs?: number;
}

export interface StatusFeed {
  /** The current tray model. */
  model(): TrayModel;
  /** What `status.headline` answers: the tray model's headline and attention list. */
  headline(): StatusHeadline;
  /** Called with each new model (not for changes that leave the model as it was); returns an unsubscribe. */
  subscribe(listener: (model: TrayModel) => void): () => void;
  dispose(): void;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Keeps the tray model current: rebuilds it after every change of connections, integrations or the
 * vault, and announces a new headline with `status.changed`.
 *
 * Runs in both modes: the Electron tray subscribes to it, and browser mode's header receives the same
 * value over the event stream. The summary reads every connection, so the feed is lazy and coalesced:
 * nothing is computed until someone asks (start-up stays as fast with 10,000 integrations), and a
 * burst of changes (a refresh storm) is rebuilt once, while a read always sees the latest state.
 * Listeners and `status.changed` hear only of real changes.
 */
export function createStatusFeed(deps: StatusFeedDeps): StatusFeed {
  const listeners = new Set<(model: TrayModel) => void>();
  const schedule = deps.schedule ?? defaultSchedule;
  const coalesceMs = deps.coalesceMs ?? 100;
  let current: TrayModel | undefined;
  let signature = '';
  let dirty = false;
  let cancel: (() => void) | undefined;

  const rebuild = (): void => {
    dirty = false;
    cancel?.();
    cancel = undefined;
    const summary = safeRead(deps);
    if (!summary) return;
    const next = buildTrayModel(summary);
    const nextSignature = JSON.stringify(next);
    if (current && nextSignature === signature) return;
    const previous = current;
    current = next;
    signature = nextSignature;
    if (!previous) return;
    if (JSON.stringify(next.status) !== JSON.stringify(previous.status)) deps.events.emit('status.changed', next.status);
    for (const listener of [...listeners]) listener(next);
  };

  const ensure = (): TrayModel => {
    if (!current) {
      rebuild();
      current ??= buildTrayModel(emptySummary());
      signature = JSON.stringify(current);
    } else if (dirty) rebuild();
    return current;
  };

  const unsubscribe = deps.events.subscribeAll((name) => {
    // Nobody has looked yet: the first read computes from the stores as they are then.
    if (!TRIGGERS.has(name) || !current) return;
    dirty = true;
    cancel ??= schedule(rebuild, coalesceMs);
  });

  return {
    model: ensure,
    headline: () => ensure().status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      unsubscribe();
      cancel?.();
      cancel = undefined;
      listeners.clear();
    },
  };
}

function safeRead(deps: StatusFeedDeps): TraySummary | undefined {
  try {
    return deps.read();
  } catch (error) {
    // Keep the last good model: a tray that goes blank is worse than one a moment out of date.
    deps.logger?.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'status summary could not be computed');
    return undefined;
  }
}

const emptySummary = (): TraySummary => ({
  connections: { total: 0, byStatus: { connected: 0, expired: 0, revoked: 0, deleted: 0 } },
  attention: [],
  integrations: [],
});

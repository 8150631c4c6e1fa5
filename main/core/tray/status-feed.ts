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
}

export interface StatusFeed {
  /** The current tray model. */
  model(): TrayModel;
  /** What `status.headline` answers: the tray model's headline and attention list. */
  headline(): StatusHeadline;
  /** Called with each new model (not for changes that leave the model as it was); returns an unsubscribe. */
  subscribe(listener: (model: TrayModel) => void): () => void;
  /** Recomputes now; the feed also does so after each relevant event. */
  refresh(): void;
  dispose(): void;
}

/**
 * Keeps the tray model current: rebuilds it after every change of connections, integrations or the
 * vault, and announces a new headline with `status.changed`.
 *
 * Runs in both modes: the Electron tray subscribes to it, and browser mode's header receives the same
 * value over the event stream. Rebuilding is cheap (a pure function of in-memory documents); listeners
 * hear only of real changes, so a burst of refreshes that change nothing visible does not repaint the
 * tray or post events.
 */
export function createStatusFeed(deps: StatusFeedDeps): StatusFeed {
  const listeners = new Set<(model: TrayModel) => void>();
  let current = buildTrayModel(safeRead(deps) ?? emptySummary());
  let signature = JSON.stringify(current);

  const refresh = (): void => {
    const summary = safeRead(deps);
    if (!summary) return;
    const next = buildTrayModel(summary);
    const nextSignature = JSON.stringify(next);
    if (nextSignature === signature) return;
    const headlineChanged = JSON.stringify(next.status) !== JSON.stringify(current.status);
    current = next;
    signature = nextSignature;
    if (headlineChanged) deps.events.emit('status.changed', next.status);
    for (const listener of [...listeners]) listener(next);
  };

  const unsubscribe = deps.events.subscribeAll((name) => {
    if (TRIGGERS.has(name)) refresh();
  });

  return {
    model: () => current,
    headline: () => current.status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    dispose() {
      unsubscribe();
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

import type { Clock } from '../support/clock.js';
import { routeFor } from './desk-route.js';

/** A connection as the notifications see it (the contract's `Connection` fits). */
export interface NotifiableConnection {
  id: string;
  integrationId: string;
  userEmail: string;
  status: 'connected' | 'expired' | 'revoked' | 'deleted' | 'moved'; // moved: issue 16, never notified
  refreshProblem?: { at: string };
}

/** An integration as the notifications see it (the contract's `Integration` fits). */
export interface NotifiableIntegration {
  id: string;
  name: string;
  verification?: { outcome: string };
}

export interface NotifiableState {
  connections: readonly NotifiableConnection[];
  integrations: readonly NotifiableIntegration[];
}

export interface DeskNotification {
  title: string;
  body: string;
  /** The page that clicking the notification opens. */
  route: string;
}

/** One thing worth telling the admin about, identified by what happened to what. */
interface Condition extends DeskNotification {
  key: string;
  integrationId: string;
}

export interface NotifierDeps {
  show(notification: DeskNotification): void;
  /** True while the admin is looking at the window, which then shows the change itself. */
  isWindowFocused(): boolean;
  clock: Clock;
  /** Runs `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
  /** At most one notification per this many milliseconds; later ones are grouped (default 60 s). */
  quietMs?: number;
}

export interface Notifier {
  /** Looks at the current state and notifies about what newly went wrong. */
  observe(state: NotifiableState): void;
  dispose(): void;
}

/**
 * Decides which OS notifications to show: once per event, never once per retry.
 *
 * An event is a condition that starts: a connection becomes expired or revoked, its token refresh
 * starts failing, or the provider rejects an integration's credentials. A condition that goes on (ten
 * failed refreshes in a row, the same rejection seen by every connection) stays one event; only after
 * it ends (reauthorized, refreshed, verified) can the same thing notify again. The first look, at
 * startup, only learns the current state: what was already wrong is in the tray, not news.
 *
 * Conditions that start while the window has focus are not notified: the admin sees them happen (they
 * usually caused them, by revoking or verifying). Notifications are spaced out: when several start
 * within the quiet period (a whole integration's connections failing offline), they are grouped into
 * one. Texts are fixed wording with names and e-mails, never a provider's free-text reason.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const quietMs = deps.quietMs ?? 60_000;
  let active: Set<string> | undefined;
  let pending: Condition[] = [];
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let cancel: (() => void) | undefined;

  const flush = (): void => {
    cancel = undefined;
    // A condition that ended before its turn is no longer news.
    pending = pending.filter((c) => active?.has(c.key));
    if (pending.length === 0) return;
    const group = pending;
    pending = [];
    lastShownAt = deps.clock.now();
    deps.show(group.length === 1 ? strip(group[0]!) : grouped(group));
  };

  return {
    observe(state) {
      const conditions = conditionsOf(state);
      const keys = new Set(conditions.map((c) => c.key));
      if (!active) {
        active = keys;
        return;
      }
      const fresh = conditions.filter((c) => !active!.has(c.key));
      active = keys;
      if (fresh.length === 0 || deps.isWindowFocused()) {
        pending = pending.filter((c) => keys.has(c.key));
        return;
      }
      pending.push(...fresh);
      const wait = lastShownAt + quietMs - deps.clock.now();
      if (wait <= 0) flush();
      else cancel ??= deps.schedule(flush, wait);
    },
    dispose() {
      cancel?.();
      cancel = undefined;
      pending = [];
    },
  };
}

/** Every notifiable condition in `state`, keyed by what happened to what. */
export function conditionsOf(state: NotifiableState): Condition[] {
  const names = new Map(state.integrations.map((i) => [i.id, i.name]));
  const conditions: Condition[] = [];
  for (const i of state.integrations) {
    if (i.verification?.outcome !== 'rejected') continue;
    conditions.push({
      key: `integration:${i.id}:rejected`,
      integrationId: i.id,
      title: 'Credentials rejected',
      body: `The provider refused the Client ID and Client Secret of ${i.name}. Replace the secret and verify the integration again.`,
      route: routeFor({ kind: 'integration', integrationId: i.id }),
    });
  }
  for (const c of state.connections) {
    const who = `${c.userEmail} (${names.get(c.integrationId) ?? 'unknown integration'})`;
    const route = routeFor({ kind: 'connection', integrationId: c.integrationId, connectionId: c.id });
    if (c.status === 'expired') {
      conditions.push({ key: `connection:${c.id}:expired`, integrationId: c.integrationId, title: 'Connection expired', body: `${who} must be reauthorized to work again.`, route });
    } else if (c.status === 'revoked') {
      conditions.push({ key: `connection:${c.id}:revoked`, integrationId: c.integrationId, title: 'Connection revoked', body: `${who} was revoked. Reauthorize it to use it again.`, route });
    } else if (c.status === 'connected' && c.refreshProblem) {
      conditions.push({
        key: `connection:${c.id}:refresh-failing`,
        integrationId: c.integrationId,
        title: 'Token refresh failing',
        body: `The token of ${who} could not be refreshed. Integrations Desk keeps retrying.`,
        route,
      });
    }
  }
  return conditions;
}

/** Several events at once: one notification that opens their integration's page, or the list of all. */
function grouped(conditions: Condition[]): DeskNotification {
  const integrations = new Set(conditions.map((c) => c.integrationId));
  const [only] = integrations;
  const kinds = [...new Set(conditions.map((c) => c.title.toLowerCase()))].join(', ');
  const onlyConnections = conditions.every((c) => c.key.startsWith('connection:'));
  return {
    title: `${conditions.length} items need attention`,
    body: `${kinds.charAt(0).toUpperCase()}${kinds.slice(1)}. Open Integrations Desk to see them.`,
    route:
      integrations.size === 1 && only
        ? routeFor(onlyConnections ? { kind: 'connections', integrationId: only } : { kind: 'integration', integrationId: only })
        : routeFor({ kind: 'home' }),
  };
}

const strip = ({ title, body, route }: Condition): DeskNotification => ({ title, body, route });

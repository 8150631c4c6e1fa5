import { create } from 'zustand';
import type { Connection, ConnectionFlow, FlowState, FlowUpdate, IdentityMismatch } from '../../../preload/contract/connection-models.js';
import type { Result } from '../../../preload/contract/result.js';
import { api } from '../api/client.js';
import { useIntegrations } from './integrations-store.js';
import { toast } from './toast-store.js';

type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface IntegrationConnections {
  /** Every connection but the deleted ones, newest first. */
  items: Connection[];
  /** The tombstones (status `deleted`), listed only under the Deleted filter. */
  deleted: Connection[];
  state: LoadState;
  error?: string;
}

/** The sign-in waiting for the browser (one at a time: the callback port is fixed). */
export interface ActiveFlow {
  flowId: string;
  integrationId: string;
  /** Known in the window that started it; another window only hears `flows.changed`. */
  authorizationUrl?: string;
  callbackUrl?: string;
  expiresAt?: string;
  /** Reauthorize: whose connection is being renewed. */
  reauthorizing?: { connectionId: string; userEmail: string };
  /** The desktop app could not open the system browser: the panel offers the link to copy instead. */
  browserFailed?: boolean;
  /** The provider shows an error page instead of its login page, and what to fix. */
  providerProblem?: { code: string; message: string };
}

/** How the last sign-in ended, for the Connections tab to show until dismissed or a new one starts. */
export interface FlowOutcome {
  flowId: string;
  integrationId: string;
  state: Exclude<FlowState, 'waiting'>;
  message?: string;
  connectionId?: string;
  updatedExisting?: boolean;
  /** A reauthorization returned another user or org: the connection is unchanged, the sign-in held. */
  identityMismatch?: IdentityMismatch;
}

interface ConnectionsState {
  byIntegration: Record<string, IntegrationConnections>;
  flow?: ActiveFlow;
  outcome?: FlowOutcome;
  /** Integrations whose Connections tab is on screen: their failures show there, not as a toast. */
  watching: Record<string, number>;
  load(integrationId: string): Promise<void>;
  /** Re-reads a few connections by id (or the whole list when `ids` is empty or long). */
  refresh(integrationId: string, ids: string[]): Promise<void>;
  upsert(connection: Connection): void;
  /** New Connection, or Reauthorize when `reauthorize` is given; opens the sign-in page in browser mode. */
  start(integrationId: string, reauthorize?: Connection): Promise<Result<ConnectionFlow>>;
  cancel(): Promise<Result<FlowUpdate>>;
  completeManually(redirectUrl: string): Promise<Result<FlowUpdate>>;
  /** Applies one `flows.changed` (or the answer of cancel / completeManually, which says the same). */
  applyFlowUpdate(update: FlowUpdate): void;
  dismissOutcome(): void;
  watch(integrationId: string): () => void;
}

const EMPTY: IntegrationConnections = { items: [], deleted: [], state: 'idle' };

/** Above this many changed ids, one list call is cheaper than one `get` per id. */
const REFRESH_ONE_BY_ONE_LIMIT = 20;

const newestFirst = (a: Connection, b: Connection) => b.connectedAt.localeCompare(a.connectedAt);

/** Flows whose end this window has already announced (the event and a call's answer both report it). */
const announced = new Set<string>();
/** A flow this window replaced by starting a newer one: its "cancelled" is not news. */
const replaced = new Set<string>();

/**
 * Connections per integration and the sign-in in progress, as main last reported them.
 *
 * Kept in sync from `connections.changed` (rows) and `flows.changed` (the sign-in), subscribed once in
 * `app.tsx`, so a sign-in that finishes while the admin is on another page still says how it ended.
 * No token ever reaches this store: the contract carries none.
 */
export const useConnections = create<ConnectionsState>((set, get) => {
  const patch = (integrationId: string, next: Partial<IntegrationConnections>) =>
    set((s) => ({ byIntegration: { ...s.byIntegration, [integrationId]: { ...(s.byIntegration[integrationId] ?? EMPTY), ...next } } }));

  const place = (connection: Connection) => {
    const current = get().byIntegration[connection.integrationId] ?? EMPTY;
    const without = (list: Connection[]) => list.filter((c) => c.id !== connection.id);
    const items = without(current.items);
    const deleted = without(current.deleted);
    if (connection.status === 'deleted') deleted.push(connection);
    else items.push(connection);
    patch(connection.integrationId, { items: items.sort(newestFirst), deleted: deleted.sort(newestFirst) });
  };

  const remove = (integrationId: string, id: string) => {
    const current = get().byIntegration[integrationId] ?? EMPTY;
    patch(integrationId, { items: current.items.filter((c) => c.id !== id), deleted: current.deleted.filter((c) => c.id !== id) });
  };

  const announce = async (update: FlowUpdate, state: FlowOutcome['state']) => {
    if (state === 'completed') {
      const id = update.connectionId;
      const result = id ? await api().connections.get({ id }) : undefined;
      if (result?.ok) {
        place(result.value);
        const who = [result.value.userName, result.value.orgName].filter(Boolean).join(' · ');
        toast(`${update.updatedExisting ? 'Updated' : 'Connected'} ${result.value.userEmail}`, who || undefined);
      } else {
        toast(update.updatedExisting ? 'Connection updated' : 'Connected');
      }
      return;
    }
    if (replaced.has(update.flowId)) return;
    // The tab on screen shows failures itself, in place; elsewhere a toast says how it ended.
    if (get().watching[update.integrationId]) return;
    const title = state === 'timed-out' ? 'Sign-in timed out' : state === 'cancelled' ? 'Sign-in cancelled' : 'Sign-in failed';
    toast(title, update.message && update.message !== 'Cancelled.' ? update.message : undefined, state === 'cancelled' ? 'info' : 'error');
  };

  return {
    byIntegration: {},
    watching: {},

    async load(integrationId) {
      if (get().byIntegration[integrationId]?.state !== 'ready') patch(integrationId, { state: 'loading', error: undefined });
      const [active, deleted] = await Promise.all([
        api().connections.list({ integrationId }),
        api().connections.list({ integrationId, status: 'deleted' }),
      ]);
      if (active.ok && deleted.ok) {
        patch(integrationId, { items: active.value, deleted: deleted.value, state: 'ready', error: undefined });
      } else {
        const failed = !active.ok ? active : !deleted.ok ? deleted : undefined;
        patch(integrationId, { state: 'error', error: failed?.message });
      }
    },

    async refresh(integrationId, ids) {
      const current = get().byIntegration[integrationId];
      if (!current || current.state === 'idle') return;
      if (ids.length === 0 || ids.length > REFRESH_ONE_BY_ONE_LIMIT || current.state !== 'ready') return get().load(integrationId);
      const results = await Promise.all(ids.map(async (id) => [id, await api().connections.get({ id })] as const));
      for (const [id, result] of results) {
        if (result.ok) place(result.value);
        else if (result.code === 'NOT_FOUND') remove(integrationId, id);
      }
    },

    upsert: place,

    async start(integrationId, reauthorize) {
      const previous = get().flow;
      if (previous) replaced.add(previous.flowId);
      set({ outcome: undefined });
      const result = await api().connections.start({ integrationId, ...(reauthorize ? { connectionId: reauthorize.id } : {}) });
      if (!result.ok) {
        if (previous) replaced.delete(previous.flowId);
        return result;
      }
      const flow = result.value;
      if (!announced.has(flow.flowId)) {
        set({
          flow: {
            flowId: flow.flowId,
            integrationId,
            authorizationUrl: flow.authorizationUrl,
            callbackUrl: flow.callbackUrl,
            expiresAt: flow.expiresAt,
            ...(reauthorize ? { reauthorizing: { connectionId: reauthorize.id, userEmail: reauthorize.userEmail } } : {}),
            ...(flow.openFailed ? { browserFailed: true } : {}),
          },
        });
      }
      // Electron has opened the system browser already (or could not: the panel then offers the link);
      // in browser mode the page opens a new tab.
      if (!flow.opened && !flow.openFailed) window.open(flow.authorizationUrl, '_blank', 'noopener,noreferrer');
      return result;
    },

    async cancel() {
      const flow = get().flow;
      if (!flow) return { ok: false, code: 'NOT_FOUND', message: 'No sign-in is waiting.' };
      const result = await api().connections.cancel({ flowId: flow.flowId });
      if (result.ok) get().applyFlowUpdate(result.value);
      else if (result.code === 'NOT_FOUND' && get().flow?.flowId === flow.flowId) set({ flow: undefined });
      return result;
    },

    async completeManually(redirectUrl) {
      const flow = get().flow;
      if (!flow) return { ok: false, code: 'NOT_FOUND', message: 'No sign-in is waiting.' };
      const result = await api().connections.completeManually({ flowId: flow.flowId, redirectUrl });
      if (result.ok) {
        get().applyFlowUpdate(result.value);
      } else if (result.code !== 'VALIDATION') {
        // Anything but a malformed paste ended the sign-in (main says so in `flows.changed` too).
        get().applyFlowUpdate({
          flowId: flow.flowId,
          integrationId: flow.integrationId,
          state: 'failed',
          at: new Date().toISOString(),
          message: result.message,
        });
      }
      return result;
    },

    applyFlowUpdate(update) {
      if (update.state === 'waiting') {
        if (announced.has(update.flowId)) return;
        const current = get().flow;
        if (current?.flowId === update.flowId) {
          if (update.providerProblem) set({ flow: { ...current, providerProblem: update.providerProblem } });
          return;
        }
        // Started in another window (or this one's answer is still on its way): follow it too.
        set({ flow: { flowId: update.flowId, integrationId: update.integrationId, ...(update.providerProblem ? { providerProblem: update.providerProblem } : {}) } });
        return;
      }
      if (announced.has(update.flowId)) return;
      announced.add(update.flowId);
      const state = update.state;
      if (get().flow?.flowId === update.flowId) set({ flow: undefined });
      if (!replaced.has(update.flowId)) {
        set({
          outcome: {
            flowId: update.flowId,
            integrationId: update.integrationId,
            state,
            ...(update.message !== undefined ? { message: update.message } : {}),
            ...(update.connectionId !== undefined ? { connectionId: update.connectionId } : {}),
            ...(update.updatedExisting !== undefined ? { updatedExisting: update.updatedExisting } : {}),
            ...(update.identityMismatch ? { identityMismatch: update.identityMismatch } : {}),
          },
        });
      }
      void announce(update, state);
    },

    dismissOutcome() {
      set({ outcome: undefined });
    },

    watch(integrationId) {
      set((s) => ({ watching: { ...s.watching, [integrationId]: (s.watching[integrationId] ?? 0) + 1 } }));
      return () => set((s) => ({ watching: { ...s.watching, [integrationId]: Math.max(0, (s.watching[integrationId] ?? 1) - 1) } }));
    },
  };
});

/** One integration's connections (and whether they are loaded). */
export const useIntegrationConnections = (integrationId: string): IntegrationConnections =>
  useConnections((s) => s.byIntegration[integrationId] ?? EMPTY);

/**
 * Keeps connections and sign-ins in sync with main; returns the unsubscribe function.
 *
 * A change to an integration's connections also re-reads that integration, whose connection count
 * the detail page's tab shows.
 */
export function syncConnections(): () => void {
  const off1 = api().on('connections.changed', ({ integrationId, ids }) => {
    void useConnections.getState().refresh(integrationId, ids);
    if (useIntegrations.getState().state === 'ready') void useIntegrations.getState().refresh([integrationId]);
  });
  const off2 = api().on('flows.changed', (update) => useConnections.getState().applyFlowUpdate(update));
  return () => {
    off1();
    off2();
  };
}

/** Forgets which flows were announced (tests start from a clean slate). */
export function resetConnectionsForTests(): void {
  announced.clear();
  replaced.clear();
  useConnections.setState({ byIntegration: {}, flow: undefined, outcome: undefined, watching: {} });
}

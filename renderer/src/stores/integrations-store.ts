import { create } from 'zustand';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface IntegrationsState {
  items: Integration[];
  state: LoadState;
  error?: string;
  /**
   * While the first rows are shown and the whole list is on its way (`state` is still 'loading'): how
   * many integrations there are in all.
   */
  total?: number;
  /**
   * Fetches the whole list (first load, or after many changes at once). The first load shows the first
   * rows by name as soon as main has them, then the whole list (issue 15).
   */
  load(): Promise<void>;
  /** Re-fetches a few integrations by id; one that is gone is removed. */
  refresh(ids: string[]): Promise<void>;
  upsert(item: Integration): void;
  remove(id: string): void;
}

/** The load under way, if one is. */
let loading: Promise<void> | undefined;

/** Above this many changed ids, one list call is cheaper than one `get` per id. */
const REFRESH_ONE_BY_ONE_LIMIT = 20;

/**
 * The integrations as main last reported them.
 *
 * Kept in sync from `integrations.changed`: a change to a few integrations re-fetches just those
 * (with 5,000 integrations a full list is megabytes), so every window and browser tab shows the same
 * data without a reload.
 */
export const useIntegrations = create<IntegrationsState>((set, get) => ({
  items: [],
  state: 'idle',
  load() {
    // One load at a time: a change notice or a second screen asking meanwhile gets the same one.
    loading ??= (async () => {
      try {
        if (get().state !== 'ready') set({ state: 'loading', error: undefined });
        if (get().items.length === 0) {
          // The first rows by name come from a small stored page: at 10,000 integrations the whole list
          // takes main tens of milliseconds more, and the window shows rows before it.
          const first = await api().integrations.firstPage();
          if (first.ok && first.value.rows.length === first.value.total) {
            set({ items: first.value.rows, state: 'ready', total: undefined });
            return;
          }
          if (first.ok && get().items.length === 0) set({ items: first.value.rows, total: first.value.total });
        }
        const result = await api().integrations.list();
        if (result.ok) set({ items: result.value, state: 'ready', error: undefined, total: undefined });
        else set({ state: 'error', error: result.message, total: undefined });
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  },
  async refresh(ids) {
    // While the whole list is on its way: these ids once it is here (in browser mode a change notice can
    // overtake the answer it came after).
    const pending = loading;
    if (pending) return pending.then(() => get().refresh(ids));
    if (get().state !== 'ready' || ids.length > REFRESH_ONE_BY_ONE_LIMIT) return get().load();
    const results = await Promise.all(ids.map(async (id) => [id, await api().integrations.get({ id })] as const));
    for (const [id, result] of results) {
      if (result.ok) get().upsert(result.value);
      else if (result.code === 'NOT_FOUND') get().remove(id);
    }
  },
  upsert(item) {
    set((s) => {
      const index = s.items.findIndex((i) => i.id === item.id);
      if (index === -1) return { items: [...s.items, item] };
      const items = s.items.slice();
      items[index] = item;
      return { items };
    });
  },
  remove(id) {
    set((s) => ({ items: s.items.filter((i) => i.id !== id) }));
  },
}));

/** One integration from the store, or undefined while loading or when it does not exist. */
export const useIntegration = (id: string | undefined): Integration | undefined =>
  useIntegrations((s) => (id ? s.items.find((i) => i.id === id) : undefined));

/** Keeps the store in sync with main; returns the unsubscribe function. */
export function syncIntegrations(): () => void {
  void useIntegrations.getState().load();
  return api().on('integrations.changed', ({ ids }) => void useIntegrations.getState().refresh(ids));
}

import { create } from 'zustand';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface IntegrationsState {
  items: Integration[];
  state: LoadState;
  error?: string;
  /** Fetches the whole list (first load, or after many changes at once). */
  load(): Promise<void>;
  /** Re-fetches a few integrations by id; one that is gone is removed. */
  refresh(ids: string[]): Promise<void>;
  upsert(item: Integration): void;
  remove(id: string): void;
}

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
  async load() {
    if (get().state !== 'ready') set({ state: 'loading', error: undefined });
    const result = await api().integrations.list();
    if (result.ok) set({ items: result.value, state: 'ready', error: undefined });
    else set({ state: 'error', error: result.message });
  },
  async refresh(ids) {
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

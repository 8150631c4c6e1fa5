import { create } from 'zustand';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

interface IntegrationsState {
  items: Integration[];
  loaded: boolean;
  error?: string;
  load(): Promise<void>;
  upsert(item: Integration): void;
  remove(id: string): void;
}

/**
 * The integrations as main last reported them.
 *
 * Refreshed on `integrations.changed`, so every window (or browser tab) shows the same list without a
 * reload.
 */
export const useIntegrations = create<IntegrationsState>((set) => ({
  items: [],
  loaded: false,
  async load() {
    const result = await api().integrations.list();
    if (result.ok) set({ items: result.value, loaded: true, error: undefined });
    else set({ loaded: true, error: result.message });
  },
  upsert(item) {
    set((s) => ({ items: s.items.some((i) => i.id === item.id) ? s.items.map((i) => (i.id === item.id ? item : i)) : [...s.items, item] }));
  },
  remove(id) {
    set((s) => ({ items: s.items.filter((i) => i.id !== id) }));
  },
}));

/** Keeps the store in sync with main; returns the unsubscribe function. */
export function syncIntegrations(): () => void {
  void useIntegrations.getState().load();
  return api().on('integrations.changed', () => void useIntegrations.getState().load());
}

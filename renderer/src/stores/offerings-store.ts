import { create } from 'zustand';
import type { Offering } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

interface OfferingsState {
  items: Offering[];
  state: 'idle' | 'loading' | 'ready' | 'error';
  error?: string;
  load(): Promise<void>;
  upsert(item: Offering): void;
  remove(id: string): void;
}

/** Offerings as main last reported them; few, so every change re-reads the whole list. */
export const useOfferings = create<OfferingsState>((set, get) => ({
  items: [],
  state: 'idle',
  async load() {
    if (get().state !== 'ready') set({ state: 'loading', error: undefined });
    const result = await api().offerings.list();
    if (result.ok) set({ items: result.value, state: 'ready', error: undefined });
    else set({ state: 'error', error: result.message });
  },
  upsert(item) {
    set((s) => ({
      items: s.items.some((o) => o.id === item.id) ? s.items.map((o) => (o.id === item.id ? item : o)) : [...s.items, item],
    }));
  },
  remove(id) {
    set((s) => ({ items: s.items.filter((o) => o.id !== id) }));
  },
}));

/**
 * Keeps offerings in sync with main. Integrations changing also re-reads them: each offering shows how
 * many integrations use it, which decides whether it may be deleted.
 */
export function syncOfferings(): () => void {
  const reload = () => void useOfferings.getState().load();
  reload();
  const off1 = api().on('offerings.changed', reload);
  const off2 = api().on('integrations.changed', reload);
  return () => {
    off1();
    off2();
  };
}

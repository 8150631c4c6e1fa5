import { create } from 'zustand';
import type { LocalApiStatus } from '../../../preload/contract/api-key-models.js';
import type { Result } from '../../../preload/contract/result.js';
import { api } from '../api/client.js';

interface LocalApiState {
  status?: LocalApiStatus;
  error?: string;
  load(): Promise<void>;
  setEnabled(enabled: boolean, port?: number | null): Promise<Result<LocalApiStatus>>;
  setRateLimit(perMinute: number): Promise<Result<LocalApiStatus>>;
}

/** The local credentials API's on/off switch, port and rate limit, as main reports them. */
export const useLocalApi = create<LocalApiState>((set) => {
  const apply = (result: Result<LocalApiStatus>) => {
    if (result.ok) set({ status: result.value, error: undefined });
    return result;
  };
  return {
    async load() {
      const result = await api().localApi.status();
      if (result.ok) set({ status: result.value, error: undefined });
      else set({ error: result.message });
    },
    setEnabled: async (enabled, port) => apply(await api().localApi.setEnabled({ enabled, ...(port !== undefined ? { port } : {}) })),
    setRateLimit: async (perMinute) => apply(await api().localApi.setRateLimit({ perMinute })),
  };
});

/** Loads the status once and follows `localApi.changed`; returns the unsubscribe function. */
export function syncLocalApi(): () => void {
  void useLocalApi.getState().load();
  return api().on('localApi.changed', (status) => useLocalApi.setState({ status, error: undefined }));
}

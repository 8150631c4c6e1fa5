import { create } from 'zustand';
import type { DeskSettings } from '../../../preload/contract/connection-models.js';
import type { Result } from '../../../preload/contract/result.js';
import type { Input } from '../../../preload/contract/types.js';
import { api } from '../api/client.js';

interface SettingsState {
  settings?: DeskSettings;
  error?: string;
  load(): Promise<void>;
  update(input: Input<'settings.update'>): Promise<Result<DeskSettings>>;
}

/** The app-wide settings (Callback URL host and port, token lifetime, keep-alive) as main reports them. */
export const useSettings = create<SettingsState>((set) => ({
  async load() {
    const result = await api().settings.get();
    if (result.ok) set({ settings: result.value, error: undefined });
    else set({ error: result.message });
  },
  async update(input) {
    const result = await api().settings.update(input);
    if (result.ok) set({ settings: result.value, error: undefined });
    return result;
  },
}));

/** Loads the settings once and follows `settings.changed`; returns the unsubscribe function. */
export function syncSettings(): () => void {
  void useSettings.getState().load();
  return api().on('settings.changed', (settings) => useSettings.setState({ settings, error: undefined }));
}

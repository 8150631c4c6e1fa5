import { create } from 'zustand';
import type { SecurityStatus } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

interface SecurityState {
  status?: SecurityStatus;
  error?: string;
  /** Recovery notices (by `store` + `at`) the admin has dismissed in this session. */
  dismissed: string[];
  /** Whether the admin hid the advisory (non-blocking) vault banner for this session. */
  advisoryHidden: boolean;
  load(): Promise<void>;
  set(status: SecurityStatus): void;
  dismissRecovery(key: string): void;
  hideAdvisory(): void;
}

/** How secrets are protected, and any store main had to restore: drives the security banner. */
export const useSecurity = create<SecurityState>((set) => ({
  dismissed: [],
  advisoryHidden: false,
  async load() {
    const result = await api().security.status();
    if (result.ok) set({ status: result.value, error: undefined });
    else set({ error: result.message });
  },
  set(status) {
    set({ status, error: undefined });
  },
  dismissRecovery(key) {
    set((s) => ({ dismissed: [...s.dismissed, key] }));
  },
  hideAdvisory() {
    set({ advisoryHidden: true });
  },
}));

export const recoveryKey = (notice: { store: string; at: string }): string => `${notice.store}@${notice.at}`;

/** Keeps the security posture in sync with main (the event carries the new status). */
export function syncSecurity(): () => void {
  void useSecurity.getState().load();
  return api().on('security.changed', (status) => useSecurity.getState().set(status));
}

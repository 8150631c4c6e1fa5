import { create } from 'zustand';
import type { SecurityStatus } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

interface SecurityState {
  status?: SecurityStatus;
  error?: string;
  /** Recovery notices (by `store` + `at`) the admin has dismissed in this session. */
  dismissed: string[];
  /** Whether the admin hid the advisory (non-blocking) vault banner in this window. */
  advisoryHidden: boolean;
  /** Notices dismissed for good (kept in the data folder, `preferences.dismissNotice`). */
  dismissedNotices: string[];
  load(): Promise<void>;
  set(status: SecurityStatus): void;
  dismissRecovery(key: string): void;
  hideAdvisory(): Promise<void>;
}

/**
 * The advisory notice (weaker-than-keyring protection) is dismissed for good, per kind of protection,
 * in the data folder: it only advises, and the sidebar's "Secrets:" chip keeps the protection in view.
 * Notices that need action are never dismissible.
 */
export const advisoryNotice = (protection: string): string => `vault-advisory:${protection}`;

/** How secrets are protected, and any store main had to restore: drives the security banner. */
export const useSecurity = create<SecurityState>((set, get) => ({
  dismissed: [],
  advisoryHidden: false,
  dismissedNotices: [],
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
  async hideAdvisory() {
    set({ advisoryHidden: true });
    const protection = get().status?.vault.protection;
    if (!protection) return;
    const result = await api().preferences.dismissNotice({ notice: advisoryNotice(protection) });
    if (result.ok) set({ dismissedNotices: result.value.dismissedNotices });
  },
}));

export const recoveryKey = (notice: { store: string; at: string }): string => `${notice.store}@${notice.at}`;

/** Keeps the security posture in sync with main (the event carries the new status). */
export function syncSecurity(): () => void {
  void useSecurity.getState().load();
  void api()
    .preferences.get()
    .then((result) => {
      if (result.ok) useSecurity.setState({ dismissedNotices: result.value.dismissedNotices });
    });
  return api().on('security.changed', (status) => useSecurity.getState().set(status));
}

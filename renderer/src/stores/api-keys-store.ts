import { create } from 'zustand';
import type { ApiKey, CreatedApiKey } from '../../../preload/contract/api-key-models.js';
import type { Result } from '../../../preload/contract/result.js';
import { api } from '../api/client.js';

type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface IntegrationKeys {
  items: ApiKey[];
  state: LoadState;
  error?: string;
}

interface ApiKeysState {
  byIntegration: Record<string, IntegrationKeys>;
  /** Fetches one integration's keys (first view, or after `apiKeys.changed`). */
  load(integrationId: string): Promise<void>;
  /**
   * Generates a key. The value comes back to the caller only: it is never put in this store, so it
   * disappears with the dialog that shows it and cannot resurface in another view.
   */
  create(integrationId: string, name: string): Promise<Result<CreatedApiKey>>;
  revoke(key: ApiKey): Promise<Result<ApiKey>>;
}

const EMPTY: IntegrationKeys = { items: [], state: 'idle' };

/**
 * API keys per integration, as main last reported them (never a key's value).
 *
 * Kept in sync from `apiKeys.changed`, which main also sends when usage (last used, request count)
 * is written, so the list's numbers move while scripts use the keys.
 */
export const useApiKeys = create<ApiKeysState>((set, get) => {
  const patch = (integrationId: string, next: Partial<IntegrationKeys>) =>
    set((s) => ({ byIntegration: { ...s.byIntegration, [integrationId]: { ...(s.byIntegration[integrationId] ?? EMPTY), ...next } } }));
  const upsert = (key: ApiKey) => {
    const current = get().byIntegration[key.integrationId]?.items ?? [];
    const index = current.findIndex((k) => k.id === key.id);
    const items = index === -1 ? [key, ...current] : current.map((k) => (k.id === key.id ? key : k));
    patch(key.integrationId, { items });
  };

  return {
    byIntegration: {},
    async load(integrationId) {
      if (get().byIntegration[integrationId]?.state !== 'ready') patch(integrationId, { state: 'loading', error: undefined });
      const result = await api().apiKeys.list({ integrationId });
      if (result.ok) patch(integrationId, { items: result.value, state: 'ready', error: undefined });
      else patch(integrationId, { state: 'error', error: result.message });
    },
    async create(integrationId, name) {
      const result = await api().apiKeys.create({ integrationId, name });
      if (result.ok) upsert(result.value.key);
      return result;
    },
    async revoke(key) {
      const result = await api().apiKeys.revoke({ id: key.id });
      if (result.ok) upsert(result.value);
      return result;
    },
  };
});

/** One integration's keys (and whether they are loaded), loading them on first use. */
export const useIntegrationKeys = (integrationId: string): IntegrationKeys =>
  useApiKeys((s) => s.byIntegration[integrationId] ?? EMPTY);

/** Keeps loaded integrations' keys in sync with main; returns the unsubscribe function. */
export function syncApiKeys(): () => void {
  return api().on('apiKeys.changed', ({ integrationId }) => {
    if (useApiKeys.getState().byIntegration[integrationId]) void useApiKeys.getState().load(integrationId);
  });
}

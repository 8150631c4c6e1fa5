import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiKey, LocalApiStatus } from '../../preload/contract/api-key-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { ApiKeysTab } from '../../renderer/src/pages/detail/api-keys-tab.js';
import { useApiKeys } from '../../renderer/src/stores/api-keys-store.js';
import { useLocalApi } from '../../renderer/src/stores/local-api-store.js';
import { scriptedApi } from './support/scripted-api.js';

const VALUE = `desk_sk_${'Q'.repeat(43)}`;

const integration = (status: Integration['status']): Integration => ({
  id: 'int_1',
  name: 'Acme Production',
  offeringId: 'salesforce-production',
  offeringName: 'Salesforce (production)',
  clientId: '3MVG9',
  scopes: ['api', 'refresh_token'],
  status,
  secret: { set: true, lastReplacedAt: '2026-01-01T00:00:00.000Z' },
  connectionCount: 0,
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  callbackUrl: 'http://127.0.0.1:47615/oauth/callback',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const localApi: LocalApiStatus = {
  enabled: true, running: true, host: '127.0.0.1', port: 47616, portFromEnv: false, baseUrl: 'http://127.0.0.1:47616', rateLimitPerMinute: 100,
};

const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'key_1', integrationId: 'int_1', name: 'Nightly sync', publicKey: 'desk_pk_AAAAAAAAAAAAAAAAAAAAAA', status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z', requestCount: 1234, ...over,
});

beforeEach(() => {
  useApiKeys.setState({ byIntegration: {} });
  useLocalApi.setState({ status: undefined, error: undefined });
});

describe('the API Keys tab', () => {
  it('generates a key and shows its value exactly once, with its public key', async () => {
    let keys: ApiKey[] = [];
    const scripted = scriptedApi({
      'apiKeys.list': () => ok(keys),
      'apiKeys.create': (input) => {
        const created = key({ name: (input as { name: string }).name, requestCount: 0 });
        keys = [created];
        return ok({ key: created, value: VALUE });
      },
      'localApi.status': () => ok(localApi),
    });
    setApi(scripted.api);
    const user = userEvent.setup();
    render(<ApiKeysTab integration={integration('configured')} />);

    expect(await screen.findByText('No API keys yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Generate API key/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(within(dialog).getByText('API Key Name is required')).toBeTruthy();
    expect(scripted.calls.some((c) => c.channel === 'apiKeys.create')).toBe(false);

    await user.type(within(dialog).getByLabelText(/API Key Name/), 'Nightly sync');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(await within(dialog).findByText('Copy your API key now')).toBeTruthy();
    expect(within(dialog).getByLabelText<HTMLInputElement>('API key').value).toBe(VALUE);
    expect(within(dialog).getByLabelText<HTMLInputElement>('Public key').value).toBe('desk_pk_AAAAAAAAAAAAAAAAAAAAAA');
    expect(within(dialog).getByRole('button', { name: 'Copy API key' })).toBeTruthy();
    expect(scripted.calls.find((c) => c.channel === 'apiKeys.create')?.input).toEqual({ integrationId: 'int_1', name: 'Nightly sync' });

    // Never copied: closing asks first, since the value cannot be shown again.
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(within(dialog).getByText('Close without copying?')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Close without copying' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The list shows the key, and the value is gone from the page and from every store.
    expect(await screen.findByRole('rowheader', { name: 'Nightly sync' })).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(VALUE);
    expect(JSON.stringify(useApiKeys.getState())).not.toContain(VALUE);
  });

  it('lists name, public key, usage, and revokes after a confirmation', async () => {
    let current = key({ lastUsedAt: '2026-01-02T00:00:00.000Z' });
    const scripted = scriptedApi({
      'apiKeys.list': () => ok([current]),
      'apiKeys.revoke': () => {
        current = key({ status: 'revoked', revokedAt: '2026-01-03T00:00:00.000Z' });
        return ok(current);
      },
      'localApi.status': () => ok(localApi),
    });
    setApi(scripted.api);
    const user = userEvent.setup();
    render(<ApiKeysTab integration={integration('configured')} />);

    const row = (await screen.findByRole('rowheader', { name: 'Nightly sync' })).closest('tr')!;
    expect(within(row).getByText('desk_pk_AAAAAAAAAAAAAAAAAAAAAA')).toBeTruthy();
    expect(within(row).getByText('1,234')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Revoke Nightly sync' }));
    const confirm = await screen.findByRole('alertdialog');
    expect(within(confirm).getByText(/cannot be undone/)).toBeTruthy();
    expect(scripted.calls.some((c) => c.channel === 'apiKeys.revoke')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(within(row).getByText('Revoked')).toBeTruthy());
    expect(scripted.calls.find((c) => c.channel === 'apiKeys.revoke')?.input).toEqual({ id: 'key_1' });
  });

  it('disables Generate for a draft integration and says why', async () => {
    setApi(scriptedApi({ 'apiKeys.list': () => ok([]), 'localApi.status': () => ok({ ...localApi, running: false, enabled: false }) }).api);
    render(<ApiKeysTab integration={integration('draft')} />);
    const button = await screen.findByRole('button', { name: /Generate API key/ });
    expect(button.hasAttribute('disabled')).toBe(true);
    const reason = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(reason?.textContent).toMatch(/Verify the credentials first/);
    expect(await screen.findByText(/The local API is off/)).toBeTruthy();
  });
});

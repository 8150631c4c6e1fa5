import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityStatus, VaultStatus } from '../../preload/contract/models.js';
import { ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { SecurityBanner } from '../../renderer/src/components/security-banner.js';
import { Sidebar } from '../../renderer/src/components/sidebar.js';
import { syncSecurity, useSecurity } from '../../renderer/src/stores/security-store.js';
import { scriptedApi } from './support/scripted-api.js';

const KEYRING = 'the Secret Service keyring (GNOME Keyring or compatible)';
const ready: VaultStatus = {
  backend: 'gnome_libsecret',
  protection: 'os',
  state: 'ready',
  weakAccepted: false,
  message: `Secrets are encrypted with a key held by ${KEYRING}.`,
};
const status = (vault: Partial<VaultStatus>): SecurityStatus => ({ vault: { ...ready, ...vault }, recoveries: [] });
const KEY_MISSING =
  'The key that encrypted the saved secrets is missing or different (was vault.key deleted or replaced?). Restore the original vault.key (or keyring entry) and restart; nothing new is saved until then.';

let unsync: (() => void) | undefined;
beforeEach(() => useSecurity.setState({ status: undefined, error: undefined, dismissed: [], advisoryHidden: false }));
afterEach(() => {
  unsync?.();
  unsync = undefined;
  setApi(undefined);
});

function renderWith(script: Parameters<typeof scriptedApi>[0]) {
  const scripted = scriptedApi(script);
  setApi(scripted.api);
  unsync = syncSecurity();
  render(
    <MemoryRouter>
      <SecurityBanner />
      <Sidebar />
    </MemoryRouter>,
  );
  return scripted;
}

describe('security banner', () => {
  it('offers to re-encrypt browser mode’s secrets with the desktop key store, and the offer goes once done', async () => {
    const offered = status({ reencrypt: { from: 'the key file (vault.key)', to: KEYRING } });
    const scripted = renderWith({
      'security.status': () => ok(offered),
      'security.reencrypt': () => ok(status({})),
    });
    const banner = await screen.findByRole('region', { name: 'Some secrets still use browser mode’s key' });
    expect(banner.textContent).toContain('encrypted with the key file (vault.key)');
    await userEvent.click(within(banner).getByRole('button', { name: `Re-encrypt with ${KEYRING}` }));
    expect(scripted.calls.map((c) => c.channel)).toContain('security.reencrypt');
    expect(screen.queryByRole('region', { name: 'Some secrets still use browser mode’s key' })).toBeNull();
  });

  it('shows a missing key as a danger, with the recovery message and no action that would save anything', async () => {
    const scripted = renderWith({ 'security.status': () => ok(status({ backend: 'key-file', protection: 'key-file' })) });
    await screen.findByText('Secrets: Key file');
    act(() => scripted.emit('security.changed', status({ backend: 'key-file', protection: 'key-file', state: 'key-missing', message: KEY_MISSING })));
    const banner = screen.getByRole('region', { name: 'The vault key is missing' });
    expect(banner.className).toContain('danger');
    expect(banner.textContent).toContain(KEY_MISSING);
    expect(within(banner).queryByRole('button')).toBeNull();
    // Not mistaken for an advisory about the key file it can no longer use.
    expect(screen.queryByRole('region', { name: 'Secrets are protected by a key file' })).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Main' }).textContent).toContain('Secrets: Key missing');
  });

  it('tells browser mode what to do about secrets only the desktop app can open', async () => {
    const message =
      'Some secrets were saved by the desktop app under the macOS Keychain; open them in the desktop app, or set a vault passphrase there: a passphrase works in both modes.';
    renderWith({ 'security.status': () => ok(status({ desktopOnly: { keyStore: 'the macOS Keychain', message } })) });
    const banner = await screen.findByRole('region', { name: 'Some secrets can only be opened in the desktop app' });
    expect(banner.textContent).toContain(message);
  });
});

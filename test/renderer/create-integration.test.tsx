import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { err, ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { App } from '../../renderer/src/app.js';
import { useIntegrations } from '../../renderer/src/stores/integrations-store.js';
import { useOfferings } from '../../renderer/src/stores/offerings-store.js';
import { scriptedApi } from './support/scripted-api.js';

const TYPED_SECRET = 'typed-consumer-secret-7f3a';

function openApp(path: string) {
  window.history.pushState(null, '', path);
  return render(<App />);
}

/** The inline error tied to a control through aria-describedby, or undefined. */
function describedError(control: HTMLElement): string | undefined {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)).find((el) => el?.hasAttribute('data-field-error'))?.textContent ?? undefined;
}

beforeEach(() => {
  useIntegrations.setState({ items: [], state: 'idle', error: undefined });
  useOfferings.setState({ items: [], state: 'idle', error: undefined });
});

describe('the create form', () => {
  it('shows main’s field errors next to their fields and keeps everything typed', async () => {
    const scripted = scriptedApi({
      'integrations.create': () =>
        err('VALIDATION', 'Please correct 2 fields.', {
          name: 'An integration named "Acme" already exists',
          offeringId: 'Choose an Integration Offering',
        }),
    });
    setApi(scripted.api);
    const user = userEvent.setup();
    openApp('/oauth/create');

    const name = await screen.findByLabelText(/Integration Name/);
    await user.type(name, 'Acme');
    await user.type(screen.getByLabelText(/Client ID/), '3MVG9-client');
    await user.type(screen.getByLabelText(/Client Secret/), TYPED_SECRET);
    await user.click(screen.getByRole('button', { name: 'Create Integration' }));

    await waitFor(() => expect(describedError(screen.getByLabelText(/Integration Name/))).toBe('An integration named "Acme" already exists'));
    expect(describedError(screen.getByLabelText(/Integration Offering/))).toBe('Choose an Integration Offering');
    expect(describedError(screen.getByLabelText(/Client ID/))).toBeUndefined();
    expect(screen.getByLabelText(/Integration Name/).getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelectorAll('[data-field-error]')).toHaveLength(2);

    // Nothing typed is lost, the secret included (the admin fixes the name, not the whole form).
    expect(screen.getByLabelText<HTMLInputElement>(/Integration Name/).value).toBe('Acme');
    expect(screen.getByLabelText<HTMLInputElement>(/Client ID/).value).toBe('3MVG9-client');
    expect(screen.getByLabelText<HTMLInputElement>(/Client Secret/).value).toBe(TYPED_SECRET);
    expect(window.location.pathname).toBe('/oauth/create');

    // Main received exactly what was typed.
    const create = scripted.calls.find((c) => c.channel === 'integrations.create');
    expect(create?.input).toEqual({ name: 'Acme', offeringId: '', clientId: '3MVG9-client', clientSecret: TYPED_SECRET, scopes: [] });

    // Editing a field clears its message.
    await user.type(screen.getByLabelText(/Integration Name/), ' 2');
    expect(describedError(screen.getByLabelText(/Integration Name/))).toBeUndefined();
  });

  it('shows a failure without field messages as a form message, keeping the form', async () => {
    setApi(scriptedApi({ 'integrations.create': () => err('VAULT_LOCKED', 'The vault is locked. Enter the vault passphrase to use saved secrets.') }).api);
    const user = userEvent.setup();
    openApp('/oauth/create');
    await user.type(await screen.findByLabelText(/Integration Name/), 'Acme');
    await user.type(screen.getByLabelText(/Client Secret/), TYPED_SECRET);
    await user.click(screen.getByRole('button', { name: 'Create Integration' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The vault is locked');
    expect(screen.getByLabelText<HTMLInputElement>(/Client Secret/).value).toBe(TYPED_SECRET);
  });

  it('on success clears the secret, opens the new integration and says so', async () => {
    const created: Integration = {
      id: 'int_new',
      name: 'Acme',
      offeringId: 'salesforce-production',
      offeringName: 'Salesforce (production)',
      clientId: '3MVG9-client',
      scopes: ['api', 'refresh_token'],
      status: 'draft',
      secret: { set: true, lastReplacedAt: '2026-11-29T10:00:00.000Z' },
      connectionCount: 0,
      lastActivityAt: '2026-11-29T10:00:00.000Z',
      callbackUrl: 'http://127.0.0.1:47615/oauth/callback',
      createdAt: '2026-11-29T10:00:00.000Z',
      updatedAt: '2026-11-29T10:00:00.000Z',
    };
    setApi(scriptedApi({ 'integrations.create': () => ok(created) }).api);
    const user = userEvent.setup();
    openApp('/oauth/create');
    await user.type(await screen.findByLabelText(/Integration Name/), 'Acme');
    await user.type(screen.getByLabelText(/Client Secret/), TYPED_SECRET);
    await user.click(screen.getByRole('button', { name: 'Create Integration' }));

    await screen.findByRole('heading', { level: 1, name: 'Acme' });
    expect(window.location.pathname).toBe('/oauth/int_new');
    expect(within(document.querySelector<HTMLElement>('.detail-header')!).getByText('Draft')).toBeTruthy();
    expect(await screen.findByText('Integration created')).toBeTruthy();
    expect(document.documentElement.outerHTML).not.toContain(TYPED_SECRET);
    for (const input of Array.from(document.querySelectorAll('input'))) expect(input.value).not.toBe(TYPED_SECRET);
  });
});

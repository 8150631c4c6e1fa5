import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskSettings } from '../../preload/contract/connection-models.js';
import { err, ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { SettingsPage } from '../../renderer/src/pages/settings-page.js';
import { useLocalApi } from '../../renderer/src/stores/local-api-store.js';
import { syncSettings, useSettings } from '../../renderer/src/stores/settings-store.js';
import { scriptedApi } from './support/scripted-api.js';

const shape = (host: string, port: number) => `http://${host}:${port}/oauth/callback/<integration id>`;
const base: DeskSettings = {
  callbackHost: 'auto',
  callbackPort: 47615,
  callbackPortFromEnv: false,
  callbackUrl: shape('localhost', 47615),
  callbackUrls: { salesforce: shape('localhost', 47615), generic: shape('127.0.0.1', 47615) },
  assumedTokenLifetimeMinutes: 120,
  keepAliveMinutes: 720,
};

const localApi = { enabled: false, running: false, host: '127.0.0.1', port: 47616, portFromEnv: false, baseUrl: 'http://127.0.0.1:47616', rateLimitPerMinute: 100 };

beforeEach(() => {
  useSettings.setState({ settings: undefined, error: undefined });
  useLocalApi.setState({ status: undefined, error: undefined });
});

function renderPage(script: Parameters<typeof scriptedApi>[0]) {
  const scripted = scriptedApi({ 'localApi.status': () => ok(localApi), ...script });
  setApi(scripted.api);
  syncSettings();
  render(
    <MemoryRouter initialEntries={['/settings']}>
      <SettingsPage />
    </MemoryRouter>,
  );
  return scripted;
}

describe('the Settings page', () => {
  it('tests a candidate port before saving and says which process holds it', async () => {
    const scripted = renderPage({
      'settings.get': () => ok(base),
      'settings.testCallback': (input) => {
        const { callbackPort } = input as { callbackPort: number };
        return ok({
          callbackUrl: `http://localhost:${callbackPort}/oauth/callback`,
          free: false,
          message: `Port ${callbackPort} is in use by another program.`,
          owner: { pid: 4242, command: 'node' },
        });
      },
      'settings.update': (input) => {
        const next = { ...base, ...(input as Partial<DeskSettings>) };
        const host = next.callbackHost === 'auto' ? 'localhost' : next.callbackHost;
        return ok({ ...next, callbackUrl: shape(host, next.callbackPort), callbackUrls: { salesforce: shape(host, next.callbackPort), generic: shape(host, next.callbackPort) } });
      },
    });
    const user = userEvent.setup();
    const port = await screen.findByLabelText('Callback port');
    expect((port as HTMLInputElement).value).toBe('47615');
    expect((screen.getByRole('radio', { name: /Follow the provider/ }) as HTMLButtonElement).getAttribute('aria-checked')).toBe('true');
    await user.click(screen.getByRole('radio', { name: /Always localhost/ }));
    await user.clear(port);
    await user.type(port, '50123');
    expect(screen.getByText(/After saving it becomes http:\/\/localhost:50123\/oauth\/callback\/<integration id>/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Test callback URL' }));
    expect(await screen.findByText(/Port 50123 is in use by another program/)).toBeTruthy();
    expect(screen.getByText('node')).toBeTruthy();
    expect(screen.getByText(/process 4242/)).toBeTruthy();
    expect(scripted.calls.find((c) => c.channel === 'settings.testCallback')?.input).toEqual({ callbackHost: 'localhost', callbackPort: 50123 });
    // Nothing was saved by testing.
    expect(scripted.calls.some((c) => c.channel === 'settings.update')).toBe(false);

    await user.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Callback URL' }) as HTMLInputElement).value).toBe(shape('localhost', 50123)));
    expect(scripted.calls.find((c) => c.channel === 'settings.update')?.input).toEqual({ callbackHost: 'localhost', callbackPort: 50123 });
  });

  it('shows a port fixed by DESK_CALLBACK_PORT as such, and maps field errors from main', async () => {
    renderPage({
      'settings.get': () => ok({ ...base, callbackPort: 50000, callbackPortFromEnv: true, callbackUrl: shape('localhost', 50000) }),
      'settings.update': () => err('VALIDATION', 'Check the highlighted fields', { keepAliveMinutes: 'Use at least 15 minutes, or 0 to turn keep-alive off' }),
    });
    const user = userEvent.setup();
    const port = await screen.findByLabelText('Callback port');
    expect((port as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Set by DESK_CALLBACK_PORT')).toBeTruthy();
    expect(screen.getByText(/Fixed to 50000 by the DESK_CALLBACK_PORT environment variable/)).toBeTruthy();

    const keepAlive = screen.getByLabelText('Keep-alive interval (minutes)');
    await user.clear(keepAlive);
    await user.type(keepAlive, '10');
    await user.click(screen.getAllByRole('button', { name: 'Save' })[1]!);
    expect(await screen.findByText('Use at least 15 minutes, or 0 to turn keep-alive off')).toBeTruthy();
    expect(keepAlive.getAttribute('aria-invalid')).toBe('true');
  });
});

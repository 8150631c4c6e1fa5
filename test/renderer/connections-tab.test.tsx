import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connection, FlowUpdate, HealthReport } from '../../preload/contract/connection-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { err, ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { Toaster } from '../../renderer/src/components/toaster.js';
import { ConnectionsTab } from '../../renderer/src/pages/detail/connections-tab.js';
import { resetConnectionsForTests, syncConnections } from '../../renderer/src/stores/connections-store.js';
import { useOfferings } from '../../renderer/src/stores/offerings-store.js';
import { useToasts } from '../../renderer/src/stores/toast-store.js';
import { scriptedApi, type ScriptedApi } from './support/scripted-api.js';

const integration = (status: Integration['status'] = 'configured'): Integration => ({
  id: 'int_1',
  name: 'Acme Production',
  offeringId: 'salesforce-production',
  offeringName: 'Salesforce (production)',
  clientId: '3MVG9',
  scopes: ['api', 'refresh_token'],
  status,
  secret: { set: true, lastReplacedAt: '2026-01-01T00:00:00.000Z' },
  connectionCount: 0,
  callbackUrl: 'http://127.0.0.1:47615/oauth/callback',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const hour = 3600_000;
const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 'conn_alice',
  integrationId: 'int_1',
  userEmail: 'alice@acme.test',
  userName: 'Alice Admin',
  userId: '005A',
  orgId: '00DACME',
  orgName: 'Acme Inc',
  instanceUrl: 'https://acme.my.salesforce.com',
  environment: 'production',
  status: 'connected',
  scopes: ['api', 'refresh_token'],
  connectedAt: new Date(Date.now() - 2 * hour).toISOString(),
  lastActiveAt: new Date(Date.now() - 60_000).toISOString(),
  expiresAt: new Date(Date.now() + hour).toISOString(),
  expirySource: 'introspected',
  ...over,
});

const bob = () =>
  connection({
    id: 'conn_bob',
    userEmail: 'bob@globex.test',
    userName: 'Bob Builder',
    orgId: '00DGLOBEX',
    orgName: 'Globex',
    environment: 'sandbox',
    status: 'expired',
    statusReason: 'The provider refused the refresh token (invalid_grant): reauthorize.',
    connectedAt: new Date(Date.now() - 5 * hour).toISOString(),
    expirySource: 'assumed',
  });

const carol = () =>
  connection({ id: 'conn_carol', userEmail: 'carol@acme.test', userName: 'Carol', status: 'deleted', deletedAt: new Date().toISOString() });

// jsdom does no layout, so every element measures 0×0 and the virtualiser would show no row: give the
// table (the scroll container) the size it has in a 1280×800 window.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
const clientWidth = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth')!;
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('conn-table') ? 560 : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'clientWidth', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('conn-table') ? 980 : 0;
    },
  });
});
afterAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
  Object.defineProperty(Element.prototype, 'clientWidth', clientWidth);
});

let scripted: ScriptedApi;
let rows: Connection[];
let tombstones: Connection[];
let opened: string[];

function setup(script: Parameters<typeof scriptedApi>[0] = {}) {
  scripted = scriptedApi({
    'connections.list': (input) => ok((input as { status?: string } | undefined)?.status === 'deleted' ? tombstones : rows),
    'connections.get': (input) => {
      const found = [...rows, ...tombstones].find((c) => c.id === (input as { id: string }).id);
      return found ? ok(found) : err('NOT_FOUND', 'That connection does not exist.');
    },
    ...script,
  });
  setApi(scripted.api);
}

function renderTab(status: Integration['status'] = 'configured', path = '/oauth/int_1?tab=connections') {
  const stop = syncConnections();
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <ConnectionsTab integration={integration(status)} />
      <Toaster />
    </MemoryRouter>,
  );
  return { ...view, stop };
}

const flowUpdate = (over: Partial<FlowUpdate>): FlowUpdate => ({ flowId: 'flow_1', integrationId: 'int_1', state: 'waiting', at: new Date().toISOString(), ...over });

beforeEach(() => {
  resetConnectionsForTests();
  useOfferings.setState({ items: [], state: 'idle', error: undefined });
  useToasts.setState({ toasts: [] });
  rows = [connection(), bob()];
  tombstones = [carol()];
  opened = [];
  vi.spyOn(window, 'open').mockImplementation((url) => {
    opened.push(String(url));
    return null;
  });
});

afterEach(() => vi.restoreAllMocks());

describe('the Connections tab', () => {
  it('lists connections with user, org, environment, status, its reason in plain words and expiry; deleted ones only under their filter', async () => {
    setup();
    const user = userEvent.setup();
    renderTab();

    const table = await screen.findByRole('table', { name: 'Connections' });
    const alice = within(table).getByRole('row', { name: /alice@acme\.test/ });
    expect(alice.textContent).toContain('Alice Admin');
    expect(alice.textContent).toContain('Acme Inc');
    expect(alice.textContent).toContain('Production');
    expect(alice.textContent).toContain('Connected');
    // Plain words in the row; the expiry's source is in the tooltip and on the connection's page.
    expect(alice.textContent).toContain('renews automatically');
    expect(alice.textContent).not.toContain('introspected');
    expect(alice.textContent).toMatch(/in 1 hour/);
    const bobRow = within(table).getByRole('row', { name: /bob@globex\.test/ });
    expect(bobRow.textContent).toContain('Expired');
    expect(bobRow.textContent).toContain('Salesforce no longer accepts it');
    expect(bobRow.textContent).not.toContain('invalid_grant');
    expect(bobRow.textContent).toContain('Sandbox');
    expect(within(bobRow).getByRole('button', { name: 'Reauthorize bob@globex.test' })).toBeTruthy();
    expect(screen.queryByText('carol@acme.test')).toBeNull();

    const filters = screen.getByRole('search', { name: 'Filter connections' });
    await user.click(within(filters).getByRole('radio', { name: /Expired/ }));
    expect(within(table).queryByRole('row', { name: /alice@acme\.test/ })).toBeNull();
    expect(within(table).getByRole('row', { name: /bob@globex\.test/ })).toBeTruthy();

    await user.click(within(filters).getByRole('radio', { name: /Deleted/ }));
    const deletedRow = await within(screen.getByRole('table', { name: 'Connections' })).findByRole('row', { name: /carol@acme\.test/ });
    expect(deletedRow.textContent).toContain('Deleted');
    expect(within(deletedRow).queryByRole('button')).toBeNull();

    await user.click(within(filters).getByRole('radio', { name: /All/ }));
    await user.type(screen.getByLabelText('Search connections by email'), 'GLOBEX');
    expect(screen.queryByRole('row', { name: /alice@acme\.test/ })).toBeNull();
    expect(screen.getByRole('row', { name: /bob@globex\.test/ })).toBeTruthy();
    expect(screen.getByText('1 of 2')).toBeTruthy();
  });

  it('counts one connection as "1 connection" for a screen reader, not "1 connections"', async () => {
    rows = [connection()];
    setup();
    renderTab();
    await screen.findByRole('table', { name: 'Connections' });
    const count = within(screen.getByRole('search', { name: 'Filter connections' })).getByRole('status');
    expect(count.textContent).toBe('1 connection');
  });

  it('starts a sign-in, opens the authorization URL in a new tab, waits, and toasts the connected user', async () => {
    rows = [];
    tombstones = [];
    setup({
      'connections.start': () =>
        ok({
          flowId: 'flow_1',
          integrationId: 'int_1',
          authorizationUrl: 'http://127.0.0.1:9999/services/oauth2/authorize?client_id=3MVG9',
          callbackUrl: 'http://127.0.0.1:47615/oauth/callback',
          expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
          opened: false,
        }),
      'connections.cancel': () => ok(flowUpdate({ state: 'cancelled', message: 'Cancelled.' })),
    });
    const user = userEvent.setup();
    renderTab();

    expect(await screen.findByText('No connections yet')).toBeTruthy();
    expect(screen.getByText(/Salesforce allows each user five approvals per app/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'New Connection' }));

    expect(await screen.findByRole('heading', { name: 'Waiting for the browser…' })).toBeTruthy();
    expect(opened).toEqual(['http://127.0.0.1:9999/services/oauth2/authorize?client_id=3MVG9']);
    expect(scripted.calls.find((c) => c.channel === 'connections.start')?.input).toEqual({ integrationId: 'int_1' });
    expect(screen.getByText(/^[45]:\d\d$/)).toBeTruthy();
    expect(screen.getByRole('button', { name: /Cancel/ })).toBeTruthy();
    expect(screen.getByText('Browser can’t reach the app?')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Open the sign-in page again/ }).getAttribute('href')).toContain('/services/oauth2/authorize');

    // The provider redirected back: main stored the connection and says so.
    rows = [connection({ connectedAt: new Date().toISOString() })];
    act(() => {
      scripted.emit('connections.changed', { integrationId: 'int_1', ids: ['conn_alice'] });
      scripted.emit('flows.changed', flowUpdate({ state: 'completed', connectionId: 'conn_alice', updatedExisting: false }));
    });
    expect(await screen.findByText('Connected alice@acme.test')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Waiting for the browser…' })).toBeNull());
    expect(await screen.findByRole('row', { name: /alice@acme\.test/ })).toBeTruthy();
  });

  it('says "Updated" when the same user signed in again', async () => {
    setup({
      'connections.start': () =>
        ok({ flowId: 'flow_2', integrationId: 'int_1', authorizationUrl: 'http://127.0.0.1:9/a', callbackUrl: 'http://127.0.0.1:47615/oauth/callback', expiresAt: new Date(Date.now() + 60_000).toISOString(), opened: true }),
    });
    const user = userEvent.setup();
    renderTab();
    const bobRow = await screen.findByRole('row', { name: /bob@globex\.test/ });
    await user.click(within(bobRow).getByRole('button', { name: 'Reauthorize bob@globex.test' }));
    expect(await screen.findByText(/Sign in again as bob@globex\.test/)).toBeTruthy();
    expect(scripted.calls.find((c) => c.channel === 'connections.start')?.input).toEqual({ integrationId: 'int_1', connectionId: 'conn_bob' });
    // Electron opened the system browser itself: the page opens nothing.
    expect(opened).toEqual([]);
    rows = [connection(), { ...bob(), status: 'connected', statusReason: undefined }];
    act(() => scripted.emit('flows.changed', flowUpdate({ flowId: 'flow_2', state: 'completed', connectionId: 'conn_bob', updatedExisting: true })));
    expect(await screen.findByText('Updated bob@globex.test')).toBeTruthy();
  });

  it('offers the sign-in link to copy when the desktop app could not open the browser', async () => {
    const authorizationUrl = 'http://127.0.0.1:9/authorize?client_id=3MVG9&state=s';
    setup({
      'connections.start': () =>
        ok({ flowId: 'flow_3', integrationId: 'int_1', authorizationUrl, callbackUrl: 'http://127.0.0.1:47615/oauth/callback', expiresAt: new Date(Date.now() + 60_000).toISOString(), opened: false, openFailed: true }),
    });
    const user = userEvent.setup();
    renderTab();
    await user.click(await screen.findByRole('button', { name: 'New Connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your browser could not be opened');
    expect((within(alert).getByLabelText('Sign-in link') as HTMLInputElement).value).toBe(authorizationUrl);
    expect(within(alert).getByRole('button', { name: /Copy/ })).toBeTruthy();
    // The sign-in keeps waiting, with the manual paste, and the page does not try to open a window itself.
    expect(screen.getByRole('heading', { name: 'Waiting for the browser…' })).toBeTruthy();
    expect(screen.getByText('Browser can’t reach the app?').closest('details')?.open).toBe(true);
    expect(screen.getByLabelText('Redirect URL')).toBeTruthy();
    expect(opened).toEqual([]);
  });

  it('shows why a sign-in failed (denied), and the manual fallback validates a pasted URL', async () => {
    rows = [];
    tombstones = [];
    setup({
      'connections.start': () =>
        ok({ flowId: 'flow_1', integrationId: 'int_1', authorizationUrl: 'http://127.0.0.1:9/a', callbackUrl: 'http://127.0.0.1:47615/oauth/callback', expiresAt: new Date(Date.now() + 60_000).toISOString(), opened: false }),
      'connections.completeManually': (input) => {
        const { redirectUrl } = input as { redirectUrl: string };
        if (!redirectUrl.includes('/oauth/callback')) {
          return err('VALIDATION', 'That is not the callback address', { redirectUrl: 'That is not the callback address: it starts with http://127.0.0.1:47615/oauth/callback' });
        }
        return err('CANCELLED', "The user denied access on the provider's page, so nothing was stored. Start a new connection to try again.");
      },
    });
    const user = userEvent.setup();
    renderTab();
    await user.click(await screen.findByRole('button', { name: 'New Connection' }));
    await user.click(await screen.findByText('Browser can’t reach the app?'));
    const field = screen.getByLabelText('Redirect URL');
    await user.type(field, 'http://example.test/elsewhere');
    await user.click(screen.getByRole('button', { name: 'Complete sign-in' }));
    expect(await screen.findByText(/That is not the callback address: it starts with/)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('heading', { name: 'Waiting for the browser…' })).toBeTruthy();

    await user.clear(field);
    await user.type(field, 'http://127.0.0.1:47615/oauth/callback?error=access_denied&state=x');
    await user.click(screen.getByRole('button', { name: 'Complete sign-in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed');
    expect(alert.textContent).toContain('The user denied access');
    expect(screen.queryByRole('heading', { name: 'Waiting for the browser…' })).toBeNull();
    expect(screen.getByText('No connections yet')).toBeTruthy();
  });

  it('reports a taken callback port and opens nothing', async () => {
    setup({
      'connections.start': () => err('PORT_IN_USE', 'Port 47615 on 127.0.0.1 is in use by another program (node, process 4242).'),
    });
    const user = userEvent.setup();
    renderTab();
    await user.click(await screen.findByRole('button', { name: 'New Connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The callback port is taken: nothing was opened');
    expect(alert.textContent).toContain('Port 47615 on 127.0.0.1 is in use');
    expect(within(alert).getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('/settings');
    expect(opened).toEqual([]);
    expect(screen.queryByRole('heading', { name: 'Waiting for the browser…' })).toBeNull();
  });

  it('keeps New Connection disabled for a draft, saying why', async () => {
    setup();
    renderTab('draft');
    const button = await screen.findByRole('button', { name: 'New Connection' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBe('new-connection-reason');
    expect(screen.getByText('Verify the credentials first')).toBeTruthy();
  });

  it('tests a connection and shows each step with its result and latency', async () => {
    const report: HealthReport = {
      connectionId: 'conn_alice',
      at: new Date().toISOString(),
      passed: false,
      steps: [
        { step: 'vault', label: 'Stored token decrypts', result: 'passed', latencyMs: 2, message: 'Decrypted.' },
        { step: 'token', label: 'Refresh or introspection', result: 'passed', latencyMs: 143, message: 'Active.' },
        { step: 'identity', label: 'User info answers', result: 'failed', latencyMs: 88, message: 'HTTP 403' },
        { step: 'scopes', label: 'Scopes still granted', result: 'skipped', latencyMs: 0, message: 'Not reached.' },
      ],
    };
    setup({ 'connections.test': () => ok(report) });
    const user = userEvent.setup();
    renderTab();
    const aliceRow = await screen.findByRole('row', { name: /alice@acme\.test/ });
    await user.click(within(aliceRow).getByRole('button', { name: 'Test alice@acme.test' }));
    const dialog = await screen.findByRole('dialog', { name: 'Test alice@acme.test' });
    const steps = await within(dialog).findAllByRole('listitem');
    expect(steps.map((s) => s.getAttribute('data-step'))).toEqual(['vault', 'token', 'identity', 'scopes']);
    expect(steps[1]!.textContent).toContain('143 ms');
    expect(steps[2]!.textContent).toContain('Failed');
    expect(steps[2]!.textContent).toContain('HTTP 403');
    expect(steps[3]!.textContent).toContain('Skipped');
    expect(dialog.textContent).toContain('“User info answers” failed');
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('revokes after a confirmation that names the user, and the row follows connections.changed', async () => {
    setup({
      'connections.revoke': () => {
        rows = [{ ...connection(), status: 'revoked', statusReason: 'Revoked at the provider.' }, bob()];
        return ok(rows[0]!);
      },
    });
    const user = userEvent.setup();
    renderTab();
    const aliceRow = await screen.findByRole('row', { name: /alice@acme\.test/ });
    await user.click(within(aliceRow).getByRole('button', { name: 'More actions for alice@acme.test' }));
    await user.click(await screen.findByRole('menuitem', { name: /Revoke/ }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Revoke alice@acme.test’s connection?' });
    expect(confirm.textContent).toContain('Alice Admin');
    await user.click(within(confirm).getByRole('button', { name: 'Revoke connection' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(screen.getByRole('row', { name: /alice@acme\.test/ }).textContent).toContain('Revoked'));
    expect(await screen.findByText('Revoked alice@acme.test')).toBeTruthy();

    // Another window refreshed bob: the event alone updates the row.
    rows = [rows[0]!, { ...bob(), status: 'connected', statusReason: undefined }];
    act(() => scripted.emit('connections.changed', { integrationId: 'int_1', ids: ['conn_bob'] }));
    await waitFor(() => expect(screen.getByRole('row', { name: /bob@globex\.test/ }).textContent).toContain('Connected'));
  });

  it('virtualises a long list and marks the connection a link points at', async () => {
    rows = Array.from({ length: 2000 }, (_, i) =>
      connection({ id: `conn_${i}`, userEmail: `user${i}@acme.test`, userName: `User ${i}`, connectedAt: new Date(Date.now() - i * 60_000).toISOString() }),
    );
    setup();
    renderTab('configured', '/oauth/int_1?tab=connections&connection=conn_3');
    const table = await screen.findByRole('table', { name: 'Connections' });
    expect(table.getAttribute('aria-rowcount')).toBe('2001');
    const rendered = within(table).getAllByRole('row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    const linked = within(table).getByRole('row', { name: /user3@acme\.test/ });
    expect(linked.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('radio', { name: /All/ }).textContent).toContain('2,000');
  });
});

import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { ok } from '../../preload/contract/result.js';
import { setApi } from '../../renderer/src/api/client.js';
import { App } from '../../renderer/src/app.js';
import { useIntegrations } from '../../renderer/src/stores/integrations-store.js';
import { scriptedApi } from './support/scripted-api.js';

const integration = (i: number): Integration => ({
  id: `int_${i}`,
  name: `Integration ${String(i).padStart(4, '0')}`,
  offeringId: 'salesforce-production',
  offeringName: 'Salesforce (production)',
  clientId: `client-${i}`,
  scopes: ['api', 'refresh_token'],
  status: i % 3 === 0 ? 'configured' : 'draft',
  secret: { set: true, lastReplacedAt: '2026-11-29T10:00:00.000Z' },
  connectionCount: i % 7,
  lastActivityAt: '2026-11-29T10:00:00.000Z',
  callbackUrl: 'http://127.0.0.1:47615/oauth/callback',
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
});

// jsdom does no layout, so every element measures 0×0 and the virtualiser would show no row: give the
// grid (the scroll container) the size it has in a 1280×800 window.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
const clientWidth = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth')!;
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('grid') ? 560 : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'clientWidth', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('grid') ? 980 : 0;
    },
  });
});
afterAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
  Object.defineProperty(Element.prototype, 'clientWidth', clientWidth);
});

beforeEach(() => useIntegrations.setState({ items: [], state: 'idle', error: undefined }));

describe('the integrations list', () => {
  it('renders only a window of rows for 5,000 integrations and narrows them by name and status', async () => {
    const all = Array.from({ length: 5000 }, (_, i) => integration(i));
    setApi(scriptedApi({ 'integrations.list': () => ok(all) }).api);
    window.history.pushState(null, '', '/oauth');
    render(<App />);

    const grid = await screen.findByRole('grid', { name: 'Integrations' });
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    const rendered = within(grid).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Search integrations by name'), '0042');
    expect(grid.getAttribute('aria-rowcount')).toBe('2');
    expect(within(grid).getByRole('row', { name: /Integration 0042/ })).toBeTruthy();

    await user.clear(screen.getByLabelText('Search integrations by name'));
    await user.click(screen.getByRole('radio', { name: /Configured/ }));
    expect(grid.getAttribute('aria-rowcount')).toBe(String(Math.ceil(5000 / 3) + 1));
    expect(screen.getByText('1,667 of 5,000')).toBeTruthy();
  });

  it('follows changes announced by main without a reload', async () => {
    const items = [integration(1)];
    const scripted = scriptedApi({
      'integrations.list': () => ok(items),
      'integrations.get': (input) => ok({ ...integration(1), ...(input as { id: string }), name: 'Renamed elsewhere', status: 'configured' as const }),
    });
    setApi(scripted.api);
    window.history.pushState(null, '', '/oauth');
    render(<App />);
    // The list keeps its filters for the session; the previous test left "Configured" on.
    await userEvent.setup().click(await screen.findByRole('radio', { name: /All/ }));
    await screen.findByRole('row', { name: /Integration 0001/ });
    scripted.emit('integrations.changed', { ids: ['int_1'] });
    expect(await screen.findByRole('row', { name: /Renamed elsewhere/ })).toBeTruthy();
  });

  it('counts one integration as "1 integration", in the list and in the sidebar link', async () => {
    setApi(scriptedApi({ 'integrations.list': () => ok([integration(1)]) }).api);
    window.history.pushState(null, '', '/oauth');
    render(<App />);
    await userEvent.setup().click(await screen.findByRole('radio', { name: /All/ }));
    await screen.findByRole('row', { name: /Integration 0001/ });
    expect(screen.getByText('1 integration', { selector: '.result-count' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: /^Integrations/ }).querySelector('.nav-count')?.getAttribute('aria-label')).toBe('1 integration');
  });
});

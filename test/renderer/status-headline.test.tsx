import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../preload/contract/result.js';
import type { StatusHeadline as Status } from '../../preload/contract/status-models.js';
import { setApi } from '../../renderer/src/api/client.js';
import { StatusHeadline } from '../../renderer/src/components/status-headline.js';
import { scriptedApi } from './support/scripted-api.js';

const healthy: Status = { level: 'ok', headline: 'All 12 connections healthy', tooltip: 'Integrations Desk: All 12 connections healthy', attention: [] };
const failing: Status = {
  level: 'error',
  headline: '1 needs attention',
  tooltip: 'Integrations Desk: 1 needs attention',
  attention: [
    {
      kind: 'integration',
      id: 'acme',
      integrationId: 'acme',
      label: 'Credentials rejected: Acme',
      reason: 'Credentials rejected: the provider refused the Client ID and Client Secret.',
      severity: 'error',
      route: '/oauth/acme',
    },
  ],
};

afterEach(() => setApi(undefined));

describe('status headline', () => {
  it('shows the tray model’s headline', async () => {
    setApi(scriptedApi({ 'status.headline': () => ok(healthy) }).api);
    render(<MemoryRouter><StatusHeadline /></MemoryRouter>);
    expect((await screen.findByRole('status')).textContent).toBe('All 12 connections healthy');
    expect(screen.queryByText(/Needs attention/)).toBeNull();
  });

  it('follows status.changed, and lists what needs attention with links to each item', async () => {
    const scripted = scriptedApi({ 'status.headline': () => ok(healthy) });
    setApi(scripted.api);
    render(<MemoryRouter><StatusHeadline /></MemoryRouter>);
    await screen.findByText('All 12 connections healthy');
    act(() => scripted.emit('status.changed', failing));
    expect(screen.getByRole('status').textContent).toBe('1 needs attention');
    await userEvent.click(screen.getByText('Needs attention (1)'));
    const list = screen.getByRole('list', { name: 'Needs attention' });
    expect(within(list).getByRole('link', { name: 'Credentials rejected: Acme' }).getAttribute('href')).toBe('/oauth/acme');
  });

  it('shows nothing when main cannot answer', async () => {
    setApi(scriptedApi().api);
    const { container } = render(<MemoryRouter><StatusHeadline /></MemoryRouter>);
    await act(async () => {});
    expect(container.innerHTML).toBe('');
  });
});

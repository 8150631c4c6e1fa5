import { describe, expect, it } from 'vitest';
import { buildTrayModel, MAX_MENU_ITEMS } from '../../main/core/tray/tray-model.js';
import type { TrayAction, TrayMenuItem } from '../../main/core/tray/tray-menu.js';
import type { TrayAttention, TraySummary } from '../../main/core/tray/tray-summary.js';

const summary = (over: Partial<TraySummary> & { connected?: number } = {}): TraySummary => {
  const connected = over.connected ?? 0;
  return {
    connections: over.connections ?? { total: connected, byStatus: { connected, expired: 0, revoked: 0, deleted: 0 } },
    attention: over.attention ?? [],
    integrations: over.integrations ?? [],
  };
};

const expired = (n: number): TrayAttention => ({
  kind: 'connection',
  id: `c${n}`,
  integrationId: 'acme',
  problem: 'expired',
  subject: `user${n}@acme.test`,
  integrationName: 'Acme Production',
  reason: 'Acme refused the refresh token (invalid_grant).',
});

const rejected: TrayAttention = {
  kind: 'integration',
  id: 'globex',
  integrationId: 'globex',
  problem: 'credentials-rejected',
  subject: 'Globex Sandbox',
  reason: 'Credentials rejected: the provider refused the Client ID and Client Secret.',
};

const find = (items: TrayMenuItem[], label: string): TrayMenuItem | undefined => items.find((i) => 'label' in i && i.label === label);
const submenu = (items: TrayMenuItem[], label: string): TrayMenuItem[] => {
  const item = find(items, label);
  if (item?.type !== 'submenu') throw new Error(`no submenu "${label}" in ${JSON.stringify(items)}`);
  return item.items;
};
const actionOf = (items: TrayMenuItem[], label: string): TrayAction => {
  const item = find(items, label);
  if (item?.type !== 'action') throw new Error(`no action "${label}"`);
  return item.action;
};
const labels = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '—' : i.label));

describe('tray model: icon state', () => {
  it('is ok when nothing needs attention', () => {
    expect(buildTrayModel(summary({ connected: 12 })).icon).toBe('ok');
  });

  it('is attention when a connection needs the admin', () => {
    expect(buildTrayModel(summary({ connected: 3, attention: [expired(1)] })).icon).toBe('attention');
  });

  it('is error when an integration’s credentials were rejected, whatever else is listed', () => {
    expect(buildTrayModel(summary({ attention: [expired(1), rejected] })).icon).toBe('error');
  });

  it('is error when the vault is locked', () => {
    const model = buildTrayModel(summary({ attention: [{ kind: 'vault', id: 'vault', problem: 'vault-locked', subject: 'Vault', reason: 'Locked.' }] }));
    expect(model.icon).toBe('error');
    expect(model.status.attention[0]).toMatchObject({ label: 'Vault locked', route: '/oauth', severity: 'error' });
  });

  it('carries the same level in the header’s status as on the icon', () => {
    const model = buildTrayModel(summary({ attention: [rejected] }));
    expect(model.status.level).toBe(model.icon);
  });
});

describe('tray model: headline wording', () => {
  it.each([
    [0, 12, 'All 12 connections healthy'],
    [0, 2, 'All 2 connections healthy'],
    [0, 1, '1 connection healthy'],
    [1, 12, '1 needs attention'],
    [3, 12, '3 need attention'],
  ])('with %i problems and %i connected connections: "%s"', (problems, connected, headline) => {
    const model = buildTrayModel(summary({ connected, attention: Array.from({ length: problems }, (_, n) => expired(n)) }));
    expect(model.status.headline).toBe(headline);
    expect(model.menu[0]).toEqual({ type: 'label', label: headline });
  });

  it('says so when there are no connections yet', () => {
    expect(buildTrayModel(summary()).status.headline).toBe('No connections yet');
  });

  it('does not call revoked connections healthy', () => {
    const model = buildTrayModel(summary({ connections: { total: 2, byStatus: { connected: 0, expired: 0, revoked: 2, deleted: 0 } } }));
    expect(model.status.headline).toBe('No active connections');
  });

  it('puts the headline in the tooltip', () => {
    expect(buildTrayModel(summary({ connected: 12 })).tooltip).toBe('Integrations Desk: All 12 connections healthy');
  });
});

describe('tray model: Needs attention', () => {
  it('lists one item per failing connection or rejected integration, errors first, each opening its page', () => {
    const model = buildTrayModel(summary({ attention: [expired(1), rejected] }));
    const items = submenu(model.menu, 'Needs attention (2)');
    expect(labels(items)).toEqual(['Credentials rejected: Globex Sandbox', 'Expired: user1@acme.test (Acme Production)']);
    expect(actionOf(items, 'Credentials rejected: Globex Sandbox')).toEqual({ kind: 'open', route: '/oauth/globex' });
    expect(actionOf(items, 'Expired: user1@acme.test (Acme Production)')).toEqual({
      kind: 'open',
      route: '/oauth/acme/connections/c1',
    });
  });

  it('has no Needs attention submenu when nothing needs attention', () => {
    const model = buildTrayModel(summary({ connected: 4 }));
    expect(labels(model.menu).some((l) => l.startsWith('Needs attention'))).toBe(false);
  });

  it('gives the header the same items, with their reasons and routes', () => {
    const model = buildTrayModel(summary({ attention: [expired(1)] }));
    expect(model.status.attention).toEqual([
      {
        kind: 'connection',
        id: 'c1',
        integrationId: 'acme',
        label: 'Expired: user1@acme.test (Acme Production)',
        reason: 'Acme refused the refresh token (invalid_grant).',
        severity: 'attention',
        route: '/oauth/acme/connections/c1',
      },
    ]);
  });

  it('ends a long list with an item that opens the window instead of growing without end', () => {
    const model = buildTrayModel(summary({ attention: Array.from({ length: 40 }, (_, n) => expired(n)) }));
    const items = submenu(model.menu, 'Needs attention (40)');
    expect(items.filter((i) => i.type === 'action')).toHaveLength(MAX_MENU_ITEMS + 1);
    expect(actionOf(items, `More in Integrations Desk… (${40 - MAX_MENU_ITEMS} more)`)).toEqual({ kind: 'open', route: '/oauth' });
  });

  it('keeps provider reasons out of the menu and the tooltip (OS surfaces show names and fixed wording)', () => {
    const leaky = { ...expired(1), reason: 'token=00Dxx!SECRET-ACCESS-TOKEN' };
    const model = buildTrayModel(summary({ attention: [leaky] }));
    expect(JSON.stringify(model.menu)).not.toContain('SECRET-ACCESS-TOKEN');
    expect(model.tooltip).not.toContain('SECRET-ACCESS-TOKEN');
  });
});

describe('tray model: quick actions', () => {
  const integrations = [
    { id: 'acme', name: 'Acme Production', status: 'configured' as const },
    { id: 'draft1', name: 'Beta Sandbox', status: 'draft' as const },
  ];

  it('offers Open and New Connection for a configured integration', () => {
    const items = submenu(submenu(buildTrayModel(summary({ integrations })).menu, 'Integrations'), 'Acme Production');
    expect(labels(items)).toEqual(['Open', 'New Connection']);
    expect(actionOf(items, 'Open')).toEqual({ kind: 'open', route: '/oauth/acme' });
    expect(actionOf(items, 'New Connection')).toEqual({ kind: 'new-connection', integrationId: 'acme' });
  });

  it('offers only Open for a draft integration (no New Connection)', () => {
    const items = submenu(submenu(buildTrayModel(summary({ integrations })).menu, 'Integrations'), 'Beta Sandbox (draft)');
    expect(labels(items)).toEqual(['Open']);
  });

  it('offers Add Integration when there is none', () => {
    const items = submenu(buildTrayModel(summary()).menu, 'Integrations');
    expect(actionOf(items, 'Add Integration…')).toEqual({ kind: 'open', route: '/oauth/create' });
  });

  it('ends with Open Integrations Desk and Quit', () => {
    const model = buildTrayModel(summary({ integrations }));
    expect(labels(model.menu).slice(-3)).toEqual(['—', 'Open Integrations Desk', 'Quit']);
    expect(actionOf(model.menu, 'Open Integrations Desk')).toEqual({ kind: 'open' });
    expect(actionOf(model.menu, 'Quit')).toEqual({ kind: 'quit' });
  });

  it('encodes ids in routes so an id cannot add a path segment or a query', () => {
    const items = submenu(submenu(buildTrayModel(summary({ integrations: [{ id: 'a/b?c', name: 'Odd', status: 'draft' }] })).menu, 'Integrations'), 'Odd (draft)');
    expect(actionOf(items, 'Open')).toEqual({ kind: 'open', route: '/oauth/a%2Fb%3Fc' });
  });
});

import type { AttentionItem, StatusHeadline, StatusLevel } from '../../../preload/contract/status-models.js';
import { routeFor, type DeskTarget } from '../desktop/desk-route.js';
import { headlineFor } from './headline-wording.js';
import type { TrayMenuItem } from './tray-menu.js';
import type { TrayAttention, TrayProblem, TraySummary } from './tray-summary.js';

export interface TrayModel {
  /** Which tray image to show. */
  icon: StatusLevel;
  tooltip: string;
  /** What browser mode's header shows: the same headline and attention list. */
  status: StatusHeadline;
  menu: TrayMenuItem[];
}

/** Longer lists end with an item that opens the window: a menu is not the place to scroll. */
export const MAX_MENU_ITEMS = 15;
/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;

const PROBLEM_LABEL: Record<TrayProblem, string> = {
  expired: 'Expired',
  'refresh-failing': 'Refresh failing',
  'expiring-soon': 'Expires soon if unused',
  'credentials-rejected': 'Credentials rejected',
  'back-to-draft': 'Back to draft',
  'vault-locked': 'Vault locked',
  'vault-key-missing': 'Vault key missing',
  'vault-needs-decision': 'Vault needs a decision',
};

const ERRORS: ReadonlySet<TrayProblem> = new Set(['credentials-rejected', 'vault-locked', 'vault-key-missing']);

/**
 * Builds the tray from the status summary: icon state, tooltip, menu, and the header's headline.
 *
 * A pure function, rebuilt on every change, so each state and each wording is stated by a unit test.
 * `error` means something blocks every connection of an integration (rejected client credentials) or all
 * of them (a locked vault); `attention` means a connection or an integration needs the admin. OS
 * surfaces (menu, tooltip) carry names and fixed wording only, never a provider's free-text reason.
 */
export function buildTrayModel(summary: TraySummary): TrayModel {
  const attention = [...summary.attention]
    .sort((a, b) => Number(ERRORS.has(b.problem)) - Number(ERRORS.has(a.problem)))
    .map(toAttentionItem);
  const level: StatusLevel = attention.some((a) => a.severity === 'error') ? 'error' : attention.length > 0 ? 'attention' : 'ok';
  const headline = headlineFor(attention.length, {
    connected: summary.connections.byStatus.connected,
    total: summary.connections.total,
  });
  const tooltip = clip(`Integrations Desk: ${headline}`, MAX_TOOLTIP);

  const menu: TrayMenuItem[] = [{ type: 'label', label: headline }, { type: 'separator' }];
  if (attention.length > 0) {
    menu.push({
      type: 'submenu',
      label: `Needs attention (${attention.length})`,
      items: capped(
        attention.map((a) => ({ type: 'action', label: a.label, action: { kind: 'open', route: a.route } })),
        attention.length,
        'More in Integrations Desk…',
        routeFor({ kind: 'home' }),
      ),
    });
  }
  menu.push({ type: 'submenu', label: 'Integrations', items: integrationItems(summary.integrations) });
  menu.push(
    { type: 'separator' },
    { type: 'action', label: 'Open Integrations Desk', action: { kind: 'open' } },
    { type: 'action', label: 'Quit', action: { kind: 'quit' } },
  );
  return { icon: level, tooltip, status: { level, headline, tooltip, attention }, menu };
}

function integrationItems(integrations: TraySummary['integrations']): TrayMenuItem[] {
  if (integrations.length === 0) {
    return [
      { type: 'label', label: 'No integrations yet' },
      { type: 'action', label: 'Add Integration…', action: { kind: 'open', route: routeFor({ kind: 'create-integration' }) } },
    ];
  }
  const items = integrations.map((i): TrayMenuItem => {
    const actions: TrayMenuItem[] = [
      { type: 'action', label: 'Open', action: { kind: 'open', route: routeFor({ kind: 'integration', integrationId: i.id }) } },
    ];
    // Only configured integrations can create connections: a draft one does not offer it at all.
    if (i.status === 'configured') actions.push({ type: 'action', label: 'New Connection', action: { kind: 'new-connection', integrationId: i.id } });
    return { type: 'submenu', label: i.status === 'draft' ? `${i.name} (draft)` : i.name, items: actions };
  });
  return capped(items, integrations.length, 'All integrations…', routeFor({ kind: 'home' }));
}

function capped(items: TrayMenuItem[], total: number, moreLabel: string, moreRoute: string): TrayMenuItem[] {
  if (total <= MAX_MENU_ITEMS) return items;
  return [
    ...items.slice(0, MAX_MENU_ITEMS),
    { type: 'separator' },
    { type: 'action', label: `${moreLabel} (${total - MAX_MENU_ITEMS} more)`, action: { kind: 'open', route: moreRoute } },
  ];
}

function toAttentionItem(a: TrayAttention): AttentionItem {
  const problem = PROBLEM_LABEL[a.problem];
  const label =
    a.kind === 'vault' ? problem : a.kind === 'connection' ? `${problem}: ${a.subject} (${a.integrationName ?? 'unknown integration'})` : `${problem}: ${a.subject}`;
  return {
    kind: a.kind,
    id: a.id,
    ...(a.integrationId ? { integrationId: a.integrationId } : {}),
    label,
    reason: a.reason,
    severity: ERRORS.has(a.problem) ? 'error' : 'attention',
    route: routeFor(targetOf(a)),
  };
}

function targetOf(a: TrayAttention): DeskTarget {
  if (a.kind === 'connection' && a.integrationId) return { kind: 'connection', integrationId: a.integrationId, connectionId: a.id };
  if (a.kind === 'integration' && a.integrationId) return { kind: 'integration', integrationId: a.integrationId };
  // The vault banner is at the top of every page.
  return { kind: 'home' };
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The at-a-glance status as the tray shows it, and as browser mode's page header repeats it.
 *
 * Built in main by the tray model (`main/core/tray/tray-model.ts`) from the status summary: the header
 * and the tray menu read one value, so they cannot disagree. Nothing here carries a secret: people are
 * named by e-mail, integrations by name, and reasons are the ones the window shows anyway.
 */

/** `ok`: nothing to do; `attention`: something needs the admin; `error`: something is broken (rejected credentials, a locked vault). */
export type StatusLevel = 'ok' | 'attention' | 'error';

/** What a status item points at; `route` is where the window shows it. */
export interface AttentionItem {
  kind: 'connection' | 'integration' | 'vault';
  id: string;
  /** The integration the item belongs to (a connection's, or the integration itself); absent for the vault. */
  integrationId?: string;
  /** Short text, e.g. "Expired: ada@example.com (Acme Production)". */
  label: string;
  /** Why it needs attention, in the words the window uses. */
  reason: string;
  severity: 'attention' | 'error';
  /** The renderer route that shows the item, e.g. `/oauth/<integrationId>?tab=connections`. */
  route: string;
}

export interface StatusHeadline {
  level: StatusLevel;
  /** "All 12 connections healthy", "1 needs attention", "3 need attention"… */
  headline: string;
  /** The tray icon's tooltip. */
  tooltip: string;
  attention: AttentionItem[];
}

import type { ConnectionStatus, StatusSummary } from '../../../preload/contract/connection-models.js';
import type { VaultStatus, Verification } from '../../../preload/contract/models.js';

/** Why one item is listed under "Needs attention". */
export type TrayProblem =
  | 'expired'
  | 'refresh-failing'
  | 'expiring-soon'
  | 'credentials-rejected'
  | 'back-to-draft'
  | 'vault-locked'
  | 'vault-key-missing'
  | 'vault-needs-decision';

export interface TrayAttention {
  kind: 'connection' | 'integration' | 'vault';
  id: string;
  integrationId?: string;
  problem: TrayProblem;
  /** Who or what: a connection's user e-mail, an integration's name, "Vault". */
  subject: string;
  /** A connection's integration name. */
  integrationName?: string;
  /** The reason the window shows. Shown in browser mode's header; kept out of OS menus and tooltips. */
  reason: string;
}

/**
 * The tray model's input: what it needs from the status summary, and nothing else.
 *
 * Kept as the tray's own small type so the model does not change shape each time the summary grows;
 * `traySummaryFrom` below is the one place that knows the summary's layout.
 */
export interface TraySummary {
  connections: { total: number; byStatus: Record<Exclude<ConnectionStatus, 'moved'>, number> };
  attention: TrayAttention[];
  integrations: Array<{ id: string; name: string; status: 'draft' | 'configured' }>;
}

export interface TraySources {
  summary: StatusSummary;
  /** Every integration, in any order: for the quick actions and to tell rejected credentials from other reasons. */
  integrations: ReadonlyArray<{ id: string; name: string; status: 'draft' | 'configured'; verification?: Pick<Verification, 'outcome'> }>;
  /** The vault's state: a locked vault stops every refresh, so the tray says so. */
  vault?: Pick<VaultStatus, 'state' | 'message'>;
}

/** Vault states that stop secrets from being used or saved, and how the tray names them. */
const VAULT_PROBLEMS: Partial<Record<VaultStatus['state'], TrayProblem>> = {
  locked: 'vault-locked',
  'key-missing': 'vault-key-missing',
  'needs-decision': 'vault-needs-decision',
};

/**
 * Maps the connections module's status summary (and the integration list) to the tray's input.
 *
 * A connection listed in the summary is either expired or connected with a failing refresh; an
 * integration is listed because the provider rejected its credentials or because it went back to draft
 * with live connections — told apart here by its last verification.
 */
export function traySummaryFrom(sources: TraySources): TraySummary {
  const { summary } = sources;
  const byId = new Map(sources.integrations.map((i) => [i.id, i]));
  const attention: TrayAttention[] = [];
  const vaultProblem = sources.vault && VAULT_PROBLEMS[sources.vault.state];
  if (sources.vault && vaultProblem) {
    attention.push({
      kind: 'vault',
      id: 'vault',
      problem: vaultProblem,
      subject: 'Vault',
      reason: sources.vault.message,
    });
  }
  for (const i of summary.attention.integrations) {
    attention.push({
      kind: 'integration',
      id: i.id,
      integrationId: i.id,
      problem: byId.get(i.id)?.verification?.outcome === 'rejected' ? 'credentials-rejected' : 'back-to-draft',
      subject: i.name,
      reason: i.reason,
    });
  }
  for (const c of summary.attention.connections) {
    attention.push({
      kind: 'connection',
      id: c.id,
      integrationId: c.integrationId,
      problem: c.status === 'expired' ? 'expired' : c.expiresSoon ? 'expiring-soon' : 'refresh-failing',
      subject: c.userEmail,
      integrationName: c.integrationName,
      reason: c.reason,
    });
  }
  const counts = summary.counts;
  return {
    connections: { total: counts.connected + counts.expired + counts.revoked, byStatus: { ...counts } },
    attention,
    integrations: sources.integrations
      .map(({ id, name, status }) => ({ id, name, status }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

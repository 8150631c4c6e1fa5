import { create } from 'zustand';
import type { StatusSummary } from '../../../preload/contract/connection-models.js';
import type { Integration } from '../../../preload/contract/models.js';
import { api } from '../api/client.js';

interface AttentionState {
  summary?: StatusSummary;
  load(): Promise<void>;
}

/**
 * Main's status summary (the one the tray is built from), for the list's sub-statuses. Read again
 * whenever the tray's headline changes (`status.changed`), so the list and the tray agree.
 */
export const useAttention = create<AttentionState>((set) => ({
  async load() {
    const result = await api().status.summary();
    if (result.ok) set({ summary: result.value });
  },
}));

export function syncAttention(): () => void {
  void useAttention.getState().load();
  return api().on('status.changed', () => void useAttention.getState().load());
}

export interface RowAttention {
  /** "Draft · credentials rejected", "2 of 3 connections healthy". */
  text: string;
  needsAttention: boolean;
}

/** Connections needing attention, per integration. */
export function attentionCounts(summary: StatusSummary | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of summary?.attention.connections ?? []) counts.set(c.integrationId, (counts.get(c.integrationId) ?? 0) + 1);
  return counts;
}

/** The sub-status under a row's badge, and whether the row belongs under "Needs attention". */
export function rowAttention(integration: Integration, unhealthy: number, flagged: boolean): RowAttention {
  if (integration.status === 'draft') {
    const outcome = integration.verification?.outcome;
    if (outcome === 'rejected') return { text: 'Draft · credentials rejected', needsAttention: true };
    if (outcome === 'unreachable') return { text: 'Draft · provider unreachable', needsAttention: true };
    if (outcome === 'unexpected') return { text: 'Draft · could not verify', needsAttention: true };
    if (outcome === 'passed') return { text: 'Draft · verify again', needsAttention: flagged };
    return { text: 'Draft · not verified yet', needsAttention: flagged };
  }
  const total = integration.connectionCount;
  if (total === 0) return { text: 'No connections yet', needsAttention: flagged };
  const healthy = Math.max(0, total - unhealthy);
  if (healthy === total) return { text: total === 1 ? 'Its connection is healthy' : `All ${total} connections healthy`, needsAttention: flagged };
  return { text: `${healthy} of ${total} connections healthy`, needsAttention: true };
}

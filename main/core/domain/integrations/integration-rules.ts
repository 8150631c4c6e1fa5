import type { OfferingRecord } from '../offerings/offering-record.js';
import type { IntegrationRecord } from './integration-record.js';

/**
 * Checks an integration's name for uniqueness (case-insensitive), returning a message or undefined.
 */
export function nameProblem(name: string, others: IntegrationRecord[], selfId?: string): string | undefined {
  const taken = others.some((i) => i.id !== selfId && i.name.toLowerCase() === name.toLowerCase());
  return taken ? `An integration named "${name}" already exists` : undefined;
}

/**
 * Normalises the selected scopes against the offering: its required scopes are always present (they
 * cannot be removed), and only scopes the offering knows are accepted.
 */
export function checkScopes(selected: string[], offering: OfferingRecord): { scopes: string[] } | { error: string } {
  const known = new Set([...offering.requiredScopes, ...offering.optionalScopes]);
  const unknown = selected.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    return { error: `${offering.name} does not offer the scope${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}` };
  }
  const chosen = new Set([...offering.requiredScopes, ...selected]);
  // Keep the offering's order so the stored and displayed order is stable.
  return { scopes: [...offering.requiredScopes, ...offering.optionalScopes].filter((s) => chosen.has(s)) };
}

import type { Connection, ExpirySource } from '../../../preload/contract/connection-models.js';

/**
 * A connection's state in the words a Salesforce admin uses; the protocol detail (OAuth error codes,
 * HTTP statuses) is kept apart, for a Details disclosure.
 */

/** Where the access token's expiry came from, in plain words. */
export const EXPIRY_SOURCE_WORDS: Record<ExpirySource, string> = {
  'from provider': 'as the provider said',
  introspected: 'as Salesforce reported when asked',
  assumed: 'estimated from the session timeout in Settings',
};

/** The protocol behind each source, for Details. */
export const EXPIRY_SOURCE_DETAIL: Record<ExpirySource, string> = {
  'from provider': 'The token response carried expires_in.',
  introspected: 'The token response had no expires_in; the exp of a token introspection was used.',
  assumed: 'Neither expires_in nor introspection gave an expiry; the assumed lifetime from Settings applies.',
};

export interface StatusWords {
  /** One short line for the table. */
  summary: string;
  /** The raw reason (provider codes, HTTP statuses), if different from the summary. */
  detail?: string;
}

/** Why a connection is in its status, in plain words. */
export function statusWords(c: Connection): StatusWords | undefined {
  if (c.status === 'connected' && c.refreshProblem) {
    return { summary: 'Refresh failing; still works until the token expires', detail: c.refreshProblem.message };
  }
  if (c.status === 'connected') return undefined;
  if (c.status === 'deleted') return { summary: 'Deleted: kept only as a record', detail: c.revocation?.message };
  // Issue 16: with the date it left (greyed in the table by styles/bundle.css).
  if (c.status === 'moved') {
    const on = c.movedAt ? ` on ${new Date(c.movedAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}` : '';
    return { summary: `Moved to another computer${on}: no token is left here`, detail: c.statusReason };
  }
  if (c.status === 'revoked') {
    const outcome = c.revocation?.outcome;
    const summary =
      outcome === 'revoked'
        ? 'Revoked; the provider confirmed it'
        : outcome === 'already-invalid'
          ? 'Revoked; the provider had already ended it'
          : outcome === 'not-supported'
            ? 'Revoked here; the provider cannot revoke'
            : 'Revoked';
    return { summary, detail: c.revocation?.message ?? c.statusReason };
  }
  // expired
  const reason = [c.statusReason, c.statusCode].filter(Boolean).join(' · ');
  const summary = /invalid_grant/.test(reason)
    ? 'Salesforce no longer accepts it (revoked, password changed or unused too long): reauthorize'
    : 'Needs reauthorizing';
  return { summary, detail: reason || undefined };
}

/** The access token's expiry in plain words, e.g. "Renews automatically · expires in 90 minutes". */
export function refreshTokenWords(c: Connection): string {
  if (c.status === 'connected') return 'Kept until revoked, or until the org’s refresh-token policy ends it';
  if (c.status === 'expired') return 'No longer accepted by the provider';
  return 'Not kept: revoked at the provider and deleted here';
}

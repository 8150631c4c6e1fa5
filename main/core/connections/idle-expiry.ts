import type { ConnectionRecord } from './connection-record.js';

const DAY_MS = 24 * 60 * 60_000;
/** Warn this long ahead at most: "days ahead", but never for most of a short window. */
const WARNING_MS = 3 * DAY_MS;

/** When a connection's refresh token was last used: its last refresh, else its sign-in. */
export const idleSince = (record: Pick<ConnectionRecord, 'lastRefreshedAt' | 'connectedAt'>): number =>
  Date.parse(record.lastRefreshedAt ?? record.connectedAt);

/** No idle policy, or not connected: one shared answer, not a new object per connection listed. */
const NO_IDLE_EXPIRY: { idleExpiresAt?: string; expiresSoon?: boolean } = Object.freeze({});

/**
 * When an org's "expire refresh token if not used for N days" policy would kill this connection's
 * refresh token, and whether that is near enough to warn about.
 *
 * Only a refresh uses the refresh token, so the window runs from the last refresh (or the sign-in).
 * The warning starts at the lesser of 3 days and a quarter of the window, so keep-alive (which acts at
 * half the window) never leaves a healthy connection flagged.
 */
export function idleExpiry(
  record: Pick<ConnectionRecord, 'status' | 'lastRefreshedAt' | 'connectedAt'>,
  idleDays: number | undefined,
  now: number,
): { idleExpiresAt?: string; expiresSoon?: boolean } {
  if (!idleDays || record.status !== 'connected') return NO_IDLE_EXPIRY;
  const windowMs = idleDays * DAY_MS;
  const expiresAt = idleSince(record) + windowMs;
  return { idleExpiresAt: new Date(expiresAt).toISOString(), expiresSoon: expiresAt - now <= Math.min(WARNING_MS, windowMs / 4) };
}

/**
 * Whether keep-alive should refresh a connection now: at half its idle window when the policy is
 * known ("well before" it), and otherwise once per keep-alive interval (90 %, so a connection refreshed
 * just after one sweep is still due at the next).
 */
export function keepAliveDue(
  record: Pick<ConnectionRecord, 'lastRefreshedAt' | 'connectedAt'>,
  idleDays: number | undefined,
  intervalMs: number,
  now: number,
): boolean {
  const idle = now - idleSince(record);
  const limits = [intervalMs * 0.9];
  if (idleDays) limits.push((idleDays * DAY_MS) / 2);
  return idle >= Math.min(...limits);
}

/** How often keep-alive must look so that half an idle window is never overshot by much. */
export const keepAliveInterval = (settingMs: number, idleDays: ReadonlyArray<number>): number =>
  Math.min(settingMs, ...idleDays.map((days) => (days * DAY_MS) / 4));

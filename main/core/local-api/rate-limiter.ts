import type { Clock } from '../support/clock.js';

/** The outcome of one request against its key's budget, and the headers that report it. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends, in Unix seconds (`X-RateLimit-Reset`). */
  resetAt: number;
  /** Seconds until the window ends (`Retry-After` on a 429). */
  retryAfter: number;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100;
const WINDOW_MS = 60_000;

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * A fixed one-minute window per API key: `limit()` requests, then 429 until the window ends.
 *
 * Fixed windows are what `X-RateLimit-Limit/Remaining/Reset` describe exactly (a budget and the moment
 * it comes back), which clients can act on without guessing. The window starts at a key's first
 * request. Refused requests do not use up budget. State is in memory: a restart forgives everyone,
 * which is harmless on one machine.
 */
export function createRateLimiter(deps: { clock: Clock; limit(): number }) {
  const windows = new Map<string, { start: number; used: number }>();

  return {
    take(keyId: string): RateDecision {
      const now = deps.clock.now();
      const limit = deps.limit();
      let window = windows.get(keyId);
      if (!window || now >= window.start + WINDOW_MS) {
        window = { start: now, used: 0 };
        windows.set(keyId, window);
        if (windows.size > 10_000) prune(now);
      }
      const allowed = window.used < limit;
      if (allowed) window.used += 1;
      const end = window.start + WINDOW_MS;
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - window.used),
        resetAt: Math.ceil(end / 1000),
        retryAfter: Math.max(1, Math.ceil((end - now) / 1000)),
      };
    },
    /** Forgets a key's window (after revocation, say). */
    forget: (keyId: string): void => void windows.delete(keyId),
  };

  function prune(now: number): void {
    for (const [id, w] of windows) if (now >= w.start + WINDOW_MS) windows.delete(id);
  }
}

/** The `X-RateLimit-*` headers of a decision. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(decision.resetAt),
  };
}

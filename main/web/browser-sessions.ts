import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface BrowserSessions {
  /** The token of the printed link; scripts may also send it as `X-Desk-Token` (a header no browser sends on its own). */
  readonly scriptToken: string;
  /** Exchanges an unused launch token for a new session credential; undefined when it is wrong or used. */
  exchange(presented: string): string | undefined;
  isSession(presented: string | undefined): boolean;
  isScriptToken(presented: string | undefined): boolean;
  /** A new launch token when every earlier one was used (for "open the new link"); undefined otherwise. */
  mintLaunchToken(): string | undefined;
}

const MAX_SESSIONS = 32;
const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * The credentials of browser mode: one-time launch tokens and the session secrets they are exchanged for.
 *
 * A launch token opens one browser once: the link may sit in a terminal's scroll-back or the browser's
 * history, and must not sign in a second browser later. The session cookie is a separate random value,
 * so the link never becomes the ambient credential. At most one unused launch token exists at a time.
 */
export function createBrowserSessions(firstToken: string = newSecret()): BrowserSessions {
  const unused = new Set<string>([firstToken]);
  const sessions: string[] = [];
  const has = (set: Iterable<string>, presented: string | undefined): string | undefined => {
    if (presented === undefined) return undefined;
    for (const candidate of set) if (sameSecret(candidate, presented)) return candidate;
    return undefined;
  };
  return {
    scriptToken: firstToken,
    exchange(presented) {
      const token = has(unused, presented);
      if (token === undefined) return undefined;
      unused.delete(token);
      const session = newSecret();
      sessions.push(session);
      if (sessions.length > MAX_SESSIONS) sessions.shift();
      return session;
    },
    isSession: (presented) => has(sessions, presented) !== undefined,
    isScriptToken: (presented) => presented !== undefined && sameSecret(firstToken, presented),
    mintLaunchToken() {
      if (unused.size > 0) return undefined;
      const token = newSecret();
      unused.add(token);
      return token;
    },
  };
}

/** Compares in constant time so a secret cannot be guessed byte by byte from response timings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'desk_session';
export const TOKEN_HEADER = 'x-desk-token';

export interface GuardVerdict {
  ok: boolean;
  status?: number;
  reason?: string;
}

/**
 * Decides whether one browser-mode request may proceed.
 *
 * Defends a loopback server against the web at large: a wrong `Host` means DNS rebinding (a foreign name
 * resolving to 127.0.0.1), a foreign `Origin` on a state-changing call means CSRF, and the per-launch
 * token means another local user or page that guessed the port still cannot use the app.
 */
export function checkRequest(
  req: IncomingMessage,
  expected: { host: string; origin: string; token: string },
  presented: string | undefined = presentedToken(req),
): GuardVerdict {
  if (req.headers.host !== expected.host) return { ok: false, status: 421, reason: 'Wrong Host header' };
  const origin = req.headers.origin;
  const stateChanging = req.method !== 'GET' && req.method !== 'HEAD';
  if (origin !== undefined && origin !== expected.origin) {
    return { ok: false, status: 403, reason: 'Foreign Origin' };
  }
  if (stateChanging && origin === undefined && req.headers[TOKEN_HEADER] === undefined) {
    // Browsers always send Origin on a POST; without it, only a client that holds the token may call.
    return { ok: false, status: 403, reason: 'Missing Origin' };
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Cross-site request' };
  if (presented === undefined || !sameSecret(presented, expected.token)) {
    return { ok: false, status: 401, reason: 'Missing or wrong session token' };
  }
  return { ok: true };
}

export function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Compares in constant time so the token cannot be guessed byte by byte from response timings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

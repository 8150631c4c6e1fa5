import type { IncomingMessage } from 'node:http';
import type { BrowserSessions } from './browser-sessions.js';

export const SESSION_COOKIE = 'desk_session';
export const TOKEN_HEADER = 'x-desk-token';

export interface GuardVerdict {
  ok: boolean;
  status?: number;
  reason?: string;
}

export interface GuardExpectation {
  /** `<launch host>:<port>`: the only Host accepted. */
  host: string;
  /** `http://<launch host>:<port>`. */
  origin: string;
}

/**
 * Decides whether one browser-mode request may proceed.
 *
 * Defends a loopback server against the web at large and other local servers: a wrong `Host` means DNS
 * rebinding or a request for another name (421), a foreign `Origin` means CSRF (403), and the credential
 * is a session cookie minted for this launch's host only, or the `X-Desk-Token` header of a script
 * holding the printed link. Neither is ever sent by a browser to another server.
 */
export function checkRequest(req: IncomingMessage, expected: GuardExpectation, sessions: BrowserSessions): GuardVerdict {
  const hostOk = checkHost(req, expected);
  if (!hostOk.ok) return hostOk;
  const origin = req.headers.origin;
  const stateChanging = req.method !== 'GET' && req.method !== 'HEAD';
  if (origin !== undefined && origin !== expected.origin) return { ok: false, status: 403, reason: 'Foreign Origin' };
  const scriptToken = headerValue(req, TOKEN_HEADER);
  if (stateChanging && origin === undefined && scriptToken === undefined) {
    // Browsers always send Origin on a POST; without it, only a client that holds the token may call.
    return { ok: false, status: 403, reason: 'Missing Origin' };
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'Cross-site request' };
  if (scriptToken !== undefined) {
    return sessions.isScriptToken(scriptToken) ? { ok: true } : { ok: false, status: 401, reason: 'Missing or wrong session token' };
  }
  if (!sessions.isSession(readCookie(req.headers.cookie, SESSION_COOKIE))) {
    return { ok: false, status: 401, reason: 'Missing or wrong session token' };
  }
  return { ok: true };
}

/** The Host check alone (compared without case: browsers lower-case host names, scripts may not). */
export function checkHost(req: IncomingMessage, expected: GuardExpectation): GuardVerdict {
  if ((req.headers.host ?? '').toLowerCase() !== expected.host) return { ok: false, status: 421, reason: 'Wrong Host header' };
  return { ok: true };
}

const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

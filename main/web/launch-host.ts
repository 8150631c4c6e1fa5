import { randomBytes } from 'node:crypto';

/**
 * A fresh, unguessable host name under `.localhost` for one launch of browser mode, e.g.
 * `desk-3f9c…e1.localhost`.
 *
 * Why: cookies are scoped by host, not by port, so a cookie set for `127.0.0.1` reaches every server
 * on 127.0.0.1 the admin's browser visits. Browsers resolve every `*.localhost` name to loopback
 * (RFC 6761 §6.3; Chromium and Firefox never ask DNS for them), so a host-only cookie for this name is
 * sent to this name only: another local server would have to know the name (128 random bits, never
 * served to a request without a session) to be sent it.
 */
export function randomLaunchHost(): string {
  return `desk-${randomBytes(16).toString('hex')}.localhost`;
}

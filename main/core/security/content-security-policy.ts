import { randomBytes } from 'node:crypto';
import { devServerOrigin } from './dev-server-origin.js';

/**
 * Stands for the per-response nonce in the built `index.html`.
 *
 * The renderer build (Vite's `html.cspNonce`) writes it into `<meta property="csp-nonce" nonce="…">`, the
 * nonce attributes of its tags and the `<meta http-equiv>` policy; the server replaces it on every response
 * (`injectCspNonce`). Made of base64 characters only, so the built policy is a valid one.
 */
export const CSP_NONCE_PLACEHOLDER = 'DeskCspNoncePlaceholder0';

const NONCE_FORMAT = /^[A-Za-z0-9+/]{22,}={0,2}$/;

/**
 * A fresh nonce for one response: 128 random bits, base64.
 *
 * A nonce is only worth anything if an attacker cannot predict it, so it comes from the OS CSPRNG and is
 * never reused across responses.
 */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface AppCspOptions {
  /** This response's nonce: style elements carrying it may apply (Radix injects its scroll lock this way). */
  nonce: string;
  /**
   * Dev builds only: the Vite dev server the renderer is loaded from (a loopback http URL). Allows its
   * origin, its HMR WebSocket, and its nonce-carrying inline scripts (React Refresh's preamble).
   */
  devServerUrl?: string;
}

/**
 * The renderer's Content-Security-Policy, for `app://` and browser mode alike.
 *
 * Only the app's own scripts, no inline script and no eval; `<style>` elements only with this response's
 * nonce (react-remove-scroll, under Radix's dialogs, injects one and reads the nonce through `get-nonce`),
 * never `'unsafe-inline'`. A dev server widens it for development only, and only when it is on loopback:
 * anything else throws rather than produce a policy that trusts the network.
 */
export function appCsp({ nonce, devServerUrl }: AppCspOptions): string {
  if (!NONCE_FORMAT.test(nonce)) throw new Error('A CSP nonce must be at least 128 bits of base64.');
  const nonceSource = `'nonce-${nonce}'`;
  let dev: string[] = [];
  let devSocket: string[] = [];
  let devScript: string[] = [];
  if (devServerUrl !== undefined) {
    const origin = devServerOrigin(devServerUrl);
    if (!origin) throw new Error(`The dev server must be a loopback http URL, not ${devServerUrl}.`);
    dev = [origin];
    devSocket = [origin.replace(/^http:/, 'ws:')];
    devScript = [nonceSource];
  }
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'", ...dev, ...devScript],
    ['style-src', "'self'", ...dev, nonceSource],
    ['img-src', "'self'", ...dev, 'data:'],
    ['font-src', "'self'", ...dev],
    ['connect-src', "'self'", ...dev, ...devSocket],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * The same policy as a `<meta http-equiv>` element may carry it: without `frame-ancestors`.
 *
 * Browsers ignore that directive in a meta element and log an error for it. The header keeps it; the meta
 * copy in the built page is defence in depth (and what Electronegativity reads).
 */
export function metaElementCsp(policy: string): string {
  return policy
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors '))
    .join('; ');
}

/**
 * The built `index.html` with this response's nonce in place of the placeholder.
 *
 * The nonce lands in `<meta property="csp-nonce">`, where the renderer reads it at start-up (and hands it
 * to `get-nonce`), and in the page's own policy. The nonce is checked to be base64 first: it is
 * written into HTML and into a policy, so it must not be able to break out of either.
 */
export function injectCspNonce(html: string, nonce: string): string {
  if (!NONCE_FORMAT.test(nonce)) throw new Error('A CSP nonce must be at least 128 bits of base64.');
  return html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
}

import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appCsp, createCspNonce, injectCspNonce } from '../core/security/content-security-policy.js';
import { rendererFileFor } from '../core/security/renderer-file.js';

/** Must run before `app.whenReady()`: declares `app://` as a standard, secure scheme. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from `app://desk/…` instead of `file://`.
 *
 * `file://` pages share one origin with every local file; a custom scheme gives the renderer its own
 * origin, a CSP header on every response, and single-page-app routes (`/oauth/create`) that resolve to
 * `index.html`. Paths that escape the renderer folder are refused. Every response gets a fresh CSP nonce,
 * written into `index.html` for the style elements the renderer injects.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'desk') return new Response('Not found', { status: 404 });
    const file = rendererFileFor(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    // A file that is not there fails the fetch (net::ERR_FILE_NOT_FOUND): that is a 404, not a crash.
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => undefined);
    if (!response) return new Response('Not found', { status: 404 });
    const nonce = createCspNonce();
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', appCsp({ nonce }));
    headers.set('X-Content-Type-Options', 'nosniff');
    if (!response.ok || path.extname(file) !== '.html') return new Response(response.body, { status: response.status, headers });
    headers.set('Content-Type', 'text/html; charset=utf-8');
    headers.set('Cache-Control', 'no-store');
    headers.delete('Content-Length');
    return new Response(injectCspNonce(await response.text(), nonce), { status: response.status, headers });
  });
}

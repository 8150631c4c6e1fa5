import type { Plugin } from 'vite';
import {
  appCsp,
  CSP_NONCE_PLACEHOLDER,
  createCspNonce,
  metaElementCsp,
} from '../main/core/security/content-security-policy.js';

/**
 * The renderer's Content-Security-Policy in the Vite build and the Vite dev server, from the one core
 * definition (`main/core/security/content-security-policy.ts`).
 *
 * - Build: Vite's `html.cspNonce` stamps a placeholder into `<meta property="csp-nonce">` and the page's
 *   tags; a `<meta http-equiv>` copy of the production policy goes first in `<head>`. The servers
 *   (`app://` and browser mode) replace the placeholder with a fresh nonce on every response and send the
 *   policy as a header.
 * - Dev (`electron-vite dev`): the dev server sends the dev policy as a header, allowing itself and its
 *   HMR socket. Its nonce is fresh per dev-server start rather than per response: Vite writes one
 *   `html.cspNonce` into every page it serves (its client reads it back for the styles it injects), and
 *   the dev server only listens on loopback. Packaged builds never see this policy.
 */
export function rendererCsp(): Plugin {
  let devNonce: string | undefined;
  return {
    name: 'desk:content-security-policy',
    config(_config, { command }) {
      devNonce = command === 'serve' ? createCspNonce() : undefined;
      return { html: { cspNonce: devNonce ?? CSP_NONCE_PLACEHOLDER } };
    },
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        // electron-vite names the server the window loads in ELECTRON_RENDERER_URL once it listens.
        const devServerUrl = process.env.ELECTRON_RENDERER_URL ?? listeningUrl(server.config.server.host, server.httpServer?.address());
        res.setHeader('Content-Security-Policy', appCsp({ nonce: devNonce!, devServerUrl }));
        next();
      });
    },
    transformIndexHtml(_html, context) {
      if (context.server) return;
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaElementCsp(appCsp({ nonce: CSP_NONCE_PLACEHOLDER })) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

/** The dev server's own URL, as electron-vite spells it (`localhost` unless a host is configured). */
function listeningUrl(host: string | boolean | undefined, address: unknown): string {
  const port = typeof address === 'object' && address !== null && 'port' in address ? String(address.port) : '';
  return `http://${typeof host === 'string' && host !== '0.0.0.0' && host !== '::' ? host : 'localhost'}:${port}`;
}

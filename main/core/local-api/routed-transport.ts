import type { UpstreamTransport } from './upstream-transport.js';

/** Whether a URL goes straight to its host, or through a proxy the system names for it. */
export type UpstreamRoute = 'direct' | 'system-proxy';

export interface RoutedTransportDeps {
  /** Used for hosts reached directly (undici's pool). */
  direct: UpstreamTransport;
  /** Used for hosts behind a system/PAC proxy (Chromium's `net.fetch`). */
  proxied: UpstreamTransport;
  /** Asks the system how a URL is reached (Electron: `session.resolveProxy(url) === 'DIRECT'`). */
  route(url: string): Promise<UpstreamRoute>;
  /** How long one host's answer is kept (default 60 s: proxy settings and PAC files change rarely). */
  cacheMs?: number;
  now?(): number;
}

/**
 * Chooses the transport per instance host: the pool when the system reaches the host directly, the
 * proxy-aware fetch when a system or PAC proxy applies, so the pool never bypasses a corporate proxy.
 *
 * The answer is cached per origin (a PAC file may route hosts differently; a lookup per request would
 * cost a round trip to Chromium's proxy resolver). A failed lookup is treated as "proxied": the safe
 * side, the behaviour the desktop app had before the pool.
 */
export function createRoutedTransport(deps: RoutedTransportDeps): UpstreamTransport {
  const cacheMs = deps.cacheMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const routes = new Map<string, { route: Promise<UpstreamRoute>; until: number }>();
  const routeOf = (origin: string): Promise<UpstreamRoute> => {
    const cached = routes.get(origin);
    if (cached && cached.until > now()) return cached.route;
    const route = deps.route(origin + '/').catch((): UpstreamRoute => 'system-proxy');
    routes.set(origin, { route, until: now() + cacheMs });
    return route;
  };
  return {
    async send(request) {
      if ((await routeOf(request.origin)) !== 'direct') return deps.proxied.send(request);
      try {
        return await deps.direct.send(request);
      } catch (error) {
        if (!isUntrustedCertificate(error)) throw error;
        // Node's TLS trusts its own CA list, Chromium the OS trust store: a host whose certificate only
        // the OS trusts (a company's TLS inspection, an internal CA) goes through net.fetch from now on.
        // The handshake failed, so nothing (no token) was sent: retrying is safe.
        routes.set(request.origin, { route: Promise.resolve('system-proxy'), until: Number.POSITIVE_INFINITY });
        return deps.proxied.send(request);
      }
    },
    async close() {
      await Promise.all([deps.direct.close(), deps.proxied.close()]);
    },
  };
}

/** Node's codes for a certificate chain it does not trust (as opposed to a host that cannot be reached). */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

function isUntrustedCertificate(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (UNTRUSTED_CERTIFICATE.has((e as { code?: string }).code ?? '')) return true;
  }
  return false;
}

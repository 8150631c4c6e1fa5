import { session } from 'electron';
import type { UpstreamRoute } from '../core/local-api/routed-transport.js';

/**
 * How Chromium would reach a URL: `DIRECT`, or through the system/PAC proxy it resolves for it.
 *
 * The local API's proxy uses undici's pool only for `DIRECT` hosts (see `routed-transport.ts`); any
 * proxy entry (`PROXY …`, `HTTPS …`, `SOCKS5 …`, or a list ending in `DIRECT` as a fallback) keeps the
 * request on `net.fetch`, which honours it. Usable only after `ready`.
 */
export async function systemProxyRoute(url: string): Promise<UpstreamRoute> {
  const answer = (await session.defaultSession.resolveProxy(url)).trim();
  return answer === 'DIRECT' ? 'direct' : 'system-proxy';
}

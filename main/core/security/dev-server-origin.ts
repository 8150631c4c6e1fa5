const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The origin of a development server URL, or undefined unless it is plain http on a loopback host.
 *
 * Dev builds load the renderer from Vite's dev server and widen the CSP for it. Whatever names that server
 * (an environment variable) could otherwise point the app, or its policy, at a page on the network: only
 * `http:` on 127.0.0.1, [::1] or localhost, with a port and no credentials, is accepted.
 */
export function devServerOrigin(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || url.username || url.password || !url.port) return undefined;
  return LOOPBACK_HOSTS.has(url.hostname) ? url.origin : undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for hosts that never leave this machine, where plain http is acceptable for local testing. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);

/**
 * Checks a provider URL and returns its normalised form, or an error message naming the field.
 *
 * Only `https:` is accepted because credentials and tokens travel to these URLs; `http:` is allowed for
 * loopback hosts so that a local test provider works. Credentials in the URL are refused: they would be
 * stored and displayed in clear.
 */
export function checkProviderUrl(value: string, label: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { error: `${label} must be a full URL, e.g. https://login.example.com` };
  }
  if (url.username || url.password) return { error: `${label} must not contain a user name or password` };
  if (url.protocol === 'https:') return { url: stripTrailingSlash(url) };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { url: stripTrailingSlash(url) };
  return { error: `${label} must use https:// (http:// is allowed only for 127.0.0.1, [::1] or localhost)` };
}

function stripTrailingSlash(url: URL): string {
  const text = url.toString();
  return url.pathname === '/' && !url.search && !url.hash ? text.replace(/\/$/, '') : text;
}

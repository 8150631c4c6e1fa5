import type { ConnectionCredentials, ConnectionSource } from './connection-source.js';
import { internal } from './api-error.js';
import { credentialsOf, refreshConnection } from './connection-access.js';
import { upstreamUrl, type ProxyRequest } from './proxy-request.js';

/** What Salesforce answered, to be passed through. */
export interface UpstreamResponse {
  status: number;
  /** Undefined for bodiless answers (204, 304, HEAD). */
  body?: Buffer;
  headers: Record<string, string>;
}

export interface SalesforceProxyDeps {
  source: ConnectionSource;
  /** The app's fetch (injected: tests and the loopback-only guard see every call). */
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Upstream headers worth passing on; cookies and hop-by-hop headers stay behind. */
const PASSED_HEADERS = ['content-type', 'location', 'sforce-limit-info', 'last-modified', 'etag'];

/**
 * Sends one validated request to the connection's Salesforce instance with a working access token.
 *
 * The token is refreshed first when due (by `credentialsFor`); if Salesforce still answers 401 (a
 * session ended early: revoked in Setup, timed out by policy), the token is refreshed and the call
 * retried once. Concurrent calls that hit the same 401 share the work: a caller that finds a token
 * other than the one refused uses it instead of refreshing again (with rotating refresh tokens,
 * needless refreshes are not free). Redirects are returned, never followed, so the token only ever
 * goes to the instance URL.
 */
export async function proxyToSalesforce(deps: SalesforceProxyDeps, connectionId: string, request: ProxyRequest): Promise<UpstreamResponse> {
  const first = await credentialsOf(deps.source, connectionId);
  const response = await exchange(deps, first, request);
  if (response.status !== 401) return response;

  let second = await credentialsOf(deps.source, connectionId);
  if (second.accessToken === first.accessToken) {
    await refreshConnection(deps.source, connectionId);
    second = await credentialsOf(deps.source, connectionId);
  }
  return exchange(deps, second, request);
}

/**
 * One request to Salesforce and its whole body, within `timeoutMs`.
 *
 * The deadline is a timer raced against the request, not an `AbortSignal`: with a signal, Node 20's
 * fetch (undici 6) registers every request for clean-up with a FinalizationRegistry, and
 * `AbortSignal.timeout()` adds a weakly held timer; measured, that nearly doubles the proxy's CPU per
 * request (0.41 ms against 0.23 ms with `bench/local-api.bench.ts`'s load). The price: a request past
 * the deadline is answered 500 at once but left to undici's own 300 s timeouts to close, which only
 * happens when Salesforce hangs.
 */
async function exchange(deps: SalesforceProxyDeps, credentials: ConnectionCredentials, request: ProxyRequest): Promise<UpstreamResponse> {
  const url = upstreamUrl(credentials.instanceUrl, request);
  const headers: Record<string, string> = {
    Authorization: `${credentials.tokenType || 'Bearer'} ${credentials.accessToken}`,
    Accept: 'application/json',
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';

  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamTimeout()), deps.timeoutMs);
  });
  const pending = deps.fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual' });
  try {
    const response = await Promise.race([pending, expired]);
    return await Promise.race([read(response, request), expired]);
  } catch (error) {
    if (error instanceof UpstreamTimeout) {
      // Free the connection if the answer turns up after all.
      pending.then((late) => late.body?.cancel().catch(() => undefined), () => undefined);
      throw internal('upstream_timeout', `Salesforce did not answer within ${Math.round(deps.timeoutMs / 1000)} seconds.`);
    }
    // The error is not passed on: it would name the URL, and nothing in it helps the client more.
    throw internal('upstream_unreachable', 'Could not reach the connection\'s Salesforce instance.');
  } finally {
    clearTimeout(timer);
  }
}

class UpstreamTimeout extends Error {}

async function read(response: Response, request: ProxyRequest): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const bodiless = response.status === 204 || response.status === 205 || response.status === 304 || request.method === 'HEAD';
  if (bodiless) {
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, headers };
  }
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers };
}

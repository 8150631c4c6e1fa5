import type { ConnectionCredentials, ConnectionSource, ConnectionState } from './connection-source.js';
import { ApiError, internal } from './api-error.js';
import { credentialsOf, refreshConnection } from './connection-access.js';
import { upstreamTarget, type ProxyRequest } from './proxy-request.js';
import { UpstreamTimeoutError, type UpstreamAnswer, type UpstreamTransport } from './upstream-transport.js';

/** What Salesforce answered, to be passed through as it arrives. */
export interface UpstreamResponse {
  status: number;
  /** Undefined for bodiless answers (204, 304, HEAD). Streamed, never buffered whole. */
  body?: Pick<UpstreamAnswer, 'body' | 'writeTo' | 'arrivedLength'>;
  /** Salesforce's Content-Length, when it sent one (the answer is then passed on with it). */
  length?: number;
  headers: Record<string, string>;
}

export interface SalesforceProxyDeps {
  source: ConnectionSource;
  /** How requests reach Salesforce (a keep-alive pool, or the system-proxy-aware fetch). */
  transport: UpstreamTransport;
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
 *
 * `checked` is the connection as `requireUsableConnection` returned it, in the same synchronous step as
 * this call (so it is still the stored record: the connection is found once per request). One async
 * function that awaits the transport itself (no wrapper of its own around it) and the connections
 * module only for a refresh: each extra layer was a promise and a microtask more per proxied request.
 */
export async function proxyToSalesforce(deps: SalesforceProxyDeps, connectionId: string, checked: ConnectionState, request: ProxyRequest): Promise<UpstreamResponse> {
  // Not awaited unless it is a promise (a refresh): a fresh token is there at once.
  const found = credentialsOf(deps.source, connectionId, checked);
  const first = 'accessToken' in found ? found : await found;
  let answer: UpstreamAnswer;
  try {
    answer = await send(deps, first, request);
  } catch (error) {
    throw upstreamFailure(deps, error);
  }
  if (answer.status === 401) {
    // Discarded, so the pooled socket is reused; then once more with a token other than the refused one.
    await answer.discard();
    let second = await credentialsOf(deps.source, connectionId);
    if (second.accessToken === first.accessToken) {
      await refreshConnection(deps.source, connectionId);
      second = await credentialsOf(deps.source, connectionId);
    }
    try {
      answer = await send(deps, second, request);
    } catch (error) {
      throw upstreamFailure(deps, error);
    }
  }
  const passed: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = answer.header(name);
    if (value !== undefined) passed[name] = value;
  }
  const bodiless = answer.status === 204 || answer.status === 205 || answer.status === 304 || request.method === 'HEAD';
  if (bodiless) {
    await answer.discard();
    return { status: answer.status, headers: passed };
  }
  const declared = Number(answer.header('content-length'));
  return Number.isSafeInteger(declared) && declared >= 0
    ? { status: answer.status, body: answer, headers: passed, length: declared }
    : { status: answer.status, body: answer, headers: passed };
}

/** One request to Salesforce with `credentials`; the transport's promise of its answer (headers first, the body as it comes). */
function send(deps: SalesforceProxyDeps, credentials: ConnectionCredentials, request: ProxyRequest): Promise<UpstreamAnswer> {
  const { origin, target } = upstreamTarget(credentials.instanceUrl, request);
  const headers: Record<string, string> = {
    Authorization: `${credentials.tokenType || 'Bearer'} ${credentials.accessToken}`,
    Accept: 'application/json',
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  return deps.transport.send({ origin, target, method: request.method, headers, body: request.body, timeoutMs: deps.timeoutMs });
}

/** A transport failure as the client's error. The error itself is not passed on: it would name the URL, and nothing in it helps the client more. */
function upstreamFailure(deps: SalesforceProxyDeps, error: unknown): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof UpstreamTimeoutError) {
    return internal('upstream_timeout', `Salesforce did not answer within ${Math.round(deps.timeoutMs / 1000)} seconds.`);
  }
  return internal('upstream_unreachable', 'Could not reach the connection\'s Salesforce instance.');
}

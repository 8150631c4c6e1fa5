import type { ConnectionCredentials, ConnectionSource } from './connection-source.js';
import { internal } from './api-error.js';
import { credentialsOf, refreshConnection } from './connection-access.js';
import { upstreamUrl, type ProxyRequest } from './proxy-request.js';
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
 */
export async function proxyToSalesforce(deps: SalesforceProxyDeps, connectionId: string, request: ProxyRequest): Promise<UpstreamResponse> {
  const first = await credentialsOf(deps.source, connectionId);
  const response = await exchange(deps, first, request, true);
  if (response) return response;

  let second = await credentialsOf(deps.source, connectionId);
  if (second.accessToken === first.accessToken) {
    await refreshConnection(deps.source, connectionId);
    second = await credentialsOf(deps.source, connectionId);
  }
  return (await exchange(deps, second, request, false))!;
}

/**
 * One request to Salesforce; its answer's headers, and its body as a stream. A 401 on the first try
 * answers `undefined` (its body discarded, so the pooled socket is reused) for the caller to retry.
 */
async function exchange(deps: SalesforceProxyDeps, credentials: ConnectionCredentials, request: ProxyRequest, firstTry: boolean): Promise<UpstreamResponse | undefined> {
  const url = upstreamUrl(credentials.instanceUrl, request);
  const headers: Record<string, string> = {
    Authorization: `${credentials.tokenType || 'Bearer'} ${credentials.accessToken}`,
    Accept: 'application/json',
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';

  let answer: UpstreamAnswer;
  try {
    answer = await deps.transport.send({ url, method: request.method, headers, body: request.body, timeoutMs: deps.timeoutMs });
  } catch (error) {
    if (error instanceof UpstreamTimeoutError) {
      throw internal('upstream_timeout', `Salesforce did not answer within ${Math.round(deps.timeoutMs / 1000)} seconds.`);
    }
    // The error is not passed on: it would name the URL, and nothing in it helps the client more.
    throw internal('upstream_unreachable', 'Could not reach the connection\'s Salesforce instance.');
  }
  if (firstTry && answer.status === 401) {
    await answer.discard();
    return undefined;
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
  return { status: answer.status, body: answer, headers: passed, ...(Number.isSafeInteger(declared) && declared >= 0 ? { length: declared } : {}) };
}

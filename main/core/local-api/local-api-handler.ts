import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiKeyService, AuthenticatedKey } from '../api-keys/api-key-service.js';
import type { Logger } from '../support/logger.js';
import { ApiError, badRequest, forbidden, internal, notFound, unauthorized } from './api-error.js';
import { credentialsOf, requireUsableConnection } from './connection-access.js';
import type { ConnectionSource } from './connection-source.js';
import { listConnections } from './connections-endpoint.js';
import { parseJson, readBody, sendError, sendJson, sendRaw, sendStream } from './http-io.js';
import { parseProxyRequest } from './proxy-request.js';
import { rateLimitHeaders, type RateLimiter } from './rate-limiter.js';
import { proxyToSalesforce } from './salesforce-proxy.js';
import type { UpstreamTransport } from './upstream-transport.js';

export interface LocalApiHandlerDeps {
  apiKeys: Pick<ApiKeyService, 'authenticate' | 'recordUse'>;
  /** Read per request, so connections can be wired in after the server exists. */
  connections(): ConnectionSource;
  limiter: RateLimiter;
  /** How the proxy reaches Salesforce (see `upstream-transport.ts`). */
  transport: UpstreamTransport;
  logger: Logger;
  /** `127.0.0.1:<port>`: the only Host header accepted. */
  expectedHost(): string;
  /** How long the proxy waits for Salesforce (default 60 s). */
  proxyTimeoutMs?: number;
}

const MAX_PROXY_BODY_BYTES = 8 * 1024 * 1024;
const PROXY_PATH = '/api/v1/proxy/salesforce';
const CREDENTIALS_PATH = /^\/api\/v1\/connections\/([^/]+)\/credentials$/;

type Route =
  | { name: 'connections.list' }
  | { name: 'connections.credentials'; connectionId: string }
  | { name: 'proxy.salesforce' };

/**
 * The local credentials API, as one `node:http` request handler: the hosted product's wire format.
 *
 * Order of checks, each with its status: Host (403, defends against DNS rebinding: a web page whose
 * name resolves to 127.0.0.1 could otherwise reach this port), route (404/405), API key (401),
 * `X-Integration-Id` (403), rate limit (429), then the endpoint; for the proxy: `X-Connection-Id`
 * (400), the body's size (413), the connection (404/403/400), the body's content (400). Every
 * authenticated request counts toward its key's usage (written in batches). Responses never carry a
 * key value, and log lines name a key only by its public key.
 */
export function createLocalApiHandler(deps: LocalApiHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const proxyTimeoutMs = deps.proxyTimeoutMs ?? 60_000;

  /**
   * One request, from its checks to its answer or its error answer, and its log line. One async
   * function, not a `handle(…).then(done, failed)`: that was a second promise and two closures per
   * request. Nothing is timed or built for the log line unless debug lines are written.
   */
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const debug = deps.logger.isLevelEnabled('debug');
    const started = debug ? performance.now() : 0;
    // The budget, once the rate limit was checked: error answers after that still report it.
    let limits: Record<string, string> | undefined;
    try {
      const host = deps.expectedHost();
      if (req.headers.host !== host) {
        throw forbidden('invalid_host', `Requests must be addressed to http://${host}.`);
      }
      // The proxy's exact path needs no parsing (a URL object per request was measurable); anything
      // else goes through the WHATWG parser, which normalises (dot segments, `//host`) before matching.
      const url = req.url === PROXY_PATH ? undefined : new URL(req.url ?? '/', `http://${host}`);
      const route = match(req.method ?? 'GET', url ? url.pathname : PROXY_PATH);

      const key = authenticate(req);
      const integrationHeader = req.headers['x-integration-id'];
      if (integrationHeader !== undefined && integrationHeader !== key.integrationId) {
        throw forbidden('integration_mismatch', 'X-Integration-Id does not match the integration of this API key.');
      }
      const decision = deps.limiter.take(key.id);
      deps.apiKeys.recordUse(key.id);
      const budget = rateLimitHeaders(decision);
      if (!decision.allowed) {
        throw new ApiError(429, 'rate_limited', `This API key may make ${decision.limit} requests per minute; try again in ${decision.retryAfter} s.`, {
          ...budget,
          'Retry-After': String(decision.retryAfter),
        });
      }
      limits = budget;
      const source = deps.connections();

      let status: number;
      switch (route.name) {
        case 'connections.list':
          status = 200;
          sendJson(res, status, listConnections(source, key.integrationId, url!.searchParams), limits);
          break;
        case 'connections.credentials': {
          const connection = requireUsableConnection(source, key, route.connectionId);
          const found = credentialsOf(source, route.connectionId, connection);
          const credentials = 'accessToken' in found ? found : await found;
          status = 200;
          sendJson(res, status, {
            accessToken: credentials.accessToken,
            instanceUrl: credentials.instanceUrl,
            environment: credentials.environment,
            region: credentials.region,
            tokenType: credentials.tokenType,
            expiresAt: credentials.expiresAt,
          }, limits);
          break;
        }
        case 'proxy.salesforce': {
          const connectionId = req.headers['x-connection-id'];
          if (typeof connectionId !== 'string' || connectionId === '') {
            throw badRequest('missing_connection_id', 'Name the connection in the X-Connection-Id header.');
          }
          // The body first, then the connection's check, the body's validation and the token in one
          // synchronous step: the connection is found once, and no `await` lets it change in between.
          const body = await readBody(req, MAX_PROXY_BODY_BYTES);
          const connection = requireUsableConnection(source, key, connectionId);
          const request = parseProxyRequest(parseJson(body));
          const upstream = await proxyToSalesforce({ source, transport: deps.transport, timeoutMs: proxyTimeoutMs }, connectionId, connection, request);
          status = upstream.status;
          if (upstream.body) {
            const sending = sendStream(res, status, upstream.body, upstream.length, upstream.headers, limits);
            if (sending) await sending;
          } else {
            sendRaw(res, status, undefined, upstream.headers, limits);
          }
          break;
        }
      }
      if (debug) log(req, started, status, route.name, key.publicKey);
    } catch (error) {
      fail(req, res, started, debug, error, limits);
    }
  }

  function authenticate(req: IncomingMessage): AuthenticatedKey {
    const header = req.headers.authorization;
    if (!header) throw unauthorized('missing_api_key', 'Send an API key: Authorization: Bearer <apiKey>.');
    const found = /^Bearer +(\S+) *$/i.exec(header);
    if (!found) throw unauthorized('invalid_api_key', 'The Authorization header must be "Bearer <apiKey>".');
    const result = deps.apiKeys.authenticate(found[1]!);
    if (result.ok) return result.key;
    switch (result.reason) {
      case 'malformed':
        throw unauthorized('invalid_api_key', 'That is not an Integrations Desk API key (they start with desk_sk_).');
      case 'revoked':
        throw unauthorized('revoked_api_key', 'This API key was revoked. Generate a new one on the integration\'s API Keys tab.');
      default:
        throw unauthorized('invalid_api_key', 'This API key is not valid.');
    }
  }

  return (req, res) => void serve(req, res);

  // Functions of the handler rather than closures per request: this runs for every proxied call.
  function fail(req: IncomingMessage, res: ServerResponse, started: number, debug: boolean, error: unknown, limits: Record<string, string> | undefined): void {
    let failure = error instanceof ApiError ? error : internal('internal_error', 'Something went wrong in Integrations Desk. The details are in its log.');
    if (!(error instanceof ApiError)) deps.logger.error({ err: error, method: req.method }, 'local API request failed');
    if (limits && error instanceof ApiError) failure = new ApiError(failure.status, failure.error, failure.message, Object.assign({}, limits, failure.headers));
    if (res.headersSent) res.destroy();
    else sendError(res, failure);
    if (debug) log(req, started, failure.status);
  }

  function log(req: IncomingMessage, started: number, status: number, route?: string, key?: string): void {
    // The URL is not logged: its query may hold a search term, and nothing here needs it.
    deps.logger.debug({ method: req.method, route, status, ms: Math.round(performance.now() - started), key }, 'local API request');
  }
}

function match(method: string, pathname: string): Route {
  if (pathname === '/api/v1/connections') return only(method, 'GET', { name: 'connections.list' });
  if (pathname === PROXY_PATH) return only(method, 'POST', { name: 'proxy.salesforce' });
  const credentials = CREDENTIALS_PATH.exec(pathname);
  if (credentials) return only(method, 'GET', { name: 'connections.credentials', connectionId: decodeSegment(credentials[1]!) });
  throw notFound('not_found', 'No such endpoint. See /api/v1/connections, /api/v1/connections/{id}/credentials and /api/v1/proxy/salesforce.');
}

function only(method: string, allowed: string, route: Route): Route {
  if (method !== allowed) throw new ApiError(405, 'method_not_allowed', `Use ${allowed} for this endpoint.`, { Allow: allowed });
  return route;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

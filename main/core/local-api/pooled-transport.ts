import { Agent, type Dispatcher } from 'undici';
import { PooledAnswer } from './pooled-answer.js';
import type { UpstreamAnswer, UpstreamTransport } from './upstream-transport.js';

export interface PooledTransportOptions {
  /** Sockets kept per instance host (default 16: the proxy's concurrency to one org). */
  connectionsPerHost?: number;
  /** How long an idle socket is kept (default 10 s; Salesforce closes idle ones after ~60 s). */
  keepAliveMs?: number;
}

/**
 * The proxy's upstream on a keep-alive connection pool per instance host (undici `Agent`).
 *
 * Why not the global `fetch`: measured with `bench/local-api.bench.ts`, Node 20's fetch spent most of
 * the proxy's CPU on building WHATWG Request/Response objects and web streams per request, and opened
 * far more sockets than it reused under load. The `Agent` holds one `Pool` per origin, so each org's
 * instance gets its own bounded set of sockets, reused across requests.
 *
 * Pipelining is off (`pipelining: 1`, one request in flight per socket): Salesforce, like most
 * servers behind load balancers, does not promise ordered pipelined answers, and a slow query would
 * hold up every request queued behind it. Redirects are never followed (`dispatch` has no redirect
 * interceptor here), so a token only ever goes to the instance URL. The deadline is undici's own `headersTimeout` and
 * `bodyTimeout` (timers undici already keeps per socket; no AbortSignal per request). Requests go
 * through `dispatch` with a handler of our own (`pooled-answer.ts`) rather than `request()`: the body
 * is written straight into the client's response, without a stream and a pipe per request.
 */
export function createPooledTransport(options: PooledTransportOptions = {}): UpstreamTransport {
  const agent = new Agent({
    connections: options.connectionsPerHost ?? 16,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveMs ?? 10_000,
    connect: { timeout: 10_000 },
  });
  let closing: Promise<void> | undefined;
  return {
    // Not an async function: the answer's own promise is returned, one promise less per request.
    send(request): Promise<UpstreamAnswer> {
      const answer = new PooledAnswer();
      agent.dispatch(
        {
          origin: request.origin,
          path: request.target,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
          body: request.body,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
        },
        answer,
      );
      return answer.ready;
    },
    // Once: the core may be disposed more than once (quitting while a start-up failure is handled).
    close: () => (closing ??= agent.close()),
  };
}

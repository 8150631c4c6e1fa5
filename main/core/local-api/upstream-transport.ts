import type { Readable, Writable } from 'node:stream';

/** One request the proxy sends to a connection's Salesforce instance (its target already checked). */
export interface UpstreamRequest {
  /** The instance's origin (`https://host[:port]`): the request goes there and nowhere else. */
  origin: string;
  /** The path and query (checked: `upstreamTarget`), sent as they are. */
  target: string;
  method: string;
  headers: Record<string, string>;
  /** The JSON body, already serialised (the proxy's request envelope is parsed, so it is in memory). */
  body?: string;
  /** How long to wait for the answer's headers, and then between two chunks of its body. */
  timeoutMs: number;
}

/** What the instance answered; the body is a stream, passed on as it arrives. */
export interface UpstreamAnswer {
  status: number;
  header(name: string): string | undefined;
  /** The body as it arrives; consume it or `discard()` it, or the connection is not reused. */
  body: Readable;
  /** Frees the connection without reading the body (a 401 about to be retried, a bodiless answer). */
  discard(): Promise<void>;
  /**
   * Writes the body straight into `destination` and ends it, instead of `body` (optional: the pool
   * offers it, to spare a stream and a pipe per request). Back-pressure as `pipe`'s; an upstream
   * failure rejects with `destination` destroyed; `destination` closing first stops the upstream read.
   * Undefined rather than a promise when all of it was handed over at once.
   */
  writeTo?(destination: Writable): Promise<void> | undefined;
  /**
   * The body's length in bytes if all of it has already arrived (optional, like `writeTo`): the proxy
   * then answers with a Content-Length and the body in one write, rather than chunked.
   */
  arrivedLength?(): number | undefined;
}

/**
 * How the local API's proxy reaches Salesforce: a port with two implementations.
 *
 * - `pooled-transport.ts`: undici's `Agent`, a keep-alive pool per instance host (Node's own fetch
 *   engine, without fetch's per-request Request/Response/WHATWG-stream machinery). The default.
 * - `fetch-transport.ts`: the core's injected `fetch`. In the desktop app that is Chromium's
 *   `net.fetch`, which honours the system/PAC proxy and the OS trust store; undici knows neither.
 *
 * The composition root chooses (`app-core.ts`): the desktop app routes each instance host through the
 * pool when Chromium resolves it `DIRECT` and through `net.fetch` when a system proxy applies
 * (`routed-transport.ts`), so a corporate proxy never sees the pool bypass it; a host whose TLS
 * certificate only the OS trust store accepts (TLS inspection, an internal CA) moves to `net.fetch` too.
 *
 * Errors: a transport throws `UpstreamTimeoutError` when the deadline passes, anything else when the
 * instance cannot be reached; the proxy turns both into its own messages (never the URL).
 */
export interface UpstreamTransport {
  send(request: UpstreamRequest): Promise<UpstreamAnswer>;
  close(): Promise<void>;
}

export class UpstreamTimeoutError extends Error {
  constructor() {
    super('upstream timeout');
    this.name = 'UpstreamTimeoutError';
  }
}

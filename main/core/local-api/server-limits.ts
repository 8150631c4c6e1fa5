import type { Server, ServerOptions } from 'node:http';

/** What one loopback server accepts: how many sockets, and how long a client may take to send a request. */
export interface ServerLimits {
  maxConnections: number;
  /** A client must finish sending its headers within this time (slowloris). */
  headersTimeoutMs: number;
  /** …and its whole request, body included (never the response: a proxy call or an event stream may last). */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const LOCAL_API_LIMITS: ServerLimits = { maxConnections: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };
export const BROWSER_MODE_LIMITS: ServerLimits = { maxConnections: 64, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

/**
 * `node:http` server options for the limits: short header and request timeouts, checked every second.
 *
 * Node's defaults (60 s for headers, 300 s for a request, checked every 30 s) let one local process hold
 * a loopback server's sockets open almost for free; the local API and browser mode are both reachable
 * by every process on the machine.
 */
export function serverOptionsFor(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: 1_000,
  };
}

/** Caps the sockets a server keeps at once: the next connection is closed at once, not queued. */
export function capConnections(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
}

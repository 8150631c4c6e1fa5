import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeskError } from '../support/desk-error.js';
import { CALLBACK_HEADERS, renderCallbackPage, type CallbackPage } from './callback-page.js';
import { findPortOwner, type PortOwner } from './port-owner.js';

export type CallbackHost = '127.0.0.1' | 'localhost';
export type ListenerEnd = 'answered' | 'cancelled' | 'timed-out';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;

export interface LoopbackListenerOptions {
  /** The Callback URL's host form; `localhost` also binds `[::1]`, where browsers may resolve it. */
  host: CallbackHost;
  /** The fixed port registered with the provider (0 = any free port, for tests). */
  port: number;
  /** The exact path of the Callback URL, e.g. `/oauth/callback`. */
  path: string;
  /** How long to wait for the browser before closing (default 5 minutes). */
  timeoutMs?: number;
  /** Handles the one callback (validation, token exchange) and says what the browser tab shows. */
  onCallback(url: URL): Promise<CallbackPage>;
  /** Who holds a taken port; injectable for tests. */
  findOwner?(port: number): Promise<PortOwner | undefined>;
}

/** Thrown when the callback port is taken; carries the owner when the OS tells. */
export class PortInUseError extends DeskError {
  constructor(
    readonly port: number,
    readonly address: string,
    readonly owner: PortOwner | undefined,
  ) {
    super('PORT_IN_USE', portInUseMessage(port, address, owner));
    this.name = 'PortInUseError';
  }
}

/** The sentence the UI shows for a taken port, naming the owner where known and the way out. */
export function portInUseMessage(port: number, address: string, owner: PortOwner | undefined): string {
  const who = owner
    ? owner.pid === process.pid
      ? ' by Integrations Desk itself (another sign-in or browser-mode server is using it)'
      : ` by another program (${owner.command}, process ${owner.pid})`
    : ' by another program';
  return (
    `The callback port ${port} on ${address} is in use${who}, so the sign-in cannot come back to the app. ` +
    'Close that program, or choose another port in Settings and register the new Callback URL with the provider.'
  );
}

const UNAVAILABLE_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * The OAuth loopback redirect receiver (RFC 8252 §7.3, §8.3), modelled on VS Code's authServer.
 *
 * Bound to loopback addresses only, and open only while one sign-in is pending: it accepts exactly one
 * `GET` on the exact callback path, stops accepting connections as soon as that request arrives,
 * answers it once, and closes. Other paths get 404 and other methods 405 without consuming the one
 * answer (a browser may ask for `/favicon.ico`). A Host header other than our own loopback names is
 * refused, which defeats DNS-rebinding pages. Cancel and timeout close it too.
 */
export class LoopbackListener {
  private readonly servers: http.Server[] = [];
  private state: 'listening' | 'answering' | 'closed' = 'listening';
  private timer: NodeJS.Timeout | undefined;
  private resolveDone!: (end: ListenerEnd) => void;
  /** Resolves once the listener is closed, with why. */
  readonly done: Promise<ListenerEnd>;
  private boundPort: number;

  private constructor(private readonly options: LoopbackListenerOptions) {
    this.boundPort = options.port;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /**
   * Binds the listener, or throws `PortInUseError` having opened nothing.
   *
   * The port is checked by binding it, not by probing first: a probe would leave a window in which
   * another program takes the port.
   */
  static async open(options: LoopbackListenerOptions): Promise<LoopbackListener> {
    const listener = new LoopbackListener(options);
    await listener.bind();
    return listener;
  }

  get host(): CallbackHost {
    return this.options.host;
  }

  get port(): number {
    return this.boundPort;
  }

  /** True while a server socket accepts connections. */
  get isListening(): boolean {
    return this.servers.some((s) => s.listening);
  }

  /** The bound addresses: 127.0.0.1, and ::1 for `localhost` where IPv6 is available. */
  addresses(): AddressInfo[] {
    return this.servers.filter((s) => s.listening).map((s) => s.address() as AddressInfo);
  }

  /**
   * Closes without an answer (the admin cancelled, or another sign-in replaced this one).
   *
   * Once the callback has arrived, the listener is already closed to new connections and closes
   * itself after its one answer: cancelling then would cut that answer off, so it waits for it.
   */
  async cancel(): Promise<void> {
    if (this.state === 'listening') await this.finish('cancelled');
    else await this.done;
  }

  private async bind(): Promise<void> {
    const addresses = this.options.host === 'localhost' ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
    for (const address of addresses) {
      const server = http.createServer((req, res) => void this.handle(req, res));
      server.keepAliveTimeout = 1;
      try {
        await listen(server, address, this.boundPort);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (address === '::1' && UNAVAILABLE_IPV6.has(code)) continue;
        await this.closeServers();
        this.state = 'closed';
        if (code === 'EADDRINUSE' || code === 'EACCES') {
          const owner = await (this.options.findOwner ?? findPortOwner)(this.boundPort).catch(() => undefined);
          throw new PortInUseError(this.boundPort, address === '::1' ? '[::1]' : address, owner);
        }
        throw new DeskError('INTERNAL', `The callback listener could not start on ${address} (${code || 'unknown error'}).`);
      }
      this.servers.push(server);
      this.boundPort = (server.address() as AddressInfo).port;
    }
    const timeout = this.options.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
    this.timer = setTimeout(() => void this.finish('timed-out'), timeout);
    this.timer.unref();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '';
    if (!this.hostAllowed(req.headers.host) || !rawUrl.startsWith('/')) return plain(res, 400, 'Bad request');
    const url = new URL(rawUrl, `http://${req.headers.host}`);
    if (url.pathname !== this.options.path) return plain(res, 404, 'Not found');
    if (req.method !== 'GET') return plain(res, 405, 'Method not allowed', { Allow: 'GET' });
    if (this.state !== 'listening') return plain(res, 409, 'This sign-in has already been answered.');

    // The one answer: stop accepting connections before doing anything else.
    this.state = 'answering';
    clearTimeout(this.timer);
    for (const server of this.servers) server.close();

    let page: CallbackPage;
    try {
      page = await this.options.onCallback(url);
    } catch {
      page = { ok: false, title: 'Sign-in failed', message: 'Integrations Desk could not complete the sign-in. The app shows what happened.' };
    }
    const body = renderCallbackPage(page);
    res.writeHead(page.ok ? 200 : 400, { ...CALLBACK_HEADERS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body, () => void this.finish('answered'));
  }

  private hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const port = this.boundPort;
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
  }

  private async finish(end: ListenerEnd): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.timer);
    await this.closeServers();
    this.resolveDone(end);
  }

  private async closeServers(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function plain(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
    ...extra,
  });
  res.end(text);
}

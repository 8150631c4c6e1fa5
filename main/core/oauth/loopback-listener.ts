import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeskError } from '../support/desk-error.js';
import { CALLBACK_HEADERS, renderCallbackPage, type CallbackPage } from './callback-page.js';
import { findPortOwner, type PortOwner } from './port-owner.js';

export type CallbackHost = '127.0.0.1' | 'localhost';
export type ListenerEnd = 'answered' | 'cancelled' | 'timed-out';

export const DEFAULT_FLOW_TIMEOUT_MS = 5 * 60_000;

/** Completes a claimed callback and says what the browser tab shows. */
export type CallbackHandler = () => Promise<CallbackPage>;

export interface LoopbackListenerOptions {
  /** The Callback URL's host form; `localhost` also binds `[::1]`, where browsers may resolve it. */
  host: CallbackHost;
  /** The fixed port registered with the provider (0 = any free port, for tests). */
  port: number;
  /** The exact callback path, or a test for the paths of the sign-ins waiting; other paths get 404. */
  path: string | ((pathname: string) => boolean);
  /**
   * Claims a request for the sign-in it belongs to, synchronously, or returns undefined.
   *
   * An unclaimed request (its state matches no waiting sign-in) is answered 400 and changes nothing:
   * the listener keeps waiting, so a forged or stale callback cannot end a sign-in.
   */
  claim(url: URL): CallbackHandler | undefined;
  /** Closes by itself after this long (default: never; sign-ins keep their own timers). */
  timeoutMs?: number;
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
 * Bound to loopback addresses only (`127.0.0.1`, plus `[::1]` for a `localhost` Callback URL), and
 * open only while sign-ins wait: the owner closes it when the last one ends. Only `GET` on a callback
 * path is considered; other paths get 404 and other methods 405. A request is handed to `claim`, which
 * matches it to a waiting sign-in by path and state: a request that matches none (an `<img>` on any
 * web page, a stale tab, a forged state) is answered 400 and is not counted, so it cannot abort a
 * sign-in (issue 13). A Host header other than our own loopback names is refused (DNS rebinding).
 */
export class LoopbackListener {
  private readonly servers: http.Server[] = [];
  private readonly boundAddresses = new Set<string>();
  private state: 'listening' | 'draining' | 'closed' = 'listening';
  private timer: NodeJS.Timeout | undefined;
  private answering = 0;
  private drained: (() => void) | undefined;
  private resolveDone!: (end: ListenerEnd) => void;
  /** Resolves once the listener is closed, with why. */
  readonly done: Promise<ListenerEnd>;
  private boundPort: number;
  private hostForm: CallbackHost;

  private constructor(private readonly options: LoopbackListenerOptions) {
    this.boundPort = options.port;
    this.hostForm = options.host;
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
    await listener.bind(options.host === 'localhost' ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
    if (options.timeoutMs !== undefined) {
      listener.timer = setTimeout(() => void listener.close('timed-out'), options.timeoutMs);
      listener.timer.unref();
    }
    return listener;
  }

  get host(): CallbackHost {
    return this.hostForm;
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
   * Also listens on `[::1]`, for a sign-in whose Callback URL says `localhost` joining a listener
   * opened for `127.0.0.1`; throws `PortInUseError` when another program holds the port there.
   */
  async addHost(host: CallbackHost): Promise<void> {
    if (host !== 'localhost' || this.hostForm === 'localhost' || this.state !== 'listening') return;
    await this.bind(['::1']);
    this.hostForm = 'localhost';
  }

  /**
   * Stops accepting new connections while answers in progress finish: the last waiting sign-in has
   * its callback, so nothing else may arrive.
   */
  stopAccepting(): void {
    for (const server of this.servers) server.close();
  }

  /** Closes without an answer (the admin cancelled, or another sign-in replaced this one). */
  async cancel(): Promise<void> {
    await this.close('cancelled');
  }

  /** Closes, letting answers in progress finish first, and resolves `done` with `end`. */
  async close(end: ListenerEnd): Promise<void> {
    if (this.state !== 'listening') {
      await this.done;
      return;
    }
    this.state = 'draining';
    clearTimeout(this.timer);
    this.stopAccepting();
    if (this.answering > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.closeServers();
    this.state = 'closed';
    this.resolveDone(end);
  }

  /**
   * Binds the addresses at once (issue 15: `127.0.0.1` and `[::1]` one after the other was two
   * round trips of a sign-in's start). Port 0 (tests) binds the first address alone first, so the
   * others get the port it was given. Any failure other than an IPv6 that is not there closes what
   * was bound; the first address's failure is the one reported.
   */
  private async bind(addresses: string[]): Promise<void> {
    const pending = addresses.filter((address) => !this.boundAddresses.has(address));
    if (pending.length === 0) return;
    if (this.boundPort === 0 && pending.length > 1) {
      await this.bind(pending.slice(0, 1));
      try {
        await this.bind(pending.slice(1));
      } catch (error) {
        if (this.state === 'listening') await this.closeAll();
        throw error;
      }
      return;
    }
    const servers = pending.map(() => http.createServer((req, res) => void this.handle(req, res)));
    const results = await Promise.allSettled(
      servers.map((server, i) => {
        server.keepAliveTimeout = 1;
        return listen(server, pending[i]!, this.boundPort);
      }),
    );
    let failure: { address: string; code: string } | undefined;
    for (const [i, result] of results.entries()) {
      const address = pending[i]!;
      if (result.status === 'fulfilled') {
        this.servers.push(servers[i]!);
        this.boundAddresses.add(address);
        this.boundPort = (servers[i]!.address() as AddressInfo).port;
        continue;
      }
      const code = (result.reason as NodeJS.ErrnoException).code ?? '';
      if (address === '::1' && UNAVAILABLE_IPV6.has(code)) continue;
      failure ??= { address, code };
    }
    if (!failure) return;
    const { address, code } = failure;
    if (this.servers.length === 0) {
      this.state = 'closed';
      this.resolveDone('cancelled');
    }
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const owner = await (this.options.findOwner ?? findPortOwner)(this.boundPort).catch(() => undefined);
      if (this.state === 'listening' && addresses.length > 1) await this.closeAll();
      throw new PortInUseError(this.boundPort, address === '::1' ? '[::1]' : address, owner);
    }
    if (this.state === 'listening' && addresses.length > 1) await this.closeAll();
    throw new DeskError('INTERNAL', `The callback listener could not start on ${address} (${code || 'unknown error'}).`);
  }

  private async closeAll(): Promise<void> {
    await this.closeServers();
    this.state = 'closed';
    this.resolveDone('cancelled');
  }

  private isCallbackPath(pathname: string): boolean {
    const { path } = this.options;
    return typeof path === 'string' ? pathname === path : path(pathname);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '';
    if (!this.hostAllowed(req.headers.host) || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return plain(res, 400, 'Bad request');
    let url: URL;
    try {
      url = new URL(rawUrl, `http://127.0.0.1:${this.boundPort}`);
    } catch {
      return plain(res, 400, 'Bad request');
    }
    if (!this.isCallbackPath(url.pathname)) return plain(res, 404, 'Not found');
    if (req.method !== 'GET') return plain(res, 405, 'Method not allowed', { Allow: 'GET' });
    if (this.state !== 'listening') return plain(res, 409, 'No sign-in is waiting any more.');

    const handler = this.options.claim(url);
    if (!handler) {
      // Not counted: the sign-ins that wait keep waiting (a forged or stale callback ends nothing).
      return plain(res, 400, 'This answer does not belong to a sign-in that is waiting, so it was ignored.');
    }
    this.answering += 1;
    let page: CallbackPage;
    try {
      page = await handler();
    } catch {
      page = { ok: false, title: 'Sign-in failed', message: 'Integrations Desk could not complete the sign-in. The app shows what happened.' };
    }
    const body = renderCallbackPage(page);
    res.writeHead(page.ok ? 200 : 400, { ...CALLBACK_HEADERS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body, () => {
      this.answering -= 1;
      if (this.answering === 0) this.drained?.();
    });
  }

  private hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const port = this.boundPort;
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
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

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { dispatch } from '../core/ipc/dispatch.js';
import { BROWSER_MODE_LIMITS, capConnections, serverOptionsFor } from '../core/local-api/server-limits.js';
import { appCsp, createCspNonce, injectCspNonce } from '../core/security/content-security-policy.js';
import type { AppCore } from '../core/app-core.js';
import { createBrowserSessions } from './browser-sessions.js';
import { createEventStream } from './event-stream.js';
import { FAVICON_PNG } from './favicon.js';
import { helpPage } from './help-page.js';
import { sendListAnswer } from './json-answer.js';
import { randomLaunchHost } from './launch-host.js';
import { listenOnLoopback } from './loopback-listen.js';
import { checkHost, checkRequest, readCookie, SESSION_COOKIE, type GuardExpectation } from './request-guard.js';
import { readLimitedBody } from '../core/support/limited-body.js';
import { readStatic } from './static-files.js';

const MAX_BODY = 1024 * 1024;

export interface WebServer {
  /** The URL to open: carries a one-time launch token, exchanged for a session cookie. */
  url: string;
  origin: string;
  /** This launch's host name (`desk-….localhost`). */
  host: string;
  /** The printed link's token; scripts send it as `X-Desk-Token`. Never the session cookie. */
  token: string;
  port: number;
  /** The 127.0.0.1 listener (and `servers[1]`, the [::1] one, where IPv6 exists). */
  server: http.Server;
  servers: http.Server[];
  /** Open event streams (tests: a client that does not read is dropped). */
  eventClients(): number;
  close(): Promise<void>;
}

export interface WebServerOptions {
  core: AppCore;
  staticDir: string;
  port: number;
  /** Injected for tests; a fresh 256-bit random token otherwise. */
  token?: string;
  /** Injected for tests; a fresh random `desk-….localhost` name otherwise. */
  host?: string;
  /** Called with a new link when a browser without a session asks and every earlier link was used. */
  onNewLink?(url: string): void;
}

/**
 * Serves the renderer and the contract to a browser on loopback ("browser mode").
 *
 * Same core, same contract as the Electron app: calls arrive as `POST /api/rpc/<channel>` and go through the
 * same dispatcher (schema validation, errors as values); events stream to every open page over
 * Server-Sent Events. Bound to 127.0.0.1 and [::1] only, and answering only to this launch's random
 * `.localhost` name, so its session cookie is never sent to another server (issue 13).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { core } = options;
  const launchHost = (options.host ?? randomLaunchHost()).toLowerCase();
  const sessions = createBrowserSessions(options.token);
  const events = createEventStream();
  let expected: GuardExpectation = { host: '', origin: '' };
  const linkFor = (token: string, path = '/oauth') => `${expected.origin}${path}?token=${token}`;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      core.logger.error({ err: e }, 'browser-mode request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.end();
    });
  };
  const servers: [http.Server, http.Server] = [http.createServer(serverOptionsFor(BROWSER_MODE_LIMITS), onRequest), http.createServer(serverOptionsFor(BROWSER_MODE_LIMITS), onRequest)];
  for (const server of servers) capConnections(server, BROWSER_MODE_LIMITS);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '';
    // Origin-form only: an absolute or `//host` target must never become a redirect elsewhere.
    if (!target.startsWith('/')) return send(res, 400, { error: 'Bad request target' });
    const url = new URL(expected.origin + target);

    const host = checkHost(req, expected);
    if (!host.ok) {
      if (wantsPage(req)) return sendHelp(res, 421, 'wrong-host');
      return send(res, host.status ?? 421, { error: host.reason });
    }
    if (url.pathname === '/favicon.ico') return sendFavicon(req, res);

    // The printed link: its one-time token is exchanged for a session cookie, and dropped from the address.
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      url.searchParams.delete('token');
      const location = localPath(url);
      const session = sessions.exchange(queryToken);
      if (session === undefined) {
        // Already used: a browser that holds a session is simply sent on; any other is told where to look.
        if (sessions.isSession(readCookie(req.headers.cookie, SESSION_COOKIE))) return redirect(res, location);
        announceNewLink();
        return sendHelp(res, 401, 'link-used');
      }
      return redirect(res, location, `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict`);
    }
    const verdict = checkRequest(req, expected, sessions);
    if (!verdict.ok) {
      if (verdict.status === 401 && wantsPage(req)) {
        announceNewLink();
        return sendHelp(res, 401, 'no-session');
      }
      return send(res, verdict.status ?? 403, { error: verdict.reason });
    }

    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, { error: 'Use POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, { error: 'Use application/json' });
      }
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/rpc/'.length));
      } catch {
        return send(res, 400, { ok: false, code: 'VALIDATION', message: 'The call name is not valid.' });
      }
      const body = await readLimitedBody(req, MAX_BODY);
      if (body === 'too-large') {
        // Answered, not reset: the client reads its 413, and the connection closes after it.
        return send(res, 413, { error: 'Body too large' }, { Connection: 'close' });
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { ok: false, code: 'VALIDATION', message: 'The request was not valid JSON.' });
      }
      const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
      // A long list (every connection) is written in pieces, not built as one string (issue 15).
      if (await sendListAnswer(res, result, JSON_HEADERS)) return;
      return send(res, 200, result);
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      events.add(res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Method not allowed' });
    const file = await readStatic(options.staticDir, url.pathname);
    if (!file) return send(res, 404, { error: 'Not found' });
    // The same policy as the Electron app's, with a fresh nonce per response, written into the page.
    const nonce = createCspNonce();
    const body = file.type.startsWith('text/html') ? Buffer.from(injectCspNonce(file.body.toString('utf8'), nonce)) : file.body;
    res.writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': appCsp({ nonce }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function announceNewLink(): void {
    const token = sessions.mintLaunchToken();
    if (token !== undefined) options.onNewLink?.(linkFor(token));
  }

  const unsubscribe = core.events.subscribeAll((name, payload) => {
    events.broadcast(`event: message\ndata: ${JSON.stringify({ name, payload })}\n\n`);
  });
  const heartbeat = setInterval(() => events.broadcast(': ping\n\n'), 25_000);
  heartbeat.unref();

  const port = await listenOnLoopback(servers, options.port);
  expected = { host: `${launchHost}:${port}`, origin: `http://${launchHost}:${port}` };
  const listening = servers.filter((s) => s.listening);

  return {
    url: linkFor(sessions.scriptToken),
    origin: expected.origin,
    host: launchHost,
    token: sessions.scriptToken,
    port,
    server: servers[0],
    servers: listening,
    eventClients: () => events.size(),
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      events.closeAll();
      await Promise.all(
        listening.map((server) => {
          server.closeAllConnections();
          return new Promise<void>((resolve) => server.close(() => resolve()));
        }),
      );
    },
  };
}

/** The path and query to send a browser to, never `//host` (a protocol-relative URL) or `/\host`. */
export function localPath(url: URL): string {
  const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
  return path + url.search;
}

/** A top-level page load (not a fetch of the app's own scripts), which gets a page rather than JSON. */
const wantsPage = (req: IncomingMessage): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(302, {
    ...(cookie ? { 'Set-Cookie': cookie } : {}),
    Location: location,
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end();
}

function sendHelp(res: ServerResponse, status: number, reason: Parameters<typeof helpPage>[0]): void {
  const nonce = createCspNonce();
  const body = helpPage(reason, nonce);
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendFavicon(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'image/png',
    'Content-Length': FAVICON_PNG.length,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=86400',
  });
  res.end(req.method === 'HEAD' ? undefined : FAVICON_PNG);
}

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

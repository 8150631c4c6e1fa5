import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../core/ipc/dispatch.js';
import { appCsp, createCspNonce, injectCspNonce } from '../core/security/content-security-policy.js';
import type { AppCore } from '../core/app-core.js';
import { checkRequest, SESSION_COOKIE } from './request-guard.js';
import { readStatic } from './static-files.js';

const MAX_BODY = 1024 * 1024;

export interface WebServer {
  /** The URL to open: carries the per-launch token once; the server then sets a cookie. */
  url: string;
  origin: string;
  token: string;
  server: http.Server;
  close(): Promise<void>;
}

export interface WebServerOptions {
  core: AppCore;
  staticDir: string;
  port: number;
  /** Injected for tests; a fresh 256-bit random token otherwise. */
  token?: string;
}

/**
 * Serves the renderer and the contract to a browser on 127.0.0.1 ("browser mode").
 *
 * Same core, same contract as the Electron app: calls arrive as `POST /api/rpc/<channel>` and go through the
 * same dispatcher (schema validation, errors as values); events stream to every open page over
 * Server-Sent Events. Bound to 127.0.0.1 only, never to all interfaces.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sseClients = new Set<ServerResponse>();
  const { core } = options;
  let expected = { host: '', origin: '', token };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      core.logger.error({ err: e }, 'browser-mode request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', expected.origin);
    // The one request allowed without the cookie: the printed URL itself, which carries the token.
    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      const verdict = checkRequest(req, expected, queryToken);
      if (!verdict.ok) return send(res, verdict.status ?? 403, { error: verdict.reason });
      url.searchParams.delete('token');
      res.writeHead(302, {
        'Set-Cookie': `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
        Location: url.pathname + url.search,
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const verdict = checkRequest(req, expected);
    if (!verdict.ok) return send(res, verdict.status ?? 403, { error: verdict.reason });

    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, { error: 'Use POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, { error: 'Use application/json' });
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/rpc/'.length));
      const body = await readBody(req);
      if (body === undefined) return send(res, 413, { error: 'Body too large' });
      let payload: unknown;
      try {
        payload = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        return send(res, 400, { ok: false, code: 'VALIDATION', message: 'The request was not valid JSON.' });
      }
      const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
      return send(res, 200, result);
    }
    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
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

  const unsubscribe = core.events.subscribeAll((name, payload) => {
    const frame = `event: message\ndata: ${JSON.stringify({ name, payload })}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': ping\n\n');
  }, 25_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  expected = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, token };

  return {
    url: `${expected.origin}/oauth?token=${token}`,
    origin: expected.origin,
    token,
    server,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const client of sseClients) client.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

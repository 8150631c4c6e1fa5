import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetchTransport } from '../../main/core/local-api/fetch-transport.js';
import { createPooledTransport } from '../../main/core/local-api/pooled-transport.js';
import { createRoutedTransport, type UpstreamRoute } from '../../main/core/local-api/routed-transport.js';
import { UpstreamTimeoutError, type UpstreamTransport } from '../../main/core/local-api/upstream-transport.js';

/** A Salesforce stand-in on 127.0.0.1 that counts the TCP connections it accepted. */
async function upstream(handler: http.RequestListener): Promise<{ url: string; connections: () => number; stop(): Promise<void> }> {
  let connections = 0;
  const server = http.createServer(handler);
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const read = async (body: NodeJS.ReadableStream): Promise<string> => {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

async function pooled(options?: Parameters<typeof createPooledTransport>[0]): Promise<UpstreamTransport> {
  const transport = createPooledTransport(options);
  cleanups.push(() => transport.close());
  return transport;
}

describe('the proxy upstream on a keep-alive pool (issue 15)', () => {
  it('reuses its sockets for requests one after another', async () => {
    const server = await upstream((_req, res) => res.end('{"ok":true}'));
    cleanups.push(server.stop);
    const transport = await pooled();
    for (let i = 0; i < 100; i += 1) {
      const answer = await transport.send({ origin: server.url, target: '/services/data', method: 'GET', headers: {}, timeoutMs: 5_000 });
      expect(answer.status).toBe(200);
      expect(await read(answer.body)).toBe('{"ok":true}');
    }
    // Node's global fetch opened one per request under load; the pool keeps reusing the same one or
    // two (undici may open a second while the first is still finishing its last answer).
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('opens no more sockets per host than it is allowed, however many requests wait', async () => {
    const server = await upstream((_req, res) => setTimeout(() => res.end('x'), 5));
    cleanups.push(server.stop);
    const transport = await pooled({ connectionsPerHost: 4 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, async () => read((await transport.send({ origin: server.url, target: '/services/x', method: 'GET', headers: {}, timeoutMs: 5_000 })).body)),
    );
    expect(answers.every((a) => a === 'x')).toBe(true);
    expect(server.connections()).toBeLessThanOrEqual(4);
  });

  it('hands the body on as it arrives, before the upstream has finished sending it', async () => {
    let finish: () => void = () => {};
    const server = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"records":[');
      finish = () => res.end(']}');
    });
    cleanups.push(server.stop);
    const transport = await pooled();
    const answer = await transport.send({ origin: server.url, target: '/services/q', method: 'GET', headers: {}, timeoutMs: 5_000 });
    expect(answer.header('content-type')).toBe('application/json');
    const first = await new Promise<string>((resolve) => answer.body.once('data', (chunk) => resolve(String(chunk))));
    expect(first).toBe('{"records":[');
    finish();
    expect(await read(answer.body)).toBe(']}');
  });

  it('sends the body with its length and never follows a redirect', async () => {
    const seen: Array<{ method?: string; length?: string; body: string }> = [];
    const server = await upstream((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c))).on('end', () => {
        seen.push({ method: req.method, length: req.headers['content-length'], body });
        res.writeHead(302, { location: 'http://127.0.0.2/elsewhere' }).end();
      });
    });
    cleanups.push(server.stop);
    const transport = await pooled();
    const answer = await transport.send({ origin: server.url, target: '/services/sobjects/Account', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Name":"Ünïcode"}', timeoutMs: 5_000 });
    await answer.discard();
    expect(answer.status).toBe(302);
    expect(answer.header('location')).toBe('http://127.0.0.2/elsewhere');
    expect(seen).toEqual([{ method: 'POST', length: String(Buffer.byteLength('{"Name":"Ünïcode"}')), body: '{"Name":"Ünïcode"}' }]);
  });

  it('gives up on an upstream that does not answer in time', async () => {
    const server = await upstream(() => {});
    cleanups.push(server.stop);
    const transport = await pooled();
    await expect(transport.send({ origin: server.url, target: '/services/slow', method: 'GET', headers: {}, timeoutMs: 100 })).rejects.toBeInstanceOf(UpstreamTimeoutError);
  });
});

describe('choosing the transport per instance host (issue 15)', () => {
  const recording = (name: string, log: string[]): UpstreamTransport => ({
    async send(request) {
      log.push(`${name} ${new URL(request.origin).host}`);
      throw new Error('recorded only');
    },
    close: async () => undefined,
  });

  it('uses the pool where the system goes direct, the proxy-aware fetch where a proxy applies, and asks once per host', async () => {
    const log: string[] = [];
    const asked: string[] = [];
    const routes: Record<string, UpstreamRoute> = { 'http://direct.test/': 'direct', 'http://proxied.test/': 'system-proxy' };
    const transport = createRoutedTransport({
      direct: recording('pool', log),
      proxied: recording('fetch', log),
      route: async (url) => (asked.push(url), routes[url] ?? 'direct'),
    });
    for (const host of ['direct.test', 'proxied.test', 'direct.test', 'proxied.test']) {
      await transport.send({ origin: `http://${host}`, target: '/services/x', method: 'GET', headers: {}, timeoutMs: 1_000 }).catch(() => undefined);
    }
    expect(log).toEqual(['pool direct.test', 'fetch proxied.test', 'pool direct.test', 'fetch proxied.test']);
    expect(asked).toEqual(['http://direct.test/', 'http://proxied.test/']);
  });

  it('keeps a host on the proxy-aware fetch when the system cannot say', async () => {
    const log: string[] = [];
    const transport = createRoutedTransport({ direct: recording('pool', log), proxied: recording('fetch', log), route: () => Promise.reject(new Error('no resolver')) });
    await transport.send({ origin: 'http://org.test', target: '/services/x', method: 'GET', headers: {}, timeoutMs: 1_000 }).catch(() => undefined);
    expect(log).toEqual(['fetch org.test']);
  });

  it('moves a host whose certificate Node does not trust (only the OS does) to the proxy-aware fetch, for good', async () => {
    const log: string[] = [];
    const untrusted: UpstreamTransport = {
      async send(request) {
        log.push(`pool ${new URL(request.origin).host}`);
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }) });
      },
      close: async () => undefined,
    };
    const proxied: UpstreamTransport = {
      async send(request) {
        log.push(`fetch ${new URL(request.origin).host}`);
        return { status: 200, header: () => undefined, body: (await import('node:stream')).Readable.from([]), discard: async () => undefined };
      },
      close: async () => undefined,
    };
    const transport = createRoutedTransport({ direct: untrusted, proxied, route: async () => 'direct' });
    const request = { origin: 'https://inspected.test', target: '/services/x', method: 'GET', headers: {}, timeoutMs: 1_000 };
    expect((await transport.send(request)).status).toBe(200);
    expect((await transport.send(request)).status).toBe(200);
    expect(log).toEqual(['pool inspected.test', 'fetch inspected.test', 'fetch inspected.test']);
  });

  it('passes a body through the fetch transport as a stream too', async () => {
    const server = await upstream((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('streamed'));
    cleanups.push(server.stop);
    const answer = await createFetchTransport(fetch).send({ origin: server.url, target: '/services/x', method: 'GET', headers: {}, timeoutMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(answer.header('content-type')).toBe('text/plain');
    expect(await read(answer.body)).toBe('streamed');
  });
});

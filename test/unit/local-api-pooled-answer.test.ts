import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createPooledTransport } from '../../main/core/local-api/pooled-transport.js';
import type { UpstreamAnswer, UpstreamTransport } from '../../main/core/local-api/upstream-transport.js';

/** A Salesforce stand-in on 127.0.0.1. */
async function upstream(handler: http.RequestListener): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A client's response as the proxy sees it: collects what it is given, as slowly as asked. */
function destination(options: { delayMs?: number; highWaterMark?: number } = {}) {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      if (options.delayMs) setTimeout(done, options.delayMs);
      else done();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString(), bytes: () => chunks.reduce((n, c) => n + c.length, 0) };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

async function send(url: string): Promise<UpstreamAnswer & Required<Pick<UpstreamAnswer, 'writeTo'>>> {
  const transport: UpstreamTransport = createPooledTransport();
  cleanups.push(() => transport.close());
  const answer = await transport.send({ url: new URL('/services/x', url), method: 'GET', headers: {}, timeoutMs: 5_000 });
  expect(answer.writeTo).toBeTypeOf('function');
  return answer as UpstreamAnswer & Required<Pick<UpstreamAnswer, 'writeTo'>>;
}

describe('the pool writing an answer straight into the client response (issue 15)', () => {
  it('writes a small answer whole and ends the response', async () => {
    const server = await upstream((_req, res) => res.end('{"ok":true}'));
    cleanups.push(server.stop);
    const answer = await send(server.url);
    const out = destination();
    await answer.writeTo(out.sink);
    expect(out.sink.writableEnded).toBe(true);
    expect(out.text()).toBe('{"ok":true}');
  });

  it('slows the upstream read to a slow client: a client that takes nothing holds the upstream back', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const CHUNKS = 1_024; // 64 MiB: far more than the socket buffers on both sides can hold
    let sent = 0;
    const server = await upstream((_req, res) => {
      const more = () => {
        while (sent < CHUNKS) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    cleanups.push(server.stop);
    const answer = await send(server.url);
    // A client that takes one chunk and then nothing until released.
    const held: Array<() => void> = [];
    let holding = true;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(piece: Buffer, _encoding, done) {
        chunks.push(piece);
        if (holding) held.push(done);
        else done();
      },
    });
    const written = answer.writeTo(sink);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Without back-pressure the proxy would have read all 64 MiB into memory by now.
    expect(sent * chunk.length).toBeLessThan(32 * 1024 * 1024);
    holding = false;
    for (const done of held.splice(0)) done();
    await written;
    await new Promise((resolve) => (sink.writableFinished ? resolve(undefined) : sink.once('finish', resolve)));
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(CHUNKS * chunk.length);
  });

  it('destroys the client response when the upstream fails mid-body, so the answer cannot look complete', async () => {
    const server = await upstream((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"records":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    cleanups.push(server.stop);
    const answer = await send(server.url);
    const out = destination();
    await expect(answer.writeTo(out.sink)).rejects.toBeInstanceOf(Error);
    expect(out.sink.destroyed).toBe(true);
    expect(out.sink.writableEnded).toBe(false);
  });

  it('stops reading upstream when the client goes away', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const server = await upstream((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
      res.once('close', () => {
        clearInterval(timer);
        upstreamClosed();
      });
    });
    cleanups.push(server.stop);
    const answer = await send(server.url);
    const out = destination();
    const written = answer.writeTo(out.sink);
    setTimeout(() => out.sink.destroy(), 30);
    await written;
    await closed;
  });
});

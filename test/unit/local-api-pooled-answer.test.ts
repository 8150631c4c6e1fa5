import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { sendStream } from '../../main/core/local-api/http-io.js';
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
  const answer = await transport.send({ origin: url, target: '/services/x', method: 'GET', headers: {}, timeoutMs: 5_000 });
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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An upstream that sends `pieces` one at a time (each its own chunk on the wire), chunked unless `length` is set. */
const inPieces = (pieces: Buffer[], options: { length?: boolean; holdLastMs?: number } = {}): http.RequestListener =>
  async (_req, res) => {
    const total = pieces.reduce((n, p) => n + p.length, 0);
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(options.length ? { 'content-length': String(total) } : {}) });
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && options.holdLastMs) await pause(options.holdLastMs);
      res.write(piece);
      await pause(5);
    }
    res.end();
  };

/** Bytes no text decoding would keep as they are. */
const binary = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256));

describe('the answer\'s status and headers, read from undici\'s raw list (issue 15)', () => {
  it('finds headers by their lower-case name whatever their case on the wire, joining repeated ones', async () => {
    const server = await upstream((_req, res) => {
      res.writeHead(200, [['Content-Type', 'application/json'], ['SFORCE-LIMIT-INFO', 'api-usage=1/15000'], ['ETag', '"a"'], ['etag', '"b"']].flat());
      res.end('{}');
    });
    cleanups.push(server.stop);
    const answer = await send(server.url);
    expect(answer.header('content-type')).toBe('application/json');
    expect(answer.header('sforce-limit-info')).toBe('api-usage=1/15000');
    expect(answer.header('etag')).toBe('"a", "b"');
    expect(answer.header('location')).toBeUndefined();
    await answer.writeTo(destination().sink);
  });

  it('waits past an informational answer (103 Early Hints) for the real one', async () => {
    const server = await upstream((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      // The final answer comes later, as from a server that hints while it works.
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"final":true}'), 50);
    });
    cleanups.push(server.stop);
    const answer = await send(server.url);
    expect(answer.status).toBe(200);
    expect(answer.header('content-type')).toBe('application/json');
    const out = destination();
    await answer.writeTo(out.sink);
    expect(out.text()).toBe('{"final":true}');
  });
});

describe('one write for an answer that has fully arrived (issue 15)', () => {
  it('hands a body that came in several pieces to the client in one write, byte for byte', async () => {
    const pieces = [binary(3_000, 1), binary(5_000, 2), binary(7, 3)];
    const server = await upstream(inPieces(pieces, { length: true }));
    cleanups.push(server.stop);
    const answer = await send(server.url);
    await pause(100); // all of it is here now
    expect(answer.arrivedLength?.()).toBe(8_007);
    const writes: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writes.push(chunk);
        done();
      },
    });
    await answer.writeTo(sink);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.equals(Buffer.concat(pieces))).toBe(true);
    expect(answer.arrivedLength?.()).toBeUndefined(); // taken
  });

  it('knows no length while the body is still arriving', async () => {
    const server = await upstream(inPieces([binary(100, 1), binary(100, 2)], { holdLastMs: 300 }));
    cleanups.push(server.stop);
    const answer = await send(server.url);
    await pause(50);
    expect(answer.arrivedLength?.()).toBeUndefined();
    const out = destination();
    await answer.writeTo(out.sink);
    expect(out.bytes()).toBe(200);
  });
});

describe('the proxy\'s framing of an upstream answer (issue 15)', () => {
  /** A proxy in front of `upstreamUrl` answering with `sendStream` once `settleMs` passed after the upstream headers. */
  async function proxy(upstreamUrl: string, settleMs: number) {
    const transport = createPooledTransport();
    cleanups.push(() => transport.close());
    const server = await upstream(async (_req, res) => {
      const answer = await transport.send({ origin: upstreamUrl, target: '/services/x', method: 'GET', headers: {}, timeoutMs: 5_000 });
      await pause(settleMs);
      const declared = answer.header('content-length');
      await sendStream(res, answer.status, answer, declared === undefined ? undefined : Number(declared), { 'content-type': answer.header('content-type')! });
    });
    cleanups.push(server.stop);
    return server.url;
  }

  /** The raw answer: headers as Node's client parsed them, and the body's bytes. */
  function get(url: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, { agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  }

  it('answers a chunked upstream body that has fully arrived with its Content-Length, exactly its bytes', async () => {
    const pieces = [binary(2_000, 4), binary(1_000, 5), binary(33, 6)];
    const origin = await upstream(inPieces(pieces));
    cleanups.push(origin.stop);
    const { headers, body } = await get(await proxy(origin.url, 100));
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers['content-length']).toBe('3033');
    expect(body.equals(Buffer.concat(pieces))).toBe(true);
  });

  it('still streams (chunked) a body that has not fully arrived, and all of it gets through', async () => {
    const pieces = [binary(2_000, 7), binary(70_000, 8)];
    const origin = await upstream(inPieces(pieces, { holdLastMs: 200 }));
    cleanups.push(origin.stop);
    const { headers, body } = await get(await proxy(origin.url, 0));
    expect(headers['content-length']).toBeUndefined();
    expect(headers['transfer-encoding']).toBe('chunked');
    expect(body.equals(Buffer.concat(pieces))).toBe(true);
  });
});

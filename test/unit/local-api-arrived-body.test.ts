import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../main/core/local-api/api-error.js';
import { arrivedBody } from '../../main/core/local-api/arrived-body.js';
import { readBody } from '../../main/core/local-api/http-io.js';

/**
 * The local API's body read (issue 15): a body that has all arrived is taken in one `read()`; one that
 * has not (sent in pieces, chunked) goes through the stream; either way the bytes are the client's.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type Seen = { arrived: Buffer | undefined; body: Buffer };

/** A server that records, a microtask after each request, what `arrivedBody` took, then reads the rest with `readBody`. */
async function recordingServer(): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    await Promise.resolve();
    const arrived = arrivedBody(req);
    const body = arrived ?? (await readBody(req, 1024 * 1024));
    seen.push({ arrived, body });
    res.end('ok');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** Sends raw bytes in the given pieces, `gapMs` apart, and resolves with the answer's first line. */
function sendRaw(port: number, pieces: string[], gapMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        resolve(answer.split('\r\n')[0]!);
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0 && gapMs) await new Promise((r) => setTimeout(r, gapMs));
        socket.write(piece);
      }
    });
  });
}

const JSON_BODY = JSON.stringify({ method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } });
const head = (length: number | 'chunked') =>
  `POST /api/v1/proxy/salesforce HTTP/1.1\r\nHost: 127.0.0.1\r\n${length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n\r\n`;

describe('reading a request body that has all arrived (issue 15)', () => {
  it('takes a body sent with its headers in one read, byte for byte', async () => {
    const { port, seen } = await recordingServer();
    expect(await sendRaw(port, [head(Buffer.byteLength(JSON_BODY)) + JSON_BODY])).toBe('HTTP/1.1 200 OK');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.arrived?.toString()).toBe(JSON_BODY);
  });

  it('leaves a body that is still arriving to the stream, which reads all of it', async () => {
    const { port, seen } = await recordingServer();
    const half = Math.floor(JSON_BODY.length / 2);
    await sendRaw(port, [head(Buffer.byteLength(JSON_BODY)) + JSON_BODY.slice(0, half), JSON_BODY.slice(half)], 50);
    expect(seen[0]!.arrived).toBeUndefined();
    expect(seen[0]!.body.toString()).toBe(JSON_BODY);
  });

  it('leaves a chunked body (no declared length) to the stream', async () => {
    const { port, seen } = await recordingServer();
    const size = Buffer.byteLength(JSON_BODY).toString(16);
    await sendRaw(port, [`${head('chunked')}${size}\r\n${JSON_BODY}\r\n0\r\n\r\n`]);
    expect(seen[0]!.arrived).toBeUndefined();
    expect(seen[0]!.body.toString()).toBe(JSON_BODY);
  });

  it('still refuses a body over the limit (413), whether its length is declared or not', async () => {
    const refusals: number[] = [];
    const server = http.createServer(async (req, res) => {
      try {
        await readBody(req, 16);
        res.end('read');
      } catch (error) {
        refusals.push((error as ApiError).status);
        res.writeHead((error as ApiError).status, { connection: 'close' }).end();
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await sendRaw(port, [head(Buffer.byteLength(JSON_BODY)) + JSON_BODY])).toBe('HTTP/1.1 413 Payload Too Large');
    const size = Buffer.byteLength(JSON_BODY).toString(16);
    expect(await sendRaw(port, [`${head('chunked')}${size}\r\n${JSON_BODY}\r\n0\r\n\r\n`])).toBe('HTTP/1.1 413 Payload Too Large');
    expect(refusals).toEqual([413, 413]);
  });

  it('reads every body of a keep-alive connection whichever way it came', async () => {
    const { port, seen } = await recordingServer();
    const bodies = ['{"a":1}', '{"b":"two"}', '{"c":[3]}'];
    // Three requests back to back in one write: the first body has arrived, later ones are parsed later.
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bodies.map((b) => head(b.length) + b).join('')));
      let answers = 0;
      socket.on('data', (chunk: Buffer) => {
        answers += chunk.toString().split('HTTP/1.1 200').length - 1;
        if (answers === 3) {
          socket.destroy();
          resolve();
        }
      });
      socket.on('error', reject);
    });
    expect(seen.map((s) => s.body.toString())).toEqual(bodies);
  });
});

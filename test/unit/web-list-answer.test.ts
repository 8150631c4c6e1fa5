import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendListAnswer } from '../../main/web/json-answer.js';

/**
 * Issue 15 (memory): browser mode writes a long list answer (every connection) in pieces rather than as
 * one string, and the client receives exactly the bytes `JSON.stringify` would have produced.
 */
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(answer: unknown, onDone?: (sent: boolean) => void, before?: (res: http.ServerResponse) => Promise<void>): Promise<number> {
  const server = http.createServer((_req, res) => {
    void (before?.(res) ?? Promise.resolve()).then(() => sendListAnswer(res, answer, { 'Content-Type': 'application/json; charset=utf-8' })).then((sent) => {
      onDone?.(sent);
      if (!sent) res.end('whole');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

function get(port: number): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ headers: res.headers, body }));
    }).on('error', reject);
  });
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `con_${i}`, name: `Ünïcode “${i}” \n`, when: undefined, n: i, nested: { a: [i] } }));

describe('long list answers in browser mode', () => {
  it('are sent in pieces (chunked), byte for byte what JSON.stringify writes', async () => {
    const answer = { ok: true, value: [...rows(1_001), undefined, null] };
    const reply = await get(await serve(answer));
    expect(reply.headers['transfer-encoding']).toBe('chunked');
    expect(reply.headers['content-length']).toBeUndefined();
    expect(reply.body).toBe(JSON.stringify(answer));
  });

  it('leave short lists and other answers to the caller, who sends them whole', async () => {
    for (const answer of [{ ok: true, value: rows(3) }, { ok: false, code: 'X', message: 'no' }, { ok: true, value: 'text' }, null]) {
      expect((await get(await serve(answer))).body).toBe('whole');
    }
  });

  it('stop when the client goes away mid-answer, without waiting forever', async () => {
    let done: (sent: boolean) => void = () => undefined;
    const finished = new Promise<boolean>((resolve) => (done = resolve));
    const port = await serve({ ok: true, value: rows(200_000) }, done);
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      setTimeout(() => reject(new Error('no data')), 5_000);
    });
    await expect(finished).resolves.toBe(true);
  });

  it('end at once when the client left before the answer was ready', async () => {
    let done: (sent: boolean) => void = () => undefined;
    const finished = new Promise<boolean>((resolve) => (done = resolve));
    let asked: () => void = () => undefined;
    const askedOnce = new Promise<void>((resolve) => (asked = resolve));
    // The call "runs" until the client has gone.
    const port = await serve({ ok: true, value: rows(200_000) }, done, (res) => {
      asked();
      return new Promise((resolve) => res.once('close', () => setTimeout(resolve, 20)));
    });
    const req = http.get({ host: '127.0.0.1', port, path: '/' });
    req.on('error', () => undefined);
    await askedOnce;
    req.destroy();
    await expect(finished).resolves.toBe(true);
  });
});

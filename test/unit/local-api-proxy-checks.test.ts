import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, BOB } from '../support/connection-harness.js';
import { createLocalApiHarness, type LocalApiHarness } from '../support/local-api-harness.js';

type Answer = { status: number; json: { error?: string; message?: string } };

const BODY = JSON.stringify({ method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } });

/**
 * A proxied request's body and its connection (issue 15): the body is read first, then the
 * connection is checked and its token taken in one synchronous step (one lookup, and nothing can
 * change the connection between its check and the token's use).
 */
describe('POST /api/v1/proxy/salesforce: the body, then the connection', () => {
  let h: LocalApiHarness;
  let key: string;

  beforeAll(async () => {
    h = await createLocalApiHarness();
    key = (await h.createKey('Checks')).value;
  });
  afterAll(async () => h?.stop());

  /** Starts a proxy request by hand (its body written by the caller) and resolves with its answer. */
  function open(connectionId: string, length: number): { req: ClientRequest; answer: Promise<Answer> } {
    const req = httpRequest({
      host: '127.0.0.1',
      port: h.api.port,
      method: 'POST',
      path: '/api/v1/proxy/salesforce',
      headers: {
        Host: `127.0.0.1:${h.api.port}`,
        Authorization: `Bearer ${key}`,
        'X-Connection-Id': connectionId,
        'Content-Type': 'application/json',
        'Content-Length': String(length),
      },
    });
    const answer = new Promise<Answer>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Answer['json'] }));
      });
      req.on('error', reject);
    });
    return { req, answer };
  }

  it('answers 413 to a body over the limit, whatever connection it names', async () => {
    // Declared larger than the 8 MiB limit: refused before any of it is read, and before the
    // connection (unknown here) is looked up.
    const { req, answer } = open('con_unknown', 9 * 1024 * 1024);
    req.write('{');
    const { status, json } = await answer;
    req.destroy();
    expect(status).toBe(413);
    expect(json.error).toBe('request_too_large');
  });

  it('refuses a connection revoked while the request\'s body was still arriving (400)', async () => {
    const connection = (await h.connect(BOB)).connection;
    const { req, answer } = open(connection.id, Buffer.byteLength(BODY));
    req.write(BODY.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.value<Connection>('connections.revoke', { id: connection.id });
    req.end(BODY.slice(20));
    const { status, json } = await answer;
    expect(status).toBe(400);
    expect(json.error).toBe('connection_not_connected');
  });

  it('checks the connection before the body\'s content: an unknown connection is 404 even with an invalid body', async () => {
    const { req, answer } = open('con_unknown', 8);
    req.end('not json');
    expect((await answer).status).toBe(404);
    const alice = (await h.connect(ALICE)).connection;
    const valid = open(alice.id, 8);
    valid.req.end('not json');
    expect((await valid.answer).json.error).toBe('invalid_request');
  });
});

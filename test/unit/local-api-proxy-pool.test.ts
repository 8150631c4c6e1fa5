import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { createPooledTransport } from '../../main/core/local-api/pooled-transport.js';
import { ALICE } from '../support/connection-harness.js';
import { createLocalApiHarness, type LocalApiHarness } from '../support/local-api-harness.js';

type Query = { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
const soql = (q: string) => ({ method: 'GET', path: '/services/data/v59.0/query', query: { q } });

/**
 * The proxy on undici's keep-alive pool (issue 15), end to end against the Salesforce REST fixture.
 * `local-api-proxy.test.ts` runs the same endpoint through the core's fetch (the harness injects one,
 * so it goes through the fetch transport, as the desktop app does behind a system proxy).
 */
describe('the local API proxy on the keep-alive pool', () => {
  let h: LocalApiHarness;
  let key: string;
  let alice: Connection;

  beforeAll(async () => {
    h = await createLocalApiHarness({ core: { upstream: createPooledTransport() } });
    key = (await h.createKey('Pool')).value;
    alice = (await h.connect(ALICE)).connection;
  });
  afterAll(async () => h?.stop());

  it('passes a query through with its status, headers and body', async () => {
    const res = await h.proxy<Query>(alice.id, soql('SELECT Id, Name FROM Account'), key);
    expect(res.status).toBe(200);
    expect(res.json.records[0]).toMatchObject({ attributes: { type: 'Account' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
  });

  it('creates (201, Location) and deletes (204, no body) a record', async () => {
    const created = await h.proxy<{ id: string }>(alice.id, { method: 'POST', path: '/services/data/v59.0/sobjects/Account', data: { Name: 'Pooled Ltd' } }, key);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/services/data/v59.0/sobjects/Account/${created.json.id}`);
    const deleted = await h.proxy(alice.id, { method: 'DELETE', path: `/services/data/v59.0/sobjects/Account/${created.json.id}` }, key);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
  });

  it('answers many concurrent calls, each with its own body', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => h.proxy<Query>(alice.id, soql(`SELECT Id FROM Account LIMIT ${(i % 3) + 1}`), key)));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(answers.map((a) => a.json.records.length)).toEqual(Array.from({ length: 40 }, (_, i) => Math.min((i % 3) + 1, answers[i]!.json.totalSize)));
  });
});

describe('the pool after a 401', () => {
  let h: LocalApiHarness;
  beforeAll(async () => {
    // Tokens live 2 s at the provider while the app believes them fresh: the provider answers 401.
    h = await createLocalApiHarness({ fixture: { accessTokenTtlSeconds: 2 }, connectionOptions: { refreshMarginMs: 0 }, core: { upstream: createPooledTransport() } });
  });
  afterAll(async () => h?.stop());

  it('refreshes and retries once, transparently', async () => {
    const key = (await h.createKey('Retry')).value;
    const { connection } = await h.connect(ALICE);
    h.clock.advance(-2 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const refreshes = h.fixture.stats().refreshGrants;
    const res = await h.proxy<Query>(connection.id, soql('SELECT Id FROM Account'), key);
    expect(res.status).toBe(200);
    expect(h.fixture.stats().refreshGrants).toBe(refreshes + 1);
  });
});

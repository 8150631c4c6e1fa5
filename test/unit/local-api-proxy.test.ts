import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, BOB } from '../support/connection-harness.js';
import { createLocalApiHarness, type LocalApiHarness } from '../support/local-api-harness.js';

type Query = { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
type ApiErrorBody = { error: string; message: string };

const soql = (q: string) => ({ method: 'GET', path: '/services/data/v59.0/query', query: { q } });

describe('POST /api/v1/proxy/salesforce against the Salesforce REST fixture', () => {
  let h: LocalApiHarness;
  let key: string;
  let alice: Connection;

  beforeAll(async () => {
    h = await createLocalApiHarness();
    key = (await h.createKey('Proxy tests')).value;
    alice = (await h.connect(ALICE)).connection;
  });
  afterAll(async () => h?.stop());

  it('runs a SOQL query (GET with q) and passes the response through', async () => {
    const res = await h.proxy<Query>(alice.id, soql('SELECT Id, Name FROM Account'), key);
    expect(res.status).toBe(200);
    expect(res.json.done).toBe(true);
    expect(res.json.totalSize).toBeGreaterThan(0);
    expect(res.json.records[0]).toMatchObject({ attributes: { type: 'Account' }, Id: expect.any(String), Name: expect.any(String) });
    expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('creates (201), updates (204, empty) and deletes (204, empty) a record', async () => {
    const created = await h.proxy<{ id: string; success: boolean }>(
      alice.id,
      { method: 'POST', path: '/services/data/v59.0/sobjects/Account', data: { Name: 'Proxy Test Ltd' } },
      key,
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ success: true, id: expect.any(String) });
    const id = created.json.id;
    expect(created.headers.get('location')).toBe(`/services/data/v59.0/sobjects/Account/${id}`);

    const patched = await h.proxy(alice.id, { method: 'PATCH', path: `/services/data/v59.0/sobjects/Account/${id}`, data: { Name: 'Renamed Ltd' } }, key);
    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');

    const found = await h.proxy<Query>(alice.id, soql(`SELECT Id, Name FROM Account WHERE Id = '${id}'`), key);
    expect(found.json.records.map((r) => r.Name)).toEqual(['Renamed Ltd']);

    const deleted = await h.proxy(alice.id, { method: 'delete', path: `/services/data/v59.0/sobjects/Account/${id}` }, key);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');

    const gone = await h.proxy<Query>(alice.id, soql(`SELECT Id FROM Account WHERE Id = '${id}'`), key);
    expect(gone.json.totalSize).toBe(0);
  });

  it('passes Salesforce errors through with their status and body', async () => {
    const missing = await h.proxy<Array<{ errorCode: string }>>(alice.id, { method: 'POST', path: '/services/data/v59.0/sobjects/Account', data: {} }, key);
    expect(missing.status).toBe(400);
    expect(missing.json[0]!.errorCode).toBe('REQUIRED_FIELD_MISSING');
    const notFound = await h.proxy(alice.id, { method: 'DELETE', path: '/services/data/v59.0/sobjects/Account/001000000000000XYZ' }, key);
    expect(notFound.status).toBe(404);
  });

  it('refuses paths that could leave the instance or /services/ (400), sending nothing', async () => {
    const before = h.fixture.stats().tokenRequests;
    const paths = [
      'https://evil.example/services/data/v59.0/query',
      '//evil.example/services/data',
      '/services/../.well-known/openid-configuration',
      '/services/data/%2e%2e/%2e%2e/id',
      '/services/data%2f..%2f..%2fid',
      '/services\\..\\id',
      '/id/00D000000000001AAA',
      'services/data/v59.0/query',
      '/services/data/v59.0/query?q=SELECT+Id+FROM+Account',
      '/services//evil.example',
      '/services/data/v59.0/%00',
      '',
    ];
    for (const path of paths) {
      const res = await h.proxy<ApiErrorBody>(alice.id, { method: 'GET', path }, key);
      expect(res.status, path).toBe(400);
      expect(res.json.error, path).toBe('invalid_path');
    }
    expect(h.fixture.stats().tokenRequests).toBe(before);
  });

  it('refuses a bad body, method, query or a missing X-Connection-Id (400)', async () => {
    const cases: Array<[unknown, string]> = [
      ['not json', 'invalid_request'],
      [[1, 2], 'invalid_request'],
      [{ method: 'TRACE', path: '/services/data/v59.0/query' }, 'invalid_method'],
      [{ method: 'GET', path: '/services/data/v59.0/query', query: 'q=1' }, 'invalid_query'],
      [{ method: 'GET', path: '/services/data/v59.0/query', data: { a: 1 } }, 'invalid_request'],
      [{ method: 'GET', path: '/services/data/v59.0/query', params: { q: 'x' } }, 'invalid_request'],
    ];
    for (const [body, error] of cases) {
      const res = await h.proxy<ApiErrorBody>(alice.id, body, key);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toBe(error);
    }
    const missing = await h.proxy<ApiErrorBody>('', soql('SELECT Id FROM Account'), key);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toBe('missing_connection_id');
  });

  it('answers 404 for an unknown connection and 401 without a key', async () => {
    expect((await h.proxy('con_unknown', soql('SELECT Id FROM Account'), key)).status).toBe(404);
    expect((await h.proxy(alice.id, soql('SELECT Id FROM Account'), 'desk_sk_nope')).status).toBe(401);
  });
});

describe('an access token that dies before its expiry', () => {
  let h: LocalApiHarness;

  beforeAll(async () => {
    // Tokens live 2 s at the provider, and the app's clock runs 2 minutes behind: the app believes the
    // token is fresh, the provider answers 401, as when an org's session policy ends a session early.
    h = await createLocalApiHarness({ fixture: { accessTokenTtlSeconds: 2 }, connectionOptions: { refreshMarginMs: 0 } });
  });
  afterAll(async () => h?.stop());

  it('is refreshed and the call retried once, transparently', async () => {
    const key = (await h.createKey('Retry')).value;
    const { connection } = await h.connect(BOB);
    h.clock.advance(-2 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const refreshes = h.fixture.stats().refreshGrants;

    const res = await h.proxy<Query>(connection.id, soql('SELECT Id, Name FROM Account'), key);
    expect(res.status).toBe(200);
    expect(res.json.done).toBe(true);
    expect(h.fixture.stats().refreshGrants).toBe(refreshes + 1);
    expect((await h.value<Connection>('connections.get', { id: connection.id })).status).toBe('connected');
  });

  it('shares one refresh between concurrent calls that hit the same 401', async () => {
    const key = (await h.createKey('Concurrent')).value;
    const { connection } = await h.connect(ALICE);
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const refreshes = h.fixture.stats().refreshGrants;
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.proxy(connection.id, soql('SELECT Id FROM Account'), key)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(h.fixture.stats().refreshGrants).toBe(refreshes + 1);
  });

  it('answers 400 when the refresh is refused for good (the connection expires)', async () => {
    const key = (await h.createKey('Dead')).value;
    const { connection } = await h.connect(BOB);
    await h.fixture.revokeUser('bob@globex.test');
    const res = await h.proxy<ApiErrorBody>(connection.id, soql('SELECT Id FROM Account'), key);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('connection_not_connected');
    expect((await h.value<Connection>('connections.get', { id: connection.id })).status).toBe('expired');
  });
});

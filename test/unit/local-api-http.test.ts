import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalApiStatus } from '../../preload/contract/api-key-models.js';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, BOB } from '../support/connection-harness.js';
import { createLocalApiHarness, requestWithHost, type LocalApiHarness } from '../support/local-api-harness.js';

type Page = { connections: Array<Record<string, unknown>>; totalCount: number; nextCursor?: string };
type ApiErrorBody = { error: string; message: string };

let h: LocalApiHarness;
let key: string;
let alice: Connection;
let bob: Connection;

beforeAll(async () => {
  h = await createLocalApiHarness();
  key = (await h.createKey('Contract tests')).value;
  alice = (await h.connect(ALICE)).connection;
  bob = (await h.connect(BOB)).connection;
});
afterAll(async () => h?.stop());

describe('GET /api/v1/connections', () => {
  it('lists the key\'s connections with the summary fields and a total', async () => {
    const res = await h.get<Page>('/api/v1/connections', key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.totalCount).toBe(2);
    expect(res.json.nextCursor).toBeUndefined();
    const row = res.json.connections.find((c) => c.connectionId === alice.id);
    expect(row).toEqual({
      connectionId: alice.id,
      integrationId: h.integrationId,
      userEmail: 'alice@acme.test',
      userName: 'Alice Anderson',
      orgName: 'Acme Inc',
      environment: 'production',
      region: null,
      status: 'connected',
      connectedAt: alice.connectedAt,
      lastActiveAt: expect.any(String),
    });
    expect(JSON.stringify(res.json)).not.toMatch(/accessToken|refreshToken/);
  });

  it('filters by a case-insensitive substring of the email, by status and by environment', async () => {
    expect((await h.get<Page>('/api/v1/connections?search=GLOBEX', key)).json.connections.map((c) => c.connectionId)).toEqual([bob.id]);
    expect((await h.get<Page>('/api/v1/connections?status=connected&environment=production', key)).json.totalCount).toBe(2);
    expect((await h.get<Page>('/api/v1/connections?environment=sandbox', key)).json.totalCount).toBe(0);
    expect((await h.get<Page>('/api/v1/connections?status=revoked', key)).json.totalCount).toBe(0);
  });

  it('pages with limit and an opaque cursor, newest first, without repeats', async () => {
    const first = await h.get<Page>('/api/v1/connections?limit=1', key);
    expect(first.json.connections).toHaveLength(1);
    expect(first.json.totalCount).toBe(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await h.get<Page>(`/api/v1/connections?limit=1&cursor=${first.json.nextCursor}`, key);
    expect(second.json.connections).toHaveLength(1);
    expect(second.json.nextCursor).toBeUndefined();
    const ids = [...first.json.connections, ...second.json.connections].map((c) => c.connectionId);
    expect(ids).toEqual([bob.id, alice.id]);
  });

  it('answers 400 for a bad limit, status, environment or cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'status=alive', 'environment=staging', 'cursor=not-ours']) {
      const res = await h.get<ApiErrorBody>(`/api/v1/connections?${query}`, key);
      expect(res.status, query).toBe(400);
      expect(Object.keys(res.json).sort()).toEqual(['error', 'message']);
    }
  });
});

describe('GET /api/v1/connections/{id}/credentials', () => {
  it('returns working credentials in the hosted format', async () => {
    const res = await h.get<Record<string, unknown>>(`/api/v1/connections/${alice.id}/credentials`, key);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json).sort()).toEqual(['accessToken', 'environment', 'expiresAt', 'instanceUrl', 'region', 'tokenType']);
    expect(res.json).toMatchObject({ instanceUrl: h.fixture.issuer, environment: 'production', tokenType: 'Bearer' });
    expect(new Date(res.json.expiresAt as string).toISOString()).toBe(res.json.expiresAt);
    // The token really works at the provider.
    const sf = await fetch(`${h.fixture.issuer}/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, {
      headers: { Authorization: `Bearer ${res.json.accessToken as string}` },
    });
    expect(sf.status).toBe(200);
  });

  it('refreshes first when the token is due', async () => {
    const before = (await h.get<{ accessToken: string }>(`/api/v1/connections/${bob.id}/credentials`, key)).json.accessToken;
    const refreshes = h.fixture.stats().refreshGrants;
    h.clock.advance(2 * 60 * 60_000);
    const after = await h.get<{ accessToken: string; expiresAt: string }>(`/api/v1/connections/${bob.id}/credentials`, key);
    expect(after.status).toBe(200);
    expect(after.json.accessToken).not.toBe(before);
    expect(h.fixture.stats().refreshGrants).toBe(refreshes + 1);
  });

  it('updates the connection\'s lastActiveAt', async () => {
    h.clock.advance(5 * 60_000);
    const at = h.clock.now();
    await h.get(`/api/v1/connections/${alice.id}/credentials`, key);
    const now = await h.value<Connection>('connections.get', { id: alice.id });
    expect(Date.parse(now.lastActiveAt)).toBeGreaterThanOrEqual(at);
  });

  it('answers 404 for an unknown connection', async () => {
    const res = await h.get<ApiErrorBody>('/api/v1/connections/con_doesnotexist/credentials', key);
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('connection_not_found');
  });
});

describe('authentication (401)', () => {
  it('refuses a request without a key', async () => {
    const res = await h.get<ApiErrorBody>('/api/v1/connections');
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('missing_api_key');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a malformed key and a well-formed unknown one', async () => {
    for (const bad of ['hello', 'desk_sk_short', `${key}x`, key.replace('desk_sk_', 'desk_pk_')]) {
      const res = await h.get<ApiErrorBody>('/api/v1/connections', bad);
      expect(res.status, bad.slice(0, 12)).toBe(401);
      expect(res.json.error).toBe('invalid_api_key');
      expect(res.text).not.toContain(bad);
    }
    const unknown = await h.get<ApiErrorBody>('/api/v1/connections', `desk_sk_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    const basic = await h.get<ApiErrorBody>('/api/v1/connections', undefined, { Authorization: `Basic ${key}` });
    expect(basic.status).toBe(401);
  });

  it('refuses a revoked key at once', async () => {
    const created = await h.createKey('Short-lived');
    expect((await h.get('/api/v1/connections', created.value)).status).toBe(200);
    await h.value('apiKeys.revoke', { id: created.key.id });
    const res = await h.get<ApiErrorBody>('/api/v1/connections', created.value);
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('revoked_api_key');
    expect((await h.get(`/api/v1/connections/${alice.id}/credentials`, created.value)).status).toBe(401);
  });
});

describe('scoping (403) and state (400)', () => {
  let otherIntegration: string;
  let otherKey: string;
  let carol: Connection;

  beforeAll(async () => {
    otherIntegration = await h.addIntegration('Fixture Sandbox');
    otherKey = (await h.createKey('Other', otherIntegration)).value;
    carol = await h.connectTo(otherIntegration, ALICE);
  });

  it('gives a key of one integration 403 for another integration\'s connection', async () => {
    expect((await h.get(`/api/v1/connections/${carol.id}/credentials`, key)).status).toBe(403);
    expect((await h.proxy(carol.id, { method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } }, key)).status).toBe(403);
    expect((await h.get(`/api/v1/connections/${alice.id}/credentials`, otherKey)).status).toBe(403);
    expect((await h.get(`/api/v1/connections/${carol.id}/credentials`, otherKey)).status).toBe(200);
  });

  it('lists only the key\'s own integration', async () => {
    const page = await h.get<Page>('/api/v1/connections', otherKey);
    expect(page.json.connections.map((c) => c.connectionId)).toEqual([carol.id]);
  });

  it('answers 403 when X-Integration-Id names another integration, and accepts the right one', async () => {
    const wrong = await h.get<ApiErrorBody>('/api/v1/connections', key, { 'X-Integration-Id': otherIntegration });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toBe('integration_mismatch');
    expect((await h.get('/api/v1/connections', key, { 'X-Integration-Id': h.integrationId })).status).toBe(200);
  });

  it('answers 400 for credentials and proxy calls on a connection that is not connected', async () => {
    await h.value('connections.revoke', { id: carol.id });
    const creds = await h.get<ApiErrorBody>(`/api/v1/connections/${carol.id}/credentials`, otherKey);
    expect(creds.status).toBe(400);
    expect(creds.json.error).toBe('connection_not_connected');
    expect(creds.json.message).toMatch(/revoked/);
    const proxied = await h.proxy<ApiErrorBody>(carol.id, { method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id FROM Account' } }, otherKey);
    expect(proxied.status).toBe(400);
    const listed = await h.get<Page>('/api/v1/connections?status=revoked', otherKey);
    expect(listed.json.connections.map((c) => c.connectionId)).toEqual([carol.id]);
  });
});

describe('rate limit (429)', () => {
  it('reports the budget on every response and refuses past it until the window resets', async () => {
    const limited = (await h.createKey('Limited')).value;
    const neighbour = (await h.createKey('Neighbour')).value;
    await h.value('localApi.setRateLimit', { perMinute: 3 });
    try {
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await h.get<ApiErrorBody>('/api/v1/connections', limited));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      expect(answers.every((a) => a.headers.get('x-ratelimit-limit') === '3')).toBe(true);
      const reset = Number(answers[3]!.headers.get('x-ratelimit-reset'));
      expect(reset * 1000).toBeGreaterThan(h.clock.now());
      expect(reset * 1000).toBeLessThanOrEqual(h.clock.now() + 61_000);
      expect(answers[3]!.json.error).toBe('rate_limited');
      expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another key has its own budget.
      expect((await h.get('/api/v1/connections', neighbour)).status).toBe(200);
      h.clock.advance(61_000);
      expect((await h.get('/api/v1/connections', limited)).status).toBe(200);
    } finally {
      await h.value('localApi.setRateLimit', { perMinute: 100 });
    }
  });
});

describe('the server itself', () => {
  it('refuses a Host header other than 127.0.0.1:<port> (DNS rebinding)', async () => {
    const port = h.api.port;
    for (const host of [`localhost:${port}`, `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
      const res = await requestWithHost(port, '/api/v1/connections', host, key);
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_host' });
    }
    expect((await requestWithHost(port, '/api/v1/connections', `127.0.0.1:${port}`, key)).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await h.get('/api/v2/connections', key)).status).toBe(404);
    expect((await h.get('/', key)).status).toBe(404);
    const wrong = await h.get('/api/v1/proxy/salesforce', key);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('counts every authenticated request on the key, batched rather than written per request', async () => {
    const created = await h.createKey('Counted');
    for (let i = 0; i < 5; i += 1) await h.get('/api/v1/connections', created.value);
    const [listed] = (await h.value<Array<{ id: string; requestCount: number; lastUsedAt?: string }>>('apiKeys.list', { integrationId: h.integrationId })).filter(
      (k) => k.id === created.key.id,
    );
    expect(listed).toMatchObject({ requestCount: 5, lastUsedAt: expect.any(String) });
  });

  it('turns off, refusing connections, and back on', async () => {
    const off = await h.value<{ running: boolean; enabled: boolean }>('localApi.setEnabled', { enabled: false });
    expect(off).toMatchObject({ running: false, enabled: false });
    await expect(fetch(`${h.api.baseUrl}/api/v1/connections`)).rejects.toThrow();
    const on = await h.value<LocalApiStatus>('localApi.setEnabled', { enabled: true });
    expect(on.running).toBe(true);
    h.api = on;
    expect((await h.get('/api/v1/connections', key)).status).toBe(200);
  });
});

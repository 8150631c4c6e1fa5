import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

let h: Harness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await h?.stop();
  h = undefined;
});

const HOUR = 3600_000;
const get = (harness: Harness, id: string) => harness.value<Connection>('connections.get', { id });
const refreshTokenOf = (response: Record<string, unknown> | undefined) => response?.refresh_token as string;

/** A refresh straight at the provider, bypassing the app (to prove which token is alive). */
async function refreshDirectly(fixture: OidcFixture, refreshToken: string): Promise<string> {
  const as: oauth.AuthorizationServer = { issuer: fixture.issuer, token_endpoint: fixture.endpoints.token };
  const client = fixture.clients[0]!;
  const response = await oauth.refreshTokenGrantRequest(as, { client_id: client.clientId }, oauth.ClientSecretPost(client.clientSecret), refreshToken, {
    [oauth.allowInsecureRequests]: true,
  });
  try {
    await oauth.processRefreshTokenResponse(as, { client_id: client.clientId }, response);
    return 'ok';
  } catch (error) {
    return error instanceof oauth.ResponseBodyError ? error.error : 'unexpected';
  }
}

describe('credentials', () => {
  it('hands out the stored access token while it is fresh, without a refresh', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const credentials = await h.core.connections.credentialsFor(connection.id);
    expect(credentials).toEqual({
      accessToken: h.tokenResponses[0]!.access_token,
      instanceUrl: h.fixture.issuer,
      environment: 'production',
      region: null,
      tokenType: 'Bearer',
      expiresAt: connection.expiresAt,
    });
    expect(h.fixture.stats().refreshAttempts).toBe(0);
  });

  it('refreshes first when the token is about to expire', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.clock.advance(HOUR - 60_000);
    const credentials = await h.core.connections.credentialsFor(connection.id);
    expect(h.fixture.stats().refreshGrants).toBe(1);
    expect(credentials.accessToken).toBe(h.tokenResponses[1]!.access_token);
    expect(credentials.expiresAt).toBe((await get(h, connection.id)).expiresAt);
  });

  it('shares one refresh among 20 concurrent requests for a due connection', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.clock.advance(2 * HOUR);
    const results = await Promise.all(Array.from({ length: 20 }, () => h!.core.connections.credentialsFor(connection.id)));
    const stats = h.fixture.stats();
    expect(stats.refreshAttempts).toBe(1);
    expect(stats.refreshGrants).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
  });

  it('refuses credentials for a connection that is not connected', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.value('connections.revoke', { id: connection.id });
    await expect(h.core.connections.credentialsFor(connection.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('does not serve a connection under another integration', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await expect(h.core.connections.credentialsFor(connection.id, { integrationId: 'int_other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('refresh', () => {
  it('persists the rotated refresh token: the old one dies at the provider, the next refresh uses the new one', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const original = refreshTokenOf(h.tokenResponses[0]);
    await h.value('connections.refresh', { id: connection.id });
    const rotated = refreshTokenOf(h.tokenResponses[1]);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(original);
    // The app's next refresh presents the rotated token it persisted, never the original again.
    await h.value('connections.refresh', { id: connection.id });
    const stats = h.fixture.stats();
    expect(stats.refreshAttemptsByToken.get(original)).toBe(1);
    expect(stats.refreshGrantsByToken.get(rotated)).toBe(1);
    expect(await get(h, connection.id)).toMatchObject({ status: 'connected' });
    // And the original is dead at the provider (presenting it makes the provider revoke the grant).
    expect(await refreshDirectly(h.fixture, original)).toBe('invalid_grant');
  });

  it('keeps the old refresh token when the provider does not rotate', async () => {
    h = await createHarness({ fixture: { rotateRefreshTokens: false } });
    const { connection } = await h.connect(ALICE);
    const original = refreshTokenOf(h.tokenResponses[0]);
    await h.value('connections.refresh', { id: connection.id });
    expect(h.tokenResponses[1]!.refresh_token).toBeUndefined();
    await h.value('connections.refresh', { id: connection.id });
    expect(h.fixture.stats().refreshGrantsByToken.get(original)).toBe(2);
  });

  it('marks the connection expired, with the reason, when the provider answers invalid_grant', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.fixture.revokeUser('alice@acme.test');
    const result = await h.call('connections.refresh', { id: connection.id });
    expect(result).toMatchObject({ ok: false, code: 'PROVIDER_ERROR', message: expect.stringContaining('no longer accepts') });
    // In plain words (the likely causes, the one action); the provider's code kept apart, for a details toggle.
    const expired = await get(h, connection.id);
    expect(expired).toMatchObject({ status: 'expired', statusCode: 'invalid_grant (HTTP 400)' });
    expect(expired.statusReason).toMatch(/admin revoked its access.*password changed.*sixth time.*going unused.*sandbox was refreshed.*Reauthorize to reconnect/);
    expect(expired.statusReason).not.toContain('invalid_grant');
  });

  it('retries a transient failure and succeeds, the status unchanged', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.fixture.failNextTokenRequests(2);
    const refreshed = await h.value<Connection>('connections.refresh', { id: connection.id });
    expect(refreshed.status).toBe('connected');
    expect(refreshed.refreshProblem).toBeUndefined();
    const stats = h.fixture.stats();
    expect(stats.injectedFailures).toBe(2);
    expect(stats.refreshGrants).toBe(1);
  });

  it('leaves the status unchanged when the provider keeps failing, records the problem, and recovers later', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.fixture.failNextTokenRequests(3);
    const result = await h.call('connections.refresh', { id: connection.id });
    expect(result).toMatchObject({ ok: false, code: 'UNREACHABLE', message: expect.stringContaining('HTTP 503, 3 attempts') });
    expect(await get(h, connection.id)).toMatchObject({ status: 'connected', refreshProblem: { message: expect.stringContaining('unchanged') } });
    expect(await h.value('status.summary')).toMatchObject({ level: 'attention', attention: { connections: [{ id: connection.id }] } });
    const recovered = await h.value<Connection>('connections.refresh', { id: connection.id });
    expect(recovered).toMatchObject({ status: 'connected' });
    expect(recovered.refreshProblem).toBeUndefined();
  });

  it('flags the integration once when the provider rejects its credentials, leaving connections as they are', async () => {
    h = await createHarness();
    const alice = await h.connect(ALICE);
    const bob = await h.connect(BOB);
    await h.fixture.stop();
    const rotated = await startOidcFixture({ port: h.fixture.port, clients: [{ clientId: 'desk-client', clientSecret: 'rotated-at-provider' }] });
    cleanups.push(() => rotated.stop());
    const results = await Promise.all([alice, bob].map((c) => h!.call('connections.refresh', { id: c.connection.id })));
    for (const result of results) expect(result).toMatchObject({ ok: false, code: 'PROVIDER_ERROR', message: expect.stringContaining('Credentials rejected') });
    expect(await get(h, alice.connection.id)).toMatchObject({ status: 'connected' });
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ status: 'draft', verification: { outcome: 'rejected' } });
    const activity = await h.value<Array<{ kind: string }>>('integrations.activity', { id: h.integrationId });
    expect(activity.filter((a) => a.kind === 'verification-failed')).toHaveLength(1);
  });

  it('refreshes idle connections on the keep-alive sweep', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.value('settings.update', { keepAliveMinutes: 60 });
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshGrants).toBe(0);
    h.clock.advance(61 * 60_000);
    const sweptAt = h.clock.now();
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshGrants).toBe(1);
    expect(Date.parse((await get(h, connection.id)).lastRefreshedAt!)).toBeGreaterThanOrEqual(sweptAt);
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshGrants).toBe(1);
  });
});

describe('expiry source', () => {
  it('is "from provider" for a plain OIDC provider that sends expires_in', async () => {
    h = await createHarness({ shape: 'oidc', fixture: { accessTokenTtlSeconds: 900 } });
    const { connection } = await h.connect(ALICE);
    expect(connection).toMatchObject({ expirySource: 'from provider', userEmail: 'alice@acme.test', userName: 'Alice Anderson' });
    expect(Date.parse(connection.expiresAt!) - h.clock.now()).toBeGreaterThan(890_000);
    expect(Date.parse(connection.expiresAt!) - h.clock.now()).toBeLessThanOrEqual(900_000);
  });

  it('is "introspected" for the Salesforce-shaped provider, which sends no expires_in', async () => {
    h = await createHarness({ fixture: { accessTokenTtlSeconds: 1800 } });
    const { connection } = await h.connect(ALICE);
    expect(h.tokenResponses[0]!.expires_in).toBeUndefined();
    expect(connection.expirySource).toBe('introspected');
    expect(Math.abs(Date.parse(connection.expiresAt!) - (Date.now() + 1800_000))).toBeLessThan(5_000);
  });

  it('is "assumed" from the settings when introspection is unavailable', async () => {
    h = await createHarness({
      fetch: (next) => async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        return url.endsWith('/services/oauth2/introspect') ? new Response('unavailable', { status: 503 }) : next(input, init);
      },
    });
    await h.value('settings.update', { assumedTokenLifetimeMinutes: 30 });
    const { connection } = await h.connect(ALICE);
    expect(connection.expirySource).toBe('assumed');
    expect(Date.parse(connection.expiresAt!) - h.clock.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(Date.parse(connection.expiresAt!) - h.clock.now()).toBeGreaterThan(29 * 60_000);
  });
});

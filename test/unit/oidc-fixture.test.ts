import { createHmac } from 'node:crypto';

import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';

const CLIENT_ID = 'desk-client';
const CLIENT_SECRET = 'desk-secret';
const REDIRECT_URI = 'http://localhost:53682/oauth/callback';
const ALICE = { email: 'alice@acme.test', password: 'alice-password' };
const BOB = { email: 'bob@globex.test', password: 'bob-password' };

function discover(fixture: OidcFixture, secret = CLIENT_SECRET, auth?: client.ClientAuth): Promise<client.Configuration> {
  return client.discovery(new URL(fixture.issuer), CLIENT_ID, secret, auth, { execute: [client.allowInsecureRequests] });
}

interface Flow {
  url: URL;
  verifier: string;
  state: string;
}

/** What the app does before opening the system browser. */
async function authorizationRequest(config: client.Configuration, scope: string, redirectUri = REDIRECT_URI): Promise<Flow> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  });
  return { url, verifier, state };
}

async function connect(fixture: OidcFixture, config: client.Configuration, user = ALICE, scope = 'api refresh_token openid') {
  const flow = await authorizationRequest(config, scope);
  const callback = await fixture.authorize(flow.url.href, user);
  return client.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
}

async function rawRefresh(fixture: OidcFixture, refreshToken: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(fixture.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Asserts an OAuth error response. openid-client reports it as a ResponseBodyError, or as a
 * WWWAuthenticateChallengeError when the server also sent a WWW-Authenticate challenge (a 401 to
 * client_secret_basic).
 */
async function expectOAuthError(promise: Promise<unknown>, error: string, status?: number): Promise<void> {
  const caught = await promise.then(() => undefined, (e: unknown) => e);
  if (caught instanceof client.WWWAuthenticateChallengeError) {
    expect(caught.cause[0]?.parameters.error).toBe(error);
    if (status !== undefined) expect(caught.status).toBe(status);
    return;
  }
  expect(caught).toBeInstanceOf(client.ResponseBodyError);
  const responseError = caught as client.ResponseBodyError;
  expect(responseError.error).toBe(error);
  if (status !== undefined) expect(responseError.status).toBe(status);
}

describe('OIDC fixture, Salesforce shape', () => {
  let fixture: OidcFixture;
  let config: client.Configuration;

  beforeAll(async () => {
    fixture = await startOidcFixture();
    config = await discover(fixture);
  });
  afterAll(() => fixture.stop());

  it('has an issuer on 127.0.0.1 and Salesforce endpoint paths in its discovery document', () => {
    expect(fixture.issuer).toBe(`http://127.0.0.1:${fixture.port}`);
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(fixture.issuer);
    expect(metadata.authorization_endpoint).toBe(`${fixture.issuer}/services/oauth2/authorize`);
    expect(metadata.token_endpoint).toBe(`${fixture.issuer}/services/oauth2/token`);
    expect(metadata.revocation_endpoint).toBe(`${fixture.issuer}/services/oauth2/revoke`);
    expect(metadata.userinfo_endpoint).toBe(`${fixture.issuer}/services/oauth2/userinfo`);
    expect(metadata.introspection_endpoint).toBe(`${fixture.issuer}/services/oauth2/introspect`);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['api', 'refresh_token', 'web', 'openid']));
    expect(fixture.endpoints.discovery).toBe(`${fixture.issuer}/.well-known/openid-configuration`);
  });

  it('logs the user in, asks for consent and redirects to the loopback callback with code and state', async () => {
    const flow = await authorizationRequest(config, 'api refresh_token');
    const callback = new URL(await fixture.authorize(flow.url.href, ALICE));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(flow.state);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('iss')).toBe(fixture.issuer);
  });

  it('completes code + PKCE with a Salesforce token response: instance_url, id, issued_at, signature, no expires_in', async () => {
    const before = Date.now();
    const tokens = await connect(fixture, config);
    const alice = fixture.users[0];
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.token_type).toBe('bearer'); // openid-client lowercases it
    expect(tokens.instance_url).toBe(fixture.issuer);
    expect(tokens.id).toBe(`${fixture.issuer}/id/${alice?.orgId}/${alice?.id}`);
    expect(tokens.scope?.split(' ').sort()).toEqual(['api', 'openid', 'refresh_token']);
    expect(tokens.expires_in).toBeUndefined();
    expect(tokens.expiresIn()).toBeUndefined();
    const issuedAt = Number(tokens.issued_at);
    expect(typeof tokens.issued_at).toBe('string');
    expect(issuedAt).toBeGreaterThanOrEqual(before);
    expect(issuedAt).toBeLessThanOrEqual(Date.now());
    const expected = createHmac('sha256', CLIENT_SECRET).update(`${String(tokens.id)}${String(tokens.issued_at)}`).digest('base64');
    expect(tokens.signature).toBe(expected);
  });

  it('answers a refresh with the raw Salesforce shape, token_type Bearer and a new refresh token', async () => {
    const tokens = await connect(fixture, config, ALICE, 'api refresh_token');
    const { status, body } = await rawRefresh(fixture, tokens.refresh_token ?? '');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'id', 'instance_url', 'issued_at', 'refresh_token', 'scope', 'signature', 'token_type'],
    );
    expect(body.token_type).toBe('Bearer');
    expect(body.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('rotates refresh tokens: a second refresh with the old refresh token fails with invalid_grant', async () => {
    const tokens = await connect(fixture, config);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.instance_url).toBe(fixture.issuer);
    await expectOAuthError(client.refreshTokenGrant(config, tokens.refresh_token ?? ''), 'invalid_grant', 400);
  });

  it('serves the identity URL for the token holder and refuses missing, bad and foreign tokens', async () => {
    const tokens = await connect(fixture, config);
    const identityUrl = String(tokens.id);
    const ok = await fetch(identityUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(ok.status).toBe(200);
    const identity = (await ok.json()) as Record<string, unknown>;
    const alice = fixture.users[0];
    expect(identity).toMatchObject({
      id: identityUrl,
      user_id: alice?.id,
      organization_id: alice?.orgId,
      username: alice?.email,
      email: alice?.email,
      display_name: alice?.name,
    });
    expect(identity.urls).toMatchObject({ rest: `${fixture.issuer}/services/data/v{version}/` });

    expect((await fetch(identityUrl)).status).toBe(401);
    expect((await fetch(identityUrl, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(403);
    const bob = await connect(fixture, config, BOB);
    expect((await fetch(identityUrl, { headers: { authorization: `Bearer ${bob.access_token}` } })).status).toBe(403);
  });

  it('serves userinfo at /services/oauth2/userinfo for a token with the openid scope', async () => {
    const tokens = await connect(fixture, config);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
    expect(userinfo.sub).toBe(fixture.users[0]?.id);
  });

  it('introspects a live access token with client_secret_post and client_secret_basic: active, exp, scope', async () => {
    const tokens = await connect(fixture, config);
    const viaPost = await client.tokenIntrospection(config, tokens.access_token);
    expect(viaPost.active).toBe(true);
    expect(viaPost.scope?.split(' ').sort()).toEqual(['api', 'openid', 'refresh_token']);
    expect(viaPost.exp).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(viaPost.username).toBe(ALICE.email);

    const basicConfig = await discover(fixture, CLIENT_SECRET, client.ClientSecretBasic(CLIENT_SECRET));
    const viaBasic = await client.tokenIntrospection(basicConfig, tokens.access_token);
    expect(viaBasic.active).toBe(true);
    expect(viaBasic.client_id).toBe(CLIENT_ID);
  });

  it('revoking the refresh token makes introspection report it and its access token inactive', async () => {
    const tokens = await connect(fixture, config);
    await client.tokenRevocation(config, tokens.refresh_token ?? '');
    expect((await client.tokenIntrospection(config, tokens.refresh_token ?? '')).active).toBe(false);
    expect((await fixture.introspect(tokens.access_token)).active).toBe(false);
    await expectOAuthError(client.refreshTokenGrant(config, tokens.refresh_token ?? ''), 'invalid_grant');
  });

  it('answers 400 invalid_token, form-encoded, when revoking an already invalid token (Salesforce, not RFC 7009)', async () => {
    const response = await fetch(fixture.endpoints.revocation, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'no-such-token' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(new URLSearchParams(await response.text()).get('error')).toBe('invalid_token');
  });

  it('redirects with error=access_denied when the user presses Deny', async () => {
    const flow = await authorizationRequest(config, 'api refresh_token');
    const callback = new URL(await fixture.authorize(flow.url.href, ALICE, { deny: true }));
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(flow.state);
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('rejects authorize() with a wrong password', async () => {
    const flow = await authorizationRequest(config, 'api refresh_token');
    await expect(fixture.authorize(flow.url.href, { email: ALICE.email, password: 'wrong' })).rejects.toThrow(/login failed/);
  });

  it('requires PKCE: a request without code_challenge is redirected back with invalid_request', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'api refresh_token', state: 'xyz', prompt: 'login' });
    const callback = new URL(await fixture.authorize(url.href, ALICE));
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('accepts http callbacks on localhost only, any port and path, for a client without registered URIs', async () => {
    for (const redirectUri of ['http://localhost:41234/cb', 'http://localhost:8123/oauth/callback/int_x']) {
      const flow = await authorizationRequest(config, 'api refresh_token', redirectUri);
      const callback = new URL(await fixture.authorize(flow.url.href, ALICE));
      expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
      expect(callback.searchParams.get('code')).toBeTruthy();
    }
    // Salesforce refuses http on an IP literal: its authorize endpoint shows redirect_uri_mismatch.
    for (const redirectUri of ['http://127.0.0.1:41234/cb', 'http://[::1]:8123/callback']) {
      const flow = await authorizationRequest(config, 'api refresh_token', redirectUri);
      await expect(fixture.authorize(flow.url.href, ALICE)).rejects.toThrow(/redirect_uri_mismatch/);
    }
  });

  it('refuses a wrong client secret with invalid_client (HTTP 401)', async () => {
    const tokens = await connect(fixture, config);
    const wrong = await discover(fixture, 'not-the-secret');
    await expectOAuthError(client.refreshTokenGrant(wrong, tokens.refresh_token ?? ''), 'invalid_client', 401);
    const wrongBasic = await discover(fixture, 'not-the-secret', client.ClientSecretBasic('not-the-secret'));
    await expectOAuthError(client.refreshTokenGrant(wrongBasic, tokens.refresh_token ?? ''), 'invalid_client', 401);
  });

  it('fails the next n token requests with HTTP 503, then succeeds', async () => {
    const tokens = await connect(fixture, config);
    fixture.failNextTokenRequests(2);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // openid-client parses error bodies of 4xx only; a 5xx surfaces as a ClientError carrying the Response.
      const caught = await client.refreshTokenGrant(config, tokens.refresh_token ?? '').then(() => undefined, (e: unknown) => e);
      expect(caught).toBeInstanceOf(client.ClientError);
      expect((caught as client.ClientError).cause).toBeInstanceOf(Response);
      expect(((caught as client.ClientError).cause as Response).status).toBe(503);
    }
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).toBeTruthy();
  });

  it('counts refreshes per presented token, per grant and per user', async () => {
    const tokens = await connect(fixture, config, BOB);
    const before = fixture.stats();
    await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    await expectOAuthError(client.refreshTokenGrant(config, tokens.refresh_token ?? ''), 'invalid_grant');
    const after = fixture.stats();
    expect(after.tokenRequests - before.tokenRequests).toBe(2);
    expect(after.refreshGrants - before.refreshGrants).toBe(1);
    expect(after.refreshAttempts - before.refreshAttempts).toBe(2);
    expect(after.refreshGrantsByToken.get(tokens.refresh_token ?? '')).toBe(1);
    expect(after.refreshAttemptsByToken.get(tokens.refresh_token ?? '')).toBe(2);
    const bobId = fixture.users[1]?.id ?? '';
    expect((after.refreshGrantsByUser.get(bobId) ?? 0) - (before.refreshGrantsByUser.get(bobId) ?? 0)).toBe(1);
    expect(after.serverErrors).toBe(0);
  });

  it('revokeUser() kills the user\'s grants: refresh fails with invalid_grant, other users are untouched', async () => {
    const own = await startOidcFixture();
    try {
      const ownConfig = await discover(own);
      const alice = await connect(own, ownConfig, ALICE);
      const bob = await connect(own, ownConfig, BOB);
      await own.revokeUser(ALICE.email);
      await expectOAuthError(client.refreshTokenGrant(ownConfig, alice.refresh_token ?? ''), 'invalid_grant');
      expect((await own.introspect(alice.access_token)).active).toBe(false);
      expect((await client.refreshTokenGrant(ownConfig, bob.refresh_token ?? '')).access_token).toBeTruthy();
    } finally {
      await own.stop();
    }
  });

  it('refreshes 50 connections at once, each exactly once, without errors', async () => {
    const own = await startOidcFixture();
    try {
      const ownConfig = await discover(own);
      const connections = await Promise.all(Array.from({ length: 50 }, (_, i) => connect(own, ownConfig, i % 2 ? ALICE : BOB)));
      const refreshed = await Promise.all(connections.map((c) => client.refreshTokenGrant(ownConfig, c.refresh_token ?? '')));
      expect(new Set(refreshed.map((r) => r.refresh_token)).size).toBe(50);
      const stats = own.stats();
      expect(stats.refreshGrants).toBe(50);
      expect(stats.refreshGrantsByGrant.size).toBe(50);
      expect([...stats.refreshGrantsByGrant.values()].every((count) => count === 1)).toBe(true);
      expect(connections.every((c) => stats.refreshGrantsByToken.get(c.refresh_token ?? '') === 1)).toBe(true);
      expect(stats.serverErrors).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('treats a racing refresh with the same token as reuse: the loser gets invalid_grant and the grant dies', async () => {
    const tokens = await connect(fixture, config);
    const results = await Promise.allSettled([1, 2].map(() => client.refreshTokenGrant(config, tokens.refresh_token ?? '')));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(fixture.stats().refreshAttemptsByToken.get(tokens.refresh_token ?? '')).toBe(2);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof client.refreshTokenGrant>>>).value;
    await expectOAuthError(client.refreshTokenGrant(config, winner.refresh_token ?? ''), 'invalid_grant');
  });

  it('with approvalLimitPerUser, the approval past the cap revokes the user\'s oldest grant', async () => {
    const own = await startOidcFixture({ approvalLimitPerUser: 2 });
    try {
      const ownConfig = await discover(own);
      const first = await connect(own, ownConfig);
      const second = await connect(own, ownConfig);
      const bob = await connect(own, ownConfig, BOB);
      await connect(own, ownConfig);
      await expectOAuthError(client.refreshTokenGrant(ownConfig, first.refresh_token ?? ''), 'invalid_grant');
      expect((await client.refreshTokenGrant(ownConfig, second.refresh_token ?? '')).access_token).toBeTruthy();
      expect((await client.refreshTokenGrant(ownConfig, bob.refresh_token ?? '')).access_token).toBeTruthy();
    } finally {
      await own.stop();
    }
  });

  describe('Salesforce REST mini-API', () => {
    let accessToken: string;
    const base = () => `${fixture.issuer}/services/data/v59.0`;
    const auth = () => ({ authorization: `Bearer ${accessToken}` });

    beforeAll(async () => {
      accessToken = (await connect(fixture, config, ALICE, 'api refresh_token')).access_token;
    });

    it('answers a SOQL query with the org\'s records', async () => {
      const response = await fetch(`${base()}/query?q=${encodeURIComponent('SELECT Id, Name FROM Account ORDER BY Name')}`, { headers: auth() });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { totalSize: number; done: boolean; records: Array<Record<string, unknown>> };
      expect(body.done).toBe(true);
      expect(body.totalSize).toBe(2);
      expect(body.records.map((record) => record.Name)).toEqual(['Acme Inc', 'Edge Communications']);
      expect(body.records[0]).toMatchObject({ attributes: { type: 'Account' } });

      const filtered = await fetch(`${base()}/query?q=${encodeURIComponent("SELECT Name, Industry FROM Account WHERE Name LIKE 'edge%' LIMIT 5")}`, { headers: auth() });
      expect(((await filtered.json()) as { records: unknown[] }).records).toEqual([
        expect.objectContaining({ Name: 'Edge Communications', Industry: 'Electronics' }),
      ]);

      const org = await fetch(`${base()}/query?q=${encodeURIComponent('SELECT Name FROM Organization')}`, { headers: auth() });
      expect(((await org.json()) as { records: Array<{ Name: string }> }).records[0]?.Name).toBe('Acme Inc');
    });

    it('creates, reads, updates and deletes an Account', async () => {
      const created = await fetch(`${base()}/sobjects/Account`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ Name: 'Initech' }),
      });
      expect(created.status).toBe(201);
      const { id, success, errors } = (await created.json()) as { id: string; success: boolean; errors: unknown[] };
      expect(success).toBe(true);
      expect(errors).toEqual([]);
      expect(id).toMatch(/^001\w{15}$/);

      const patched = await fetch(`${base()}/sobjects/Account/${id}`, {
        method: 'PATCH',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ Industry: 'Software' }),
      });
      expect(patched.status).toBe(204);

      const read = await fetch(`${base()}/sobjects/Account/${id}`, { headers: auth() });
      expect(await read.json()).toMatchObject({ Id: id, Name: 'Initech', Industry: 'Software' });

      const removed = await fetch(`${base()}/sobjects/Account/${id}`, { method: 'DELETE', headers: auth() });
      expect(removed.status).toBe(204);
      expect((await fetch(`${base()}/sobjects/Account/${id}`, { headers: auth() })).status).toBe(404);
    });

    it('answers 401 INVALID_SESSION_ID without a valid token', async () => {
      const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer forged' }];
      for (const headers of attempts) {
        const response = await fetch(`${base()}/query?q=SELECT+Id+FROM+Account`, { headers });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
    });

    it('answers 400 MALFORMED_QUERY for a query it cannot parse', async () => {
      const response = await fetch(`${base()}/query?q=${encodeURIComponent('SELEC Id FROM Account')}`, { headers: auth() });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual([expect.objectContaining({ errorCode: 'MALFORMED_QUERY' })]);
    });
  });
});

describe('OIDC fixture, options', () => {
  it('without rotation returns no refresh_token on refresh and the old one keeps working', async () => {
    const fixture = await startOidcFixture({ rotateRefreshTokens: false });
    try {
      const config = await discover(fixture);
      const tokens = await connect(fixture, config);
      const first = await rawRefresh(fixture, tokens.refresh_token ?? '');
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).toBeUndefined();
      expect(first.body.access_token).toBeTruthy();
      const second = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect(second.access_token).toBeTruthy();
      expect(second.refresh_token).toBeUndefined();
    } finally {
      await fixture.stop();
    }
  });

  it('matches registered redirect URIs exactly, port included, when a client lists them', async () => {
    const fixture = await startOidcFixture({
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] }],
    });
    try {
      const config = await discover(fixture);
      const good = await authorizationRequest(config, 'api refresh_token');
      expect(new URL(await fixture.authorize(good.url.href, ALICE)).searchParams.get('code')).toBeTruthy();
      const otherPort = await authorizationRequest(config, 'api refresh_token', 'http://localhost:53683/oauth/callback');
      await expect(fixture.authorize(otherPort.url.href, ALICE)).rejects.toThrow(/redirect_uri/);
    } finally {
      await fixture.stop();
    }
  });

  it('expires access tokens after accessTokenTtlSeconds', async () => {
    const fixture = await startOidcFixture({ accessTokenTtlSeconds: 120 });
    try {
      const config = await discover(fixture);
      const tokens = await connect(fixture, config);
      const { exp } = await fixture.introspect(tokens.access_token);
      expect(exp).toBeGreaterThan(Date.now() / 1000 + 100);
      expect(exp).toBeLessThanOrEqual(Date.now() / 1000 + 121);
    } finally {
      await fixture.stop();
    }
  });

  it('starts in well under a second and stops promptly with connections open', async () => {
    const started = performance.now();
    const fixture = await startOidcFixture();
    expect(performance.now() - started).toBeLessThan(1000);
    await fetch(fixture.endpoints.discovery); // leaves a keep-alive socket open
    const stopping = performance.now();
    await fixture.stop();
    expect(performance.now() - stopping).toBeLessThan(500);
    await expect(fetch(fixture.endpoints.discovery)).rejects.toThrow();
  });
});

describe('OIDC fixture, plain OIDC shape', () => {
  let fixture: OidcFixture;
  let config: client.Configuration;

  beforeAll(async () => {
    fixture = await startOidcFixture({ shape: 'oidc' });
    config = await discover(fixture);
  });
  afterAll(() => fixture.stop());

  it('uses oidc-provider\'s default endpoint paths', () => {
    expect(fixture.endpoints).toMatchObject({
      authorization: `${fixture.issuer}/auth`,
      token: `${fixture.issuer}/token`,
      revocation: `${fixture.issuer}/token/revocation`,
      userinfo: `${fixture.issuer}/me`,
      introspection: `${fixture.issuer}/token/introspection`,
    });
    expect(config.serverMetadata().token_endpoint).toBe(fixture.endpoints.token);
  });

  it('returns a standard token response with expires_in and no Salesforce fields', async () => {
    const tokens = await connect(fixture, config, ALICE, 'openid email profile offline_access');
    expect(tokens.expires_in).toBeGreaterThan(3500);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    expect(tokens.instance_url).toBeUndefined();
    expect(tokens.signature).toBeUndefined();
    expect(tokens.claims()?.sub).toBe(fixture.users[0]?.id);
  });

  it('issues a refresh token for the refresh_token scope too', async () => {
    const tokens = await connect(fixture, config, ALICE, 'openid refresh_token');
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.expires_in).toBeGreaterThan(3500);
  });

  it('issues no refresh token when neither offline_access nor refresh_token is asked for', async () => {
    const tokens = await connect(fixture, config, ALICE, 'openid email');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('serves userinfo with sub, email and name', async () => {
    const tokens = await connect(fixture, config, BOB, 'openid email profile');
    const sub = tokens.claims()?.sub ?? '';
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, sub);
    expect(userinfo).toMatchObject({ sub: fixture.users[1]?.id, email: BOB.email, name: 'Bob Brown' });
  });
});

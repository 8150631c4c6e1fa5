import { afterEach, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';

/**
 * The Salesforce-shaped provider's 2026 behaviours (issue 12), each as Salesforce shows it: http
 * Callback URLs only for localhost, exact registration, the authorize endpoint's answers before any
 * login, 400 `invalid_token` on revoke, and idle refresh-token expiry.
 */
const fixtures: OidcFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.stop()));
});

async function start(options: Parameters<typeof startOidcFixture>[0] = {}): Promise<OidcFixture> {
  const fixture = await startOidcFixture(options);
  fixtures.push(fixture);
  return fixture;
}

const ALICE = { email: 'alice@acme.test', password: 'alice-password' };

function authorizeUrl(fixture: OidcFixture, clientId: string, redirectUri: string): string {
  const url = new URL(fixture.endpoints.authorization);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'api refresh_token', state: 's'.repeat(43),
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', prompt: 'login',
  }).toString();
  return url.href;
}

describe('Callback URLs, as Salesforce registers them', () => {
  it('refuses to register an http URL that is not localhost ("Cannot be an HTTP URL")', async () => {
    await expect(startOidcFixture({ clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://127.0.0.1:1717/OauthRedirect'] }] })).rejects.toThrow(
      /Cannot be an HTTP URL/,
    );
    await start({ clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://localhost:1717/OauthRedirect', 'https://app.example/cb'] }] });
  });

  it('answers an unregistered callback and an unknown client id at once, before any login, on its error page', async () => {
    const fixture = await start({ clients: [{ clientId: 'desk-client', clientSecret: 'desk-secret', redirectUris: ['http://localhost:1717/OauthRedirect'] }] });
    for (const [clientId, redirectUri, error] of [
      ['desk-client', 'http://localhost:1717/OauthRedirect/', 'redirect_uri_mismatch'], // exact: a trailing slash is another URL
      ['desk-client', 'http://localhost:1718/OauthRedirect', 'redirect_uri_mismatch'], // port included
      ['3MVG9-unknown', 'http://localhost:1717/OauthRedirect', 'invalid_client_id'],
    ] as const) {
      const response = await fetch(authorizeUrl(fixture, clientId, redirectUri), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location')!, fixture.issuer);
      expect(location.pathname).toBe('/setup/secur/RemoteAccessErrorPage.apexp');
      expect(location.searchParams.get('error')).toBe(error);
      await expect(fixture.authorize(authorizeUrl(fixture, clientId, redirectUri), ALICE)).rejects.toThrow(error);
    }
    const registered = await fetch(authorizeUrl(fixture, 'desk-client', 'http://localhost:1717/OauthRedirect'), { redirect: 'manual' });
    expect(new URL(registered.headers.get('location')!, fixture.issuer).pathname).toMatch(/^\/interaction\//);
  });
});

describe('refresh tokens unused too long', () => {
  it('die after refreshTokenIdleSeconds, while a used one gets a fresh window (rotation)', async () => {
    const idleSeconds = 6;
    const fixture = await start({ refreshTokenIdleSeconds: idleSeconds });
    const config = await client.discovery(new URL(fixture.issuer), 'desk-client', 'desk-secret', undefined, { execute: [client.allowInsecureRequests] });
    const connect = async () => {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: 'http://localhost:1717/cb', scope: 'api refresh_token', state: 'x'.repeat(43),
        code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', prompt: 'login',
      });
      const callback = new URL(await fixture.authorize(url.href, ALICE));
      return client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'x'.repeat(43) });
    };
    const used = await connect();
    const idle = await connect();
    const issued = Date.now(); // both were issued before this
    // Lifetimes are whole seconds (the issue time is truncated), so a token issued at t expires between
    // t + idle - 1 s and t + idle. The used one is refreshed 2.5 s after `issued`, well inside its
    // window however slow the two sign-ins were (up to 2.5 s); the idle one is tried once its latest
    // expiry is 0.3 s past, and the rotated one then still has more than a second of its fresh window.
    const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
    await until(issued + 2_500);
    const rotated = await client.refreshTokenGrant(config, used.refresh_token!);
    await until(issued + idleSeconds * 1000 + 300);
    await expect(client.refreshTokenGrant(config, idle.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, rotated.refresh_token!)).resolves.toMatchObject({ access_token: expect.any(String) });
  });
});

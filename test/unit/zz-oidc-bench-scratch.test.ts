import * as client from 'openid-client';
import { it } from 'vitest';
import { startOidcFixture } from '../fixtures/oidc-fixture.js';

it('bench', async () => {
  for (let round = 0; round < 3; round++) {
  const own = await startOidcFixture();
  const ownConfig = await client.discovery(new URL(own.issuer), 'desk-client', 'desk-secret', undefined, { execute: [client.allowInsecureRequests] });
  const one = async () => {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(ownConfig, { redirect_uri: 'http://127.0.0.1:5000/cb', scope: 'api refresh_token openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, prompt: 'login' });
      const cb = await own.authorize(url.href, { email: 'alice@acme.test', password: 'alice-password' });
      return client.authorizationCodeGrant(ownConfig, new URL(cb), { pkceCodeVerifier: verifier, expectedState: state });
  };
  let t = performance.now();
  const c = await Promise.all(Array.from({ length: 50 }, one));
  console.log('50 parallel connects', Math.round(performance.now() - t), 'ms');
  t = performance.now();
  await Promise.all(c.map((x) => client.refreshTokenGrant(ownConfig, x.refresh_token!)));
  console.log('50 parallel refresh', Math.round(performance.now() - t), 'ms');
  await own.stop();
  }
}, 120000);

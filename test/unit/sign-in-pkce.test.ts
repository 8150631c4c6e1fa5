import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { newAuthorizationSecrets, s256Challenge } from '../../main/core/oauth/authorization-request.js';

/** Issue 15: the S256 challenge is hashed synchronously; it must stay RFC 7636's, byte for byte. */
describe('the PKCE challenge', () => {
  it('is RFC 7636 S256 (Appendix B)', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it("matches oauth4webapi's for fresh verifiers, and a sign-in's secrets carry the challenge of their verifier", async () => {
    for (let i = 0; i < 20; i++) {
      const verifier = oauth.generateRandomCodeVerifier();
      expect(s256Challenge(verifier)).toBe(await oauth.calculatePKCECodeChallenge(verifier));
    }
    const secrets = await newAuthorizationSecrets();
    expect(secrets.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(secrets.codeChallenge).toBe(await oauth.calculatePKCECodeChallenge(secrets.codeVerifier));
    expect(secrets.state.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits, base64url
  });
});

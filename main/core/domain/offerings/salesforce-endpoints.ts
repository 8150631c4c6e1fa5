import type { OfferingEndpoints } from '../../../../preload/contract/models.js';

export const SALESFORCE_PRODUCTION_LOGIN = 'https://login.salesforce.com';
export const SALESFORCE_SANDBOX_LOGIN = 'https://test.salesforce.com';

/**
 * The OAuth endpoints of a Salesforce login host (login, test, or a My Domain).
 *
 * All of them live under `/services/oauth2/` on the login host; the login host decides which orgs can
 * sign in (production vs sandbox vs one My Domain), which is the classic "wrong login host" mistake.
 */
export function salesforceEndpoints(loginUrl: string): OfferingEndpoints {
  const origin = new URL(loginUrl).origin;
  const at = (name: string) => `${origin}/services/oauth2/${name}`;
  return {
    authorization: at('authorize'),
    token: at('token'),
    revocation: at('revoke'),
    userinfo: at('userinfo'),
    introspection: at('introspect'),
  };
}

export const salesforceDiscoveryUrl = (loginUrl: string): string =>
  `${new URL(loginUrl).origin}/.well-known/openid-configuration`;

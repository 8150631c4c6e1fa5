import { createHmac, timingSafeEqual } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { classifyProviderError, statusText } from '../oauth/provider-errors.js';
import { DeskError } from '../support/desk-error.js';
import type { ProviderContext } from './provider-context.js';

/** The connected-app setting whose absence means no refresh token, as Salesforce labels it. */
export const REFRESH_SCOPE_SETTING = 'Perform requests at any time (refresh_token, offline_access)';

/**
 * Exchanges an authorization code: the same redirect_uri as the authorization request, the client
 * secret and the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5).
 *
 * Failures become messages an admin can act on; the provider's own description is never quoted.
 * `invalid_client` is reported through `onRejectedClient` so the integration can be flagged.
 */
export async function exchangeCode(
  ctx: ProviderContext,
  callbackParameters: URLSearchParams,
  redirectUri: string,
  codeVerifier: string,
  onRejectedClient: (message: string) => void,
): Promise<oauth.TokenEndpointResponse> {
  const { as, options } = ctx.provider;
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, ctx.client, ctx.clientAuth, callbackParameters, redirectUri, codeVerifier, options);
    return await oauth.processAuthorizationCodeResponse(as, ctx.client, response);
  } catch (error) {
    const failure = classifyProviderError(error);
    switch (failure.kind) {
      case 'invalid_grant':
        throw new DeskError(
          'PROVIDER_ERROR',
          'The provider refused the authorization code (invalid_grant): it was already used, has expired, or was issued for another Callback URL. Start a new connection.',
        );
      case 'invalid_client': {
        const message = `Credentials rejected: ${ctx.offering.name} refused the Client ID and Client Secret of "${ctx.integration.name}" when exchanging the authorization code. Replace the secret and verify the integration again.`;
        onRejectedClient(message);
        throw new DeskError('PROVIDER_ERROR', message);
      }
      case 'transient':
        throw new DeskError('UNREACHABLE', `Could not reach the provider to exchange the authorization code (${statusText(failure.status)}). Start a new connection.`);
      case 'rejected':
        throw new DeskError('PROVIDER_ERROR', `The provider refused the authorization code exchange: ${failure.code} (HTTP ${failure.status}).`);
      default:
        throw new DeskError('PROVIDER_ERROR', 'The provider did not answer the code exchange like an OAuth token endpoint.');
    }
  }
}

/**
 * Checks that the provider granted what a long-lived connection needs.
 *
 * Without a refresh token the connection would die with its first access token; Salesforce issues one
 * only when the connected app's selected OAuth scopes include the refresh_token scope. The required
 * scopes of the integration must be granted too (RFC 6749 §3.3: the server may grant fewer).
 */
export function checkGrantedScopes(tokens: oauth.TokenEndpointResponse, requested: string[], required: string[]): string[] {
  const granted = typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter(Boolean) : requested;
  const refreshGranted = granted.includes('refresh_token') || granted.includes('offline_access');
  if (!tokens.refresh_token || !refreshGranted) {
    throw new DeskError(
      'PROVIDER_ERROR',
      `The provider issued no refresh token${refreshGranted ? '' : ' (the refresh_token scope was not granted)'}, so the connection could not stay connected. ` +
        `In the Salesforce connected app, add "${REFRESH_SCOPE_SETTING}" to the Selected OAuth Scopes, then connect again.`,
    );
  }
  const missing = required.filter((scope) => scope !== 'refresh_token' && scope !== 'offline_access' && !granted.includes(scope));
  if (missing.length > 0) {
    throw new DeskError(
      'PROVIDER_ERROR',
      `The provider did not grant the required scope${missing.length === 1 ? '' : 's'} ${missing.join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} to the connected app's Selected OAuth Scopes, then connect again.`,
    );
  }
  return granted;
}

/**
 * Verifies Salesforce's token-response `signature`: base64 HMAC-SHA256 of `id + issued_at` keyed with
 * the client secret, which proves the identity URL was not altered in transit.
 *
 * Absent fields (other providers) pass; a present but wrong signature refuses the sign-in.
 */
export function checkSalesforceSignature(tokens: oauth.TokenEndpointResponse, clientSecret: string): void {
  const { id, issued_at: issuedAt, signature } = tokens;
  if (typeof signature !== 'string' || typeof id !== 'string' || typeof issuedAt !== 'string') return;
  const expected = createHmac('sha256', clientSecret).update(id + issuedAt).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DeskError('PROVIDER_ERROR', "The token response's signature did not match, so the sign-in was refused.");
  }
}

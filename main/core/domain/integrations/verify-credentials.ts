import * as oauth from 'oauth4webapi';
import type { VerificationOutcome } from '../../../../preload/contract/models.js';
import type { OfferingRecord } from '../offerings/offering-record.js';
import { clientAuthFor, resolveProvider, type Fetch } from '../offerings/resolve-endpoints.js';

export interface ProbeResult {
  outcome: VerificationOutcome;
  message: string;
}

/**
 * Asks the provider whether it accepts a client ID and secret, without any user involved.
 *
 * Sends an authorization-code grant with a deliberately invalid code (and a PKCE verifier, for orgs that
 * require PKCE). A provider that authenticated the client then complains about the code
 * (`invalid_grant`); one that did not says `invalid_client`/`unauthorized_client` or answers 401.
 * The message never quotes the provider's description verbatim beyond its error code, so nothing the
 * provider echoes can leak into the UI or logs.
 */
export async function probeClientCredentials(
  offering: OfferingRecord,
  clientId: string,
  clientSecret: string,
  redirectUri: string,
  fetchFn: Fetch,
): Promise<ProbeResult> {
  let provider;
  try {
    provider = await resolveProvider(offering, fetchFn);
  } catch (e) {
    return isNetworkError(e)
      ? { outcome: 'unreachable', message: 'Could not reach the provider (discovery failed). Check the network and try again.' }
      : { outcome: 'unexpected', message: 'The provider\'s discovery document could not be used.' };
  }
  const client: oauth.Client = { client_id: clientId };
  try {
    const response = await oauth.genericTokenEndpointRequest(
      provider.as,
      client,
      clientAuthFor(offering, clientSecret),
      'authorization_code',
      {
        code: `desk-verification-${oauth.generateRandomState()}`,
        redirect_uri: redirectUri,
        code_verifier: oauth.generateRandomCodeVerifier(),
      },
      provider.options,
    );
    if (response.status === 401) return rejected();
    await oauth.processGenericTokenEndpointResponse(provider.as, client, response);
    return { outcome: 'unexpected', message: 'The provider accepted an invalid authorization code. This provider cannot be verified safely.' };
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError) {
      if (e.error === 'invalid_grant') return { outcome: 'passed', message: 'The provider accepted the client ID and secret.' };
      if (e.error === 'invalid_client' || e.error === 'unauthorized_client' || e.status === 401) return rejected();
      return { outcome: 'unexpected', message: `Unexpected answer from the provider: ${safeCode(e.error)} (HTTP ${e.status}).` };
    }
    if (e instanceof oauth.WWWAuthenticateChallengeError && e.status === 401) return rejected();
    if (isNetworkError(e)) {
      return { outcome: 'unreachable', message: 'Could not reach the provider. Check the network and try again.' };
    }
    return { outcome: 'unexpected', message: 'Unexpected answer from the provider: it did not answer like an OAuth token endpoint.' };
  }
}

const rejected = (): ProbeResult => ({
  outcome: 'rejected',
  message: 'Credentials rejected: the provider did not accept this Client ID and Client Secret.',
});

/** Error codes are a restricted character set (RFC 6749 §5.2); anything else is not echoed. */
const safeCode = (code: string): string => (/^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(code) ? code : 'unknown error');

function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return e instanceof TypeError && /fetch failed|network/i.test(e.message);
}

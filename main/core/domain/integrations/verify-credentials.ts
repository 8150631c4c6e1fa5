import * as oauth from 'oauth4webapi';
import type { Verification, VerificationOutcome } from '../../../../preload/contract/models.js';
import { buildAuthorizationUrl } from '../../oauth/authorization-request.js';
import { preflightAuthorization, preflightMessage } from '../../oauth/authorize-preflight.js';
import type { OfferingRecord } from '../offerings/offering-record.js';
import { clientAuthFor, resolveProvider, type Fetch, type ResolvedProvider } from '../offerings/resolve-endpoints.js';

export interface ProbeResult {
  outcome: VerificationOutcome;
  message: string;
  problem?: Verification['problem'];
  retrySoon?: boolean;
}

/** Context that sharpens the verdict: the scopes to ask for, and when the credentials last changed. */
export interface ProbeContext {
  scopes?: string[];
  /** ISO time the integration (or its secret) was created or last changed. */
  changedAt?: string;
  now?: number;
}

/** Salesforce activates a new or changed External Client App within about 2–10 minutes. */
export const ACTIVATION_WINDOW_MS = 15 * 60_000;

const ACTIVATION_HINT =
  ' If you created or changed the External Client App in the last few minutes, Salesforce may still be activating it (this takes about 2–10 minutes): wait, then Retry.';

/**
 * Checks the whole registration without any user: the authorize endpoint first (does the provider
 * know this client id, and is this Callback URL registered for it?), then the token endpoint (does it
 * accept the client secret?).
 *
 * A rejection shortly after the credentials were entered is likely Salesforce's activation delay
 * rather than a wrong value, and says so (`retrySoon`).
 */
export async function verifyRegistration(
  offering: OfferingRecord,
  clientId: string,
  clientSecret: string,
  redirectUri: string,
  fetchFn: Fetch,
  context: ProbeContext = {},
): Promise<ProbeResult> {
  const salesforce = offering.kind === 'salesforce';
  const recent =
    salesforce && context.changedAt !== undefined && (context.now ?? Date.now()) - Date.parse(context.changedAt) < ACTIVATION_WINDOW_MS;
  let provider: ResolvedProvider;
  try {
    provider = await resolveProvider(offering, fetchFn);
  } catch (e) {
    return isNetworkError(e)
      ? { outcome: 'unreachable', message: 'Could not reach the provider (discovery failed). Check the network and try again.' }
      : { outcome: 'unexpected', message: 'The provider\'s discovery document could not be used.' };
  }
  const authorizationUrl = buildAuthorizationUrl({
    authorizationEndpoint: provider.endpoints.authorization,
    clientId,
    redirectUri,
    scopes: context.scopes ?? offering.requiredScopes,
    state: oauth.generateRandomState(),
    codeChallenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
  });
  const preflight = await preflightAuthorization(authorizationUrl, redirectUri, fetchFn);
  if (preflight.kind === 'callback-not-registered' || preflight.kind === 'unknown-client') {
    return {
      outcome: 'rejected',
      message: `${preflightMessage(preflight, redirectUri, salesforce)}${recent ? ACTIVATION_HINT : ''}`,
      problem: preflight.kind,
      ...(recent ? { retrySoon: true } : {}),
    };
  }
  const probe = await probeClientCredentials(offering, clientId, clientSecret, redirectUri, fetchFn, provider);
  if (probe.outcome === 'rejected') {
    return { ...probe, problem: 'credentials-rejected', ...(recent ? { message: probe.message + ACTIVATION_HINT, retrySoon: true } : {}) };
  }
  if (probe.outcome === 'passed' && preflight.kind === 'accepted') {
    return { ...probe, message: 'The provider accepted the client ID and secret, and the Callback URL is registered.' };
  }
  if (probe.outcome === 'passed' && preflight.kind === 'refused') {
    return { outcome: 'unexpected', message: `${preflightMessage(preflight, redirectUri, salesforce)} The client ID and secret were accepted.` };
  }
  return probe;
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
  resolved?: ResolvedProvider,
): Promise<ProbeResult> {
  let provider;
  try {
    provider = resolved ?? (await resolveProvider(offering, fetchFn));
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

import { safeCode } from './provider-errors.js';

/**
 * What the provider's authorize endpoint said to a request no user saw.
 *
 * - `accepted`: it went on to its login page (or straight back to our Callback URL): the client id and
 *   the Callback URL are registered.
 * - `unknown-client`: it does not know the client id (Salesforce: `invalid_client_id`).
 * - `callback-not-registered`: the Callback URL is not registered for this client (Salesforce:
 *   `redirect_uri_mismatch`).
 * - `refused`: another error it shows instead of its login page, with the (sanitised) code.
 * - `inconclusive`: no answer, or one we cannot read: say nothing rather than guess.
 */
export type PreflightResult =
  | { kind: 'accepted' }
  | { kind: 'unknown-client'; code: string }
  | { kind: 'callback-not-registered'; code: string }
  | { kind: 'refused'; code: string }
  | { kind: 'inconclusive'; status?: number };

const UNKNOWN_CLIENT = new Set(['invalid_client_id', 'invalid_client', 'unauthorized_client', 'OAUTH_EC_APP_NOT_FOUND']);
const BAD_CALLBACK = new Set(['redirect_uri_mismatch', 'invalid_redirect_uri']);
/** Codes looked for in an error page's text, for providers that show it without a redirect. */
const PAGE_CODES = [...UNKNOWN_CLIENT, ...BAD_CALLBACK];
const PREFLIGHT_TIMEOUT_MS = 10_000;
const MAX_PAGE_BYTES = 64 * 1024;

/**
 * Asks the authorize endpoint about an authorization URL without a browser, cookies or a user.
 *
 * Salesforce answers at once, before any login, for an unknown client id and for a Callback URL the
 * app does not list: it redirects to its error page with `error=invalid_client_id` or
 * `error=redirect_uri_mismatch` in the query (PRODUCT.md, Salesforce facts). A request it accepts goes
 * on to the login page. The request carries no credentials and changes nothing at the provider.
 * Redirects are not followed: the first answer is the one that tells.
 */
export async function preflightAuthorization(authorizationUrl: string, redirectUri: string, fetchFn: typeof fetch): Promise<PreflightResult> {
  let response: Response;
  try {
    response = await fetchFn(authorizationUrl, {
      method: 'GET',
      redirect: 'manual',
      credentials: 'omit',
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'inconclusive' };
  }
  const status = response.status;
  if (status >= 300 && status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (!location) return { kind: 'inconclusive', status };
    let next: URL;
    try {
      next = new URL(location, authorizationUrl);
    } catch {
      return { kind: 'inconclusive', status };
    }
    // Back to our own Callback URL (even with an error such as invalid_scope): the registration is fine.
    if (sameEndpoint(next, redirectUri)) return { kind: 'accepted' };
    const error = next.searchParams.get('error');
    return error ? classify(error) : { kind: 'accepted' };
  }
  if (status >= 500 || status === 429) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'inconclusive', status };
  }
  const page = await readStart(response);
  const found = PAGE_CODES.find((code) => new RegExp(`\\b${code}\\b`).test(page));
  if (found) return classify(found);
  if (status >= 400) {
    const code = /data-error="([\w.-]+)"/.exec(page)?.[1] ?? /\berror=([\w.-]+)/.exec(page)?.[1];
    return code ? classify(code) : { kind: 'inconclusive', status };
  }
  return { kind: 'accepted' };
}

function classify(code: string): PreflightResult {
  if (UNKNOWN_CLIENT.has(code)) return { kind: 'unknown-client', code: safeCode(code) };
  if (BAD_CALLBACK.has(code)) return { kind: 'callback-not-registered', code: safeCode(code) };
  return { kind: 'refused', code: safeCode(code) };
}

function sameEndpoint(url: URL, redirectUri: string): boolean {
  try {
    const expected = new URL(redirectUri);
    return url.protocol === expected.protocol && url.host === expected.host && url.pathname === expected.pathname;
  } catch {
    return false;
  }
}

async function readStart(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < MAX_PAGE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
    await reader.cancel().catch(() => undefined);
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return '';
  }
}

/** What to tell the admin about a preflight answer that stops sign-ins, in Salesforce's terms. */
export function preflightMessage(result: PreflightResult, callbackUrl: string, salesforce: boolean): string | undefined {
  const app = salesforce ? 'the External Client App' : "the provider's app";
  switch (result.kind) {
    case 'callback-not-registered':
      return (
        `This Callback URL is not registered in the app (${result.code}): add ${callbackUrl} to ${app}'s Callback URL list exactly as shown, port and path included` +
        `${salesforce ? ', save, and wait a few minutes for Salesforce to apply the change' : ''}.`
      );
    case 'unknown-client':
      return salesforce
        ? `Salesforce does not know this Client ID (${result.code}). Check that it is the app's Consumer Key, and that the app exists in the org you sign in to: a Local External Client App works only in the org that created it (other orgs answer OAUTH_EC_APP_NOT_FOUND and need a packaged app installed).`
        : `The provider does not know this Client ID (${result.code}). Check the Client ID.`;
    case 'refused':
      return `The provider shows an error page instead of its login page (${result.code}).`;
    default:
      return undefined;
  }
}

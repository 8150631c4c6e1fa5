import * as oauth from 'oauth4webapi';

/**
 * What a failed provider call means for us, independent of how the library reported it.
 *
 * - `invalid_grant`: the grant (code or refresh token) is dead; only a new authorization helps.
 * - `invalid_client`: the provider refused the integration's client credentials.
 * - `transient`: network failure, timeout, 429 or 5xx: try again later, change nothing.
 * - `rejected`: another OAuth error, with its (sanitised) code.
 * - `unexpected`: the answer was not OAuth at all.
 */
export type ProviderFailure =
  | { kind: 'invalid_grant'; status: number }
  | { kind: 'invalid_client'; status: number }
  | { kind: 'transient'; status?: number }
  | { kind: 'rejected'; code: string; status: number }
  | { kind: 'unexpected'; status?: number };

const TRANSIENT_CODES = new Set(['temporarily_unavailable', 'server_error', 'slow_down']);

/**
 * Classifies an error thrown by an oauth4webapi request/processing pair.
 *
 * Only the error code and the HTTP status are read: the description and the response body are the
 * provider's words and never reach a message, a log line or the UI.
 */
export function classifyProviderError(error: unknown): ProviderFailure {
  if (error instanceof oauth.ResponseBodyError) {
    const status = error.status;
    if (error.error === 'invalid_grant') return { kind: 'invalid_grant', status };
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client' || status === 401) return { kind: 'invalid_client', status };
    if (status >= 500 || status === 429 || TRANSIENT_CODES.has(error.error)) return { kind: 'transient', status };
    return { kind: 'rejected', code: safeCode(error.error), status };
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    if (error.status === 401) return { kind: 'invalid_client', status: 401 };
    if (error.status >= 500 || error.status === 429) return { kind: 'transient', status: error.status };
    return { kind: 'unexpected', status: error.status };
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    if (status !== undefined && (status >= 500 || status === 429)) return { kind: 'transient', status };
    return { kind: 'unexpected', status };
  }
  if (isNetworkError(error)) return { kind: 'transient' };
  return { kind: 'unexpected' };
}

/** Error codes are a restricted character set (RFC 6749 §5.2); anything else is not echoed. */
export const safeCode = (code: string): string => (/^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/.test(code) ? code : 'unknown error');

/** True for failures of the network itself: refused, reset, DNS, TLS, our timeout. */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && /fetch failed|network|terminated/i.test(error.message);
}

/** A status for messages: "HTTP 503", or "no answer" when the request never got one. */
export const statusText = (status: number | undefined): string => (status === undefined ? 'no answer' : `HTTP ${status}`);

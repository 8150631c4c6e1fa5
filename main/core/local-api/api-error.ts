/**
 * An error answered to a local-API client as `{ error, message }` with an HTTP status, the hosted
 * product's wire format. `message` must be safe to show: built from names and codes, never from a
 * key value, a token or a provider body.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (error: string, message: string): ApiError => new ApiError(400, error, message);
export const unauthorized = (error: string, message: string): ApiError =>
  // RFC 6750 §3: a 401 names the scheme the client should use.
  new ApiError(401, error, message, { 'WWW-Authenticate': 'Bearer realm="Integrations Desk"' });
export const forbidden = (error: string, message: string): ApiError => new ApiError(403, error, message);
export const notFound = (error: string, message: string): ApiError => new ApiError(404, error, message);
export const internal = (error: string, message: string): ApiError => new ApiError(500, error, message);

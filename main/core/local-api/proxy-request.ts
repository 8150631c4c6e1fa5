import { badRequest } from './api-error.js';

export const PROXY_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type ProxyMethod = (typeof PROXY_METHODS)[number];

/** A proxy call, validated: only ever a path on the connection's own instance. */
export interface ProxyRequest {
  method: ProxyMethod;
  path: string;
  query: Array<[string, string]>;
  /** The JSON body to send, already serialised. */
  body?: string;
}

const MAX_PATH_LENGTH = 2048;
const MAX_QUERY_PARAMS = 100;
const ALLOWED_FIELDS = new Set(['method', 'path', 'query', 'data']);
/** RFC 3986 `pchar` and `/`: no `?`, `#`, `\`, whitespace, control or non-ASCII characters. */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/;

/**
 * Validates the body of `POST /api/v1/proxy/salesforce`: `{ method, path, query?, data? }`.
 *
 * The path is the security-relevant part: the proxy attaches a live access token to whatever it
 * sends, so a path that could leave the connection's instance (an absolute URL, `//other.host`, a
 * backslash some parsers read as a slash) or climb out of `/services/` (`..`, `%2e%2e`, `%2f`) would
 * turn the local API into a token-exfiltration tool. `checkProxyPath` refuses all of those, and
 * `upstreamTarget` checks the URL actually built once more.
 */
export function parseProxyRequest(input: unknown): ProxyRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badRequest('invalid_request', 'The request body must be a JSON object: { method, path, query?, data? }.');
  }
  const fields = input as Record<string, unknown>;
  const unknownFields = Object.keys(fields).filter((k) => !ALLOWED_FIELDS.has(k));
  if (unknownFields.length > 0) {
    throw badRequest('invalid_request', `Unknown field${unknownFields.length === 1 ? '' : 's'} ${unknownFields.slice(0, 5).map((f) => `"${f.slice(0, 40)}"`).join(', ')}: use method, path, query and data.`);
  }
  const method = parseMethod(fields.method);
  const path = checkProxyPath(fields.path);
  const query = parseQuery(fields.query);
  const data = fields.data;
  if (data !== undefined && (method === 'GET' || method === 'HEAD' || method === 'DELETE')) {
    throw badRequest('invalid_request', `A ${method} request cannot carry data: put parameters in "query".`);
  }
  return { method, path, query, ...(data !== undefined ? { body: JSON.stringify(data) } : {}) };
}

function parseMethod(value: unknown): ProxyMethod {
  if (value === undefined) return 'GET';
  const method = typeof value === 'string' ? value.toUpperCase() : '';
  if (!(PROXY_METHODS as readonly string[]).includes(method)) {
    throw badRequest('invalid_method', `"method" must be one of ${PROXY_METHODS.join(', ')}.`);
  }
  return method as ProxyMethod;
}

/** Accepts only a relative Salesforce path under `/services/`, with nothing that could change the host or escape it. */
export function checkProxyPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) refuse('is required');
  const path = value as string;
  if (path.length > MAX_PATH_LENGTH) refuse(`must be at most ${MAX_PATH_LENGTH} characters`);
  if (!path.startsWith('/services/')) refuse('must be a relative path starting with /services/ (absolute URLs and other hosts are refused)');
  if (!PATH_CHARACTERS.test(path)) refuse('contains characters a Salesforce path cannot have (a query string belongs in "query")');
  if (path.includes('%')) {
    for (const match of path.matchAll(/%(..)?/g)) {
      const hex = match[1] ?? '';
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) refuse('has a malformed percent-encoding');
      const byte = Number.parseInt(hex, 16);
      // Encoded separators, dots and percent signs are how traversal hides from a plain check.
      if (byte < 0x20 || byte === 0x7f || byte === 0x2e || byte === 0x2f || byte === 0x5c || byte === 0x25) {
        refuse('has an encoded character that is not allowed');
      }
    }
  }
  // The segments are checked without splitting the path (an array of strings per request): `//` is an
  // empty segment that is not the last one (only a trailing `/` makes an empty last segment), and `.`
  // or `..` is a segment exactly when slashes, or a slash and the end, enclose it.
  if (path.includes('//')) refuse('has an empty segment (//)');
  if (path.includes('/./') || path.includes('/../') || path.endsWith('/.') || path.endsWith('/..')) {
    refuse('may not contain . or .. segments');
  }
  return path;
}

// Not a closure in `checkProxyPath`: it runs on every proxied request.
function refuse(why: string): never {
  throw badRequest('invalid_path', `"path" ${why}. Use a path such as /services/data/v59.0/query.`);
}

function parseQuery(value: unknown): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('invalid_query', '"query" must be an object of parameter names to values, e.g. { "q": "SELECT Id FROM Account" }.');
  }
  const pairs: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (name.length === 0 || name.length > 256) throw badRequest('invalid_query', 'Query parameter names must be 1 to 256 characters.');
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (item === undefined || item === null) continue;
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw badRequest('invalid_query', `Query parameter "${name.slice(0, 40)}" must be a string, number or boolean (or a list of them).`);
      }
      pairs.push([name, String(item)]);
    }
  }
  if (pairs.length > MAX_QUERY_PARAMS) throw badRequest('invalid_query', `At most ${MAX_QUERY_PARAMS} query parameters are allowed.`);
  return pairs;
}

/** Where one proxied request goes: the instance's origin, and the path and query sent to it. */
export interface UpstreamTarget {
  /** `https://host[:port]` of the connection's instance, from its checked instance URL. */
  origin: string;
  /** The checked path and the serialised query, exactly as they go on the request line. */
  target: string;
}

/**
 * The request line's target on the connection's instance: its origin, the checked path, the query.
 *
 * Checked again after building: the URL parser must give back the same origin, the path exactly as
 * validated (no normalisation, such as a dot segment `checkProxyPath` missed) and the query exactly as
 * serialised, so no parser quirk can send the token elsewhere. The query is serialised once by
 * `URLSearchParams` (exactly what appending to `url.searchParams` produces). Kept per value, since a
 * connection sends every request to the same instance and a script to a few paths: the instance URL's
 * check (a URL, http or https, its origin), and the paths the parser keeps as they are (a path's
 * parse does not depend on the query or on which of http and https the origin uses, and a
 * serialised query is always kept as it is: it holds only `A–Z a–z 0–9 * - . _ % + = &`). Nothing
 * else is parsed per request: the pool sends `target` to `origin` as it is.
 */
export function upstreamTarget(instanceUrl: string, request: Pick<ProxyRequest, 'path' | 'query'>): UpstreamTarget {
  const origin = instanceOrigin(instanceUrl);
  const query = request.query.length > 0 ? `?${new URLSearchParams(request.query).toString()}` : '';
  if (!keptPaths.has(request.path)) {
    const url = new URL(`${origin}${request.path}${query}`);
    if (url.origin !== origin || url.pathname !== request.path || url.search !== query) {
      throw badRequest('invalid_path', '"path" does not stay on the connection\'s instance.');
    }
    remember(keptPaths, request.path);
  }
  return { origin, target: `${request.path}${query}` };
}

/** Bounded memories of checked values: emptied when they hold this many. */
const REMEMBERED_MAX = 1_000;
/** Instance URLs already checked, with their origin. */
const checkedOrigins = new Map<string, string>();
/** Checked paths the URL parser keeps exactly as they are. */
const keptPaths = new Set<string>();

function remember(memory: Set<string>, value: string): void {
  if (memory.size >= REMEMBERED_MAX) memory.clear();
  memory.add(value);
}

/** The origin of a connection's instance URL, which must be an http(s) URL. */
function instanceOrigin(instanceUrl: string): string {
  const known = checkedOrigins.get(instanceUrl);
  if (known !== undefined) return known;
  let base: URL;
  try {
    base = new URL(instanceUrl);
  } catch {
    throw badRequest('invalid_connection', 'The connection has no valid instance URL: reauthorize it.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw badRequest('invalid_connection', 'The connection\'s instance URL is not http(s): reauthorize it.');
  }
  if (checkedOrigins.size >= REMEMBERED_MAX) checkedOrigins.clear();
  checkedOrigins.set(instanceUrl, base.origin);
  return base.origin;
}

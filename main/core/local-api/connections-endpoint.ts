import type { ConnectionStatus } from '../../../preload/contract/connection-models.js';
import type { Environment } from '../../../preload/contract/models.js';
import { badRequest } from './api-error.js';
import type { ConnectionFilter, ConnectionSource, ConnectionSummary } from './connection-source.js';
import { compareConnections, decodeCursor, encodeCursor } from './list-cursor.js';

const STATUSES: readonly ConnectionStatus[] = ['connected', 'expired', 'revoked', 'deleted'];
const ENVIRONMENTS: readonly Environment[] = ['production', 'sandbox'];
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** One connection on the wire: the hosted API's summary fields (unknown ones as null), never a token. */
export interface WireConnection {
  connectionId: string;
  integrationId: string;
  userEmail: string;
  userName: string;
  orgName: string | null;
  environment: Environment;
  region: string | null;
  status: ConnectionStatus;
  connectedAt: string;
  lastActiveAt: string;
}

export interface ConnectionsPage {
  connections: WireConnection[];
  totalCount: number;
  nextCursor?: string;
}

/**
 * `GET /api/v1/connections`: the key's integration's connections, filtered and paged.
 *
 * `status`, `environment`, `search` (case-insensitive substring of the email), `limit` (default 20,
 * at most 100) and `cursor` (opaque, from the previous page's `nextCursor`). `totalCount` counts every
 * match, not just this page. Deleted connections appear only when asked for with `status=deleted`.
 */
export function listConnections(source: ConnectionSource, integrationId: string, params: URLSearchParams): ConnectionsPage {
  const filter = parseFilter(params);
  const limit = parseLimit(params.get('limit'));
  const cursor = params.get('cursor');
  const after = cursor ? decodeCursor(cursor) : undefined;

  const all = [...source.list(integrationId, filter)].sort(compareConnections);
  const start = after ? firstAfter(all, after) : 0;
  const page = all.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < all.length && last !== undefined;
  return {
    connections: page.map(toWire),
    totalCount: all.length,
    ...(more ? { nextCursor: encodeCursor(last) } : {}),
  };
}

function parseFilter(params: URLSearchParams): ConnectionFilter {
  const filter: ConnectionFilter = {};
  const status = params.get('status');
  if (status !== null && status !== '') {
    if (!(STATUSES as readonly string[]).includes(status)) throw badRequest('invalid_status', `"status" must be one of ${STATUSES.join(', ')}.`);
    filter.status = status as ConnectionStatus;
  }
  const environment = params.get('environment');
  if (environment !== null && environment !== '') {
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
      throw badRequest('invalid_environment', `"environment" must be one of ${ENVIRONMENTS.join(', ')}.`);
    }
    filter.environment = environment as Environment;
  }
  const search = params.get('search');
  if (search !== null && search.trim() !== '') {
    if (search.length > 200) throw badRequest('invalid_search', '"search" must be at most 200 characters.');
    filter.search = search.trim();
  }
  return filter;
}

function parseLimit(value: string | null): number {
  if (value === null || value === '') return DEFAULT_PAGE_SIZE;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badRequest('invalid_limit', `"limit" must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return limit;
}

/** Index of the first connection after the cursor's position (binary search over the sorted list). */
function firstAfter(sorted: readonly ConnectionSummary[], after: { connectedAt: string; connectionId: string }): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareConnections(sorted[mid]!, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toWire(c: ConnectionSummary): WireConnection {
  return {
    connectionId: c.connectionId,
    integrationId: c.integrationId,
    userEmail: c.userEmail,
    userName: c.userName,
    orgName: c.orgName ?? null,
    environment: c.environment,
    region: c.region ?? null,
    status: c.status,
    connectedAt: c.connectedAt,
    lastActiveAt: c.lastActiveAt,
  };
}

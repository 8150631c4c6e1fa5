import { z } from 'zod';
import type { Connection } from '../../../preload/contract/connection-models.js';
import { shareEqualStrings } from '../storage/share-equal-strings.js';

const revocationRecord = z.object({
  at: z.string(),
  outcome: z.enum(['revoked', 'already-invalid', 'not-supported', 'no-token']),
  httpStatus: z.number().int().optional(),
  message: z.string(),
});

/**
 * A connection as stored in `connections/<integrationId>.json`. No token lives here: access and refresh
 * tokens are in the vault under the integration's namespace (see `connection-secrets.ts`).
 */
export const connectionRecordSchema = z.object({
  id: z.string(),
  integrationId: z.string(),
  userEmail: z.string(),
  userName: z.string(),
  userId: z.string(),
  orgId: z.string(),
  orgName: z.string().optional(),
  instanceUrl: z.string(),
  /** Salesforce's identity URL, kept for the health check's identity step. */
  identityUrl: z.string().optional(),
  environment: z.enum(['production', 'sandbox']),
  region: z.string().optional(),
  // `moved` (issue 16): exported with "move connections too"; its tokens were erased here and it is
  // never refreshed again (the refresher, keep-alive and the local API act on `connected` only).
  status: z.enum(['connected', 'expired', 'revoked', 'deleted', 'moved']),
  statusReason: z.string().optional(),
  /** The provider's code behind `statusReason` (e.g. "invalid_grant (HTTP 400)"), shown behind a toggle. */
  statusCode: z.string().optional(),
  scopes: z.array(z.string()),
  tokenType: z.string(),
  connectedAt: z.string(),
  lastActiveAt: z.string(),
  lastRefreshedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  expirySource: z.enum(['from provider', 'introspected', 'assumed']).optional(),
  refreshProblem: z.object({ at: z.string(), message: z.string() }).optional(),
  revocation: revocationRecord.optional(),
  deletedAt: z.string().optional(),
  /** Issue 16: when this connection was moved to another machine by an export. */
  movedAt: z.string().optional(),
  updatedAt: z.string(),
});

export type ConnectionRecord = z.infer<typeof connectionRecordSchema>;

/**
 * A connections shard. Its output shares equal strings and equal scope lists (issue 15): every shard
 * read stays in memory for the session, and at 100,000 connections a copy of each equal timestamp,
 * instance URL, org id and scope per record was ≈ 18 MB (twice that where a shard's times coincide). Every read, write and staged write of a shard goes through
 * this schema, so the document a store keeps is always the shared one.
 */
export const connectionsDocSchema = z.object({ connections: z.array(connectionRecordSchema) }).transform(shareEqualStrings);
export type ConnectionsDoc = z.infer<typeof connectionsDocSchema>;

export const emptyConnectionsDoc = (): ConnectionsDoc => ({ connections: [] });

/** The renderer's view of a record: everything but internal bookkeeping (there is no token to drop). */
export function toConnectionView(record: ConnectionRecord, idle?: { idleExpiresAt?: string; expiresSoon?: boolean }): Connection {
  // The rest is a fresh object: the idle fields are added to it rather than spread into a second copy
  // (issue 15: listing 100,000 connections made two objects of each).
  const { identityUrl: _identity, tokenType: _tokenType, updatedAt: _updated, ...rest } = record;
  const view: Connection = rest;
  if (idle?.idleExpiresAt) view.idleExpiresAt = idle.idleExpiresAt;
  if (idle?.expiresSoon) view.expiresSoon = true;
  return view;
}

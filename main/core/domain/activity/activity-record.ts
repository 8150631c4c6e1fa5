import { z } from 'zod';

/** How an audit entry is stored (`audit/<stream>/<segment>.json`); the same shape the renderer sees. */
export const activityEntrySchema = z.object({
  id: z.string(),
  integrationId: z.string().optional(),
  at: z.string(),
  kind: z.enum([
    'created',
    'edited',
    'secret-replaced',
    'verification-passed',
    'verification-failed',
    'status-changed',
    'deleted',
    'connection-connected',
    'connection-reauthorized',
    'connection-revoked',
    'connection-deleted',
    'connection-refresh-failed',
    'connection-expired',
    'connection-tested',
    'api-key-generated',
    'api-key-revoked',
    'local-api-enabled',
    'local-api-disabled',
    'local-api-changed',
  ]),
  category: z.enum(['credentials', 'connections', 'api-keys', 'local-api']),
  actor: z.enum(['admin', 'app']),
  message: z.string(),
  detail: z.string().optional(),
  changes: z.array(z.object({ field: z.string(), from: z.string().optional(), to: z.string().optional() })).optional(),
  connectionId: z.string().optional(),
  apiKeyId: z.string().optional(),
  outcome: z.enum(['passed', 'failed']).optional(),
});

/** One segment of a stream: up to `SEGMENT_SIZE` entries, oldest first. Sealed segments never change. */
export const activitySegmentSchema = z.object({ entries: z.array(activityEntrySchema) });
export type ActivitySegment = z.infer<typeof activitySegmentSchema>;

/** What a query needs to know about a sealed segment without reading it. */
export const segmentSummarySchema = z.object({
  first: z.string(),
  last: z.string(),
  categories: z.record(z.string(), z.number()),
  connections: z.array(z.string()),
});
export type SegmentSummary = z.infer<typeof segmentSummarySchema>;

/**
 * A stream's index (`audit/<stream>/index.json`): one summary per sealed segment. The open (head)
 * segment is number `sealed.length`. `imported`: the old single-file log was copied in.
 */
export const activityIndexSchema = z.object({ imported: z.boolean(), sealed: z.array(segmentSummarySchema) });
export type ActivityIndex = z.infer<typeof activityIndexSchema>;

/** The log before the audit trail (`activity/<integrationId>.json`, newest first, capped at 500). */
export const legacyActivityDocSchema = z.object({
  entries: z.array(z.object({ id: z.string(), integrationId: z.string(), at: z.string(), kind: z.string(), message: z.string() })),
});
export type LegacyActivityDoc = z.infer<typeof legacyActivityDocSchema>;

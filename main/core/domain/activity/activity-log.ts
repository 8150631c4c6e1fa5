import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ActivityEntry, ActivityKind } from '../../../../preload/contract/models.js';
import { isoNow, type Clock } from '../../support/clock.js';
import type { ShardOpener } from '../doc-store.js';

export const MAX_ACTIVITY_ENTRIES = 500;

export const activityDocSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      integrationId: z.string(),
      at: z.string(),
      kind: z.enum(['created', 'edited', 'secret-replaced', 'verification-passed', 'verification-failed', 'status-changed', 'deleted']),
      message: z.string(),
    }),
  ),
});
export type ActivityDoc = z.infer<typeof activityDocSchema>;

export type ActivityLog = ReturnType<typeof createActivityLog>;

/**
 * The per-integration activity log: what happened and when, newest first, never a secret.
 *
 * One small shard per integration so that logging for one does not rewrite the others; capped so that a
 * noisy integration cannot grow its file without bound.
 */
export function createActivityLog(shards: ShardOpener<ActivityDoc>, clock: Clock) {
  return {
    record(integrationId: string, kind: ActivityKind, message: string): ActivityEntry {
      const entry: ActivityEntry = {
        id: `act_${randomBytes(9).toString('base64url')}`,
        integrationId,
        at: isoNow(clock),
        kind,
        message,
      };
      shards.open(integrationId).update((doc) => ({ entries: [entry, ...doc.entries].slice(0, MAX_ACTIVITY_ENTRIES) }));
      return entry;
    },
    list(integrationId: string): ActivityEntry[] {
      return shards.open(integrationId).get().entries;
    },
  };
}

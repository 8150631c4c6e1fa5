import type { ActivityLog, NewActivity } from '../domain/activity/activity-log.js';
import { writeTogether } from '../storage/write-together.js';
import type { Logger } from '../support/logger.js';
import type { IntegrationWrite } from './import-plan.js';

/** Trails written in one durable step when an import is recorded (the activity log keeps 64 open). */
const AUDIT_GROUP = 32;

/** What an applied import says in one integration's trail (never a secret's value). */
function importEntries(write: IntegrationWrite): NewActivity[] {
  const { id: integrationId, name } = write.record;
  const connections = write.connections.length === 0 ? '' : `, with ${write.connections.length} connection${write.connections.length === 1 ? '' : 's'}`;
  if (write.kind === 'add') return [{ integrationId, kind: 'created', category: 'credentials', actor: 'admin', message: `Imported "${name}" from a bundle${connections}` }];
  return [
    { integrationId, kind: 'edited', category: 'credentials', actor: 'admin', message: `Replaced by "${name}" from a bundle${connections}` },
    ...(write.clientSecret ? [{ integrationId, kind: 'secret-replaced', category: 'credentials', actor: 'admin', message: 'Client Secret replaced by an import' } as const] : []),
  ];
}

/**
 * The audit entries of an applied import, per integration: added, or replaced (its Client Secret too,
 * when the bundle brought one). Each integration's entries are one staged append of its trail, written
 * `AUDIT_GROUP` trails at a time in one durable step (`writeTogether`): one at a time, 1,000 imported
 * integrations took ~1.7 s of fsyncs. A group with a trail whose open segment has no room for its
 * entries (`prepareMany` throws a RangeError, before anything is written) is written trail by trail.
 * The import is done by then: entries that cannot be written are logged, not reported as a failed
 * import.
 */
export async function recordImport(activity: Pick<ActivityLog, 'prepareMany' | 'recordMany'>, writes: readonly IntegrationWrite[], logger: Logger): Promise<void> {
  const trails = writes.map((write) => ({ integrationId: write.record.id, entries: importEntries(write) }));
  const failed = (error: unknown) => logger.warn({ reason: error instanceof Error ? error.name : 'unexpected' }, 'an import could not be recorded in the audit trail');
  for (let i = 0; i < trails.length; i += AUDIT_GROUP) {
    const group = trails.slice(i, i + AUDIT_GROUP);
    try {
      await writeTogether(() => group.map((t) => activity.prepareMany(t.integrationId, t.entries)));
    } catch (error) {
      if (!(error instanceof RangeError)) {
        failed(error);
        continue;
      }
      for (const t of group) {
        try {
          activity.recordMany(t.integrationId, t.entries);
        } catch (single) {
          failed(single);
        }
      }
    }
  }
}

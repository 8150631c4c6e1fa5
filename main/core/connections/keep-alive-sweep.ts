import type { Clock } from '../support/clock.js';
import { isDeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import type { ConnectionRecord } from './connection-record.js';
import { keepAliveDue } from './idle-expiry.js';

export interface KeepAliveSweepDeps {
  /** The keep-alive interval (0: off). */
  intervalMs(): number;
  integrationIds(): string[];
  connections(integrationId: string): readonly ConnectionRecord[];
  idleDaysOf(integrationId: string): number | undefined;
  refresh(connectionId: string): Promise<unknown>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
}

/**
 * One keep-alive pass: refreshes each connected connection that is due (well before its org's
 * idle-token policy, else once per interval), one at a time. An integration whose connections cannot
 * be read (a newer app's shard, say) is skipped and logged, and a refresh that fails is logged: the
 * pass goes on for the others.
 */
export function createKeepAliveSweep(deps: KeepAliveSweepDeps): () => Promise<void> {
  return async () => {
    const interval = deps.intervalMs();
    if (interval <= 0) return;
    const now = deps.clock.now();
    const records: ConnectionRecord[] = [];
    for (const integrationId of deps.integrationIds()) {
      try {
        records.push(...deps.connections(integrationId));
      } catch (error) {
        deps.logger.warn({ integrationId, reason: error instanceof Error ? error.name : 'unexpected' }, 'keep-alive skipped connections it could not read');
      }
    }
    for (const record of records) {
      if (record.status !== 'connected') continue;
      if (!keepAliveDue(record, deps.idleDaysOf(record.integrationId), interval, now)) continue;
      await deps.refresh(record.id).catch((error: unknown) => {
        deps.logger.warn({ connectionId: record.id, reason: isDeskError(error) ? error.message : 'unexpected' }, 'keep-alive refresh failed');
      });
    }
  };
}

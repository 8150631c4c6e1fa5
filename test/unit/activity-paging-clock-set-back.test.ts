import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ActivityEntry, ActivityPage } from '../../preload/contract/activity-models.js';
import { createActivityLog } from '../../main/core/domain/activity/activity-log.js';
import type { AppendableDocStore } from '../../main/core/domain/doc-store.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';

/**
 * An integration's trail merges two streams (its own and the app-wide one), each paged by sequence
 * number. When the clock was set back, a stream's entries are not in time order, and a page cut by
 * time alone left an entry of one stream above the cursor it recorded: it was never shown.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('paging a trail recorded while the clock was set back', () => {
  it('shows every entry once, whatever the page size', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-audit-clock-'));
    dirs.push(dir);
    const recoveries = createRecoveryLog();
    const open = <T>(name: string, schema: z.ZodType<T>, defaults: T): AppendableDocStore<T> => openJsonStore({ dir, name, schema, defaults, version: 1, recoveries });
    // The clock reads 09:00, is set back to 08:00 (the app-wide entry recorded then), then runs on.
    const times = ['2026-01-01T08:30:00.000Z', '2026-01-01T09:00:00.000Z', '2026-01-01T08:00:00.000Z', '2026-01-01T08:45:00.000Z'];
    let n = 0;
    const log = createActivityLog(open, { now: () => Date.parse(times[n++]!) });
    log.record({ integrationId: 'int_a', kind: 'edited', category: 'credentials', actor: 'admin', message: 'edit 1' });
    log.record({ kind: 'local-api-enabled', category: 'local-api', actor: 'admin', message: 'on' });
    log.record({ kind: 'local-api-disabled', category: 'local-api', actor: 'admin', message: 'off' });
    log.record({ integrationId: 'int_a', kind: 'edited', category: 'credentials', actor: 'admin', message: 'edit 2' });

    for (const limit of [1, 2, 3, 50]) {
      const all: ActivityEntry[] = [];
      let cursor: string | undefined;
      do {
        const page: ActivityPage = log.page({ integrationId: 'int_a', cursor, limit });
        all.push(...page.entries);
        cursor = page.nextCursor;
      } while (cursor);
      expect({ limit, messages: all.map((e) => e.message).sort() }).toEqual({ limit, messages: ['edit 1', 'edit 2', 'off', 'on'] });
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActivityLog } from '../../main/core/domain/activity/activity-log.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { removeStaleTempFiles } from '../../main/core/storage/shards.js';
import { openWriteJournal } from '../../main/core/storage/write-journal.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { CRASH_LOOP_TIMEOUT_MS, CRASH_ROUNDS, killRepeatedly } from '../support/kill-writer.js';

/**
 * Issue 15: a sign-in's tokens, audit entry and record are made durable as one write-journal entry
 * (one fsync round) and reach their files afterwards. kill -9 at random moments, rounds bounded by
 * `DESK_CRASH_ROUNDS` (default 12); after each, the journal is replayed as the app's start does, then:
 * - every acknowledged ("connected") sign-in is there: record, tokens and entry;
 * - no half sign-in is visible: the entries are exactly the sign-ins 1..record, and the tokens are
 *   the record's own (the group lands whole or not at all);
 * - a write that bypassed the journal right after a sign-in (a refresh of another connection in the
 *   same vault shard) is never undone by the replay of that sign-in's older copy of the shard;
 * - nothing is restored from a backup; the journal is empty and no stray temp file is left.
 */
const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/signin-journal-writer.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-signin-journal-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the sign-in write journal, under kill -9', () => {
  it(
    `keeps every acknowledged sign-in whole and never undoes a later write, over ${CRASH_ROUNDS} kills`,
    () =>
      killRepeatedly(fixture, dataDir, async (lastReported, round) => {
        await openWriteJournal(path.join(dataDir, 'journal')).close(); // the app's start: replay first
        expect(fs.readdirSync(path.join(dataDir, 'journal')), `${round}: the journal after its replay`).toEqual([]);

        const recoveries = createRecoveryLog();
        const open = <T>(name: string, schema: z.ZodType<T>, defaults: T) => openJsonStore({ dir: dataDir, name, schema, defaults, version: 1, recoveries });
        const stored = open('connections/journal', z.object({ seq: z.number().int() }), { seq: 0 }).get().seq;
        expect(stored, `${round}: the acknowledged record`).toBeGreaterThanOrEqual(lastReported);

        const log = createActivityLog(open, { now: Date.now });
        const recorded = log
          .page({ integrationId: 'int_journal', category: 'connections', limit: 500 })
          .entries.map((e) => Number(e.message.slice('Connected '.length)))
          .sort((a, b) => a - b);
        expect(recorded, `${round}: one entry per stored sign-in, none ahead of its record`).toEqual(Array.from({ length: stored }, (_, i) => i + 1));

        const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true, existingOnly: true });
        const vault = createVault({ dir: path.join(dataDir, 'vault'), cipher: cipher!, recoveries });
        expect(vault.get('integration-journal', 'conn.refresh'), `${round}: the record's own tokens`).toBe(`refresh-${stored}`);
        expect(vault.get('integration-journal', 'conn.access'), round).toBe(`access-${stored}`);
        // The last write that bypassed the journal and was acknowledged (every fourth sign-in's).
        const lastOther = lastReported - (lastReported % 4);
        if (lastOther > 0) {
          expect(Number(vault.get('integration-journal', 'other.refresh')?.slice('other-'.length)), `${round}: the write after a sign-in`).toBeGreaterThanOrEqual(lastOther);
        }
        expect(recoveries.list()).toEqual([]);

        const now = Date.now() + 120_000;
        const folders = ['connections', 'vault', 'audit/int_journal'];
        for (const folder of folders) await removeStaleTempFiles(dataDir, folder, 60_000, now);
        const strays = folders.flatMap((folder) => fs.readdirSync(path.join(dataDir, folder))).filter((f) => f.includes('.tmp'));
        expect(strays, round).toEqual([]);
      }),
    CRASH_LOOP_TIMEOUT_MS,
  );
});

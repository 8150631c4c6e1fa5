import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActivityLog } from '../../main/core/domain/activity/activity-log.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { removeStaleTempFiles } from '../../main/core/storage/shards.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { CRASH_LOOP_TIMEOUT_MS, CRASH_ROUNDS, killRepeatedly } from '../support/kill-writer.js';

/**
 * Issue 15: a sign-in's audit entry is written in the same group as its tokens and record (tokens,
 * entry, record, renamed in that order). kill -9 at random moments, rounds bounded by
 * `DESK_CRASH_ROUNDS` (default 12). The guarantee:
 * - every acknowledged ("connected") sign-in has its entry on disk;
 * - no record is ever ahead of its entry: each stored record's sign-in has its entry, and its tokens;
 * - a kill between the entry's rename and the record's may leave the entry of a sign-in whose record
 *   was never written (it is written again by the next run, so its number may appear twice) — never
 *   the other way round;
 * - nothing is restored from a backup, and a kill leaves only temp files that start-up removes.
 */
const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/signin-audit-writer.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-signin-audit-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The sequence numbers of every "Connected <n>" entry in the writer's trail, newest first. */
function recordedSignIns(open: <T>(name: string, schema: z.ZodType<T>, defaults: T) => ReturnType<typeof openJsonStore<T>>): number[] {
  const log = createActivityLog(open, { now: Date.now });
  const seqs: number[] = [];
  let cursor: string | undefined;
  do {
    const page = log.page({ integrationId: 'int_audit', category: 'connections', limit: 500, ...(cursor ? { cursor } : {}) });
    seqs.push(...page.entries.map((e) => Number(e.message.slice('Connected '.length))));
    cursor = page.nextCursor;
  } while (cursor);
  return seqs;
}

describe.skipIf(process.platform === 'win32')("a sign-in's audit entry, under kill -9", () => {
  it(
    `is on disk for every acknowledged sign-in, and no record is ahead of its entry, over ${CRASH_ROUNDS} kills`,
    () =>
      killRepeatedly(fixture, dataDir, async (lastReported, round) => {
        const recoveries = createRecoveryLog();
        const open = <T>(name: string, schema: z.ZodType<T>, defaults: T) => openJsonStore({ dir: dataDir, name, schema, defaults, version: 1, recoveries });
        const stored = open('connections/audit', z.object({ seq: z.number().int() }), { seq: 0 }).get().seq;
        expect(stored, `${round}: the acknowledged record`).toBeGreaterThanOrEqual(lastReported);

        const recorded = new Set(recordedSignIns(open));
        const missing = Array.from({ length: stored }, (_, i) => i + 1).filter((seq) => !recorded.has(seq));
        expect(missing, `${round}: stored sign-ins without their entry`).toEqual([]);
        // At most the one sign-in after the stored record has an entry (its record's rename never came).
        expect(Math.max(...recorded), round).toBeLessThanOrEqual(stored + 1);

        const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true, existingOnly: true });
        const vault = createVault({ dir: path.join(dataDir, 'vault'), cipher: cipher!, recoveries });
        expect(Number(vault.get('integration-audit', 'conn.refresh')?.slice('refresh-'.length)), `${round}: tokens`).toBeGreaterThanOrEqual(stored);
        expect(recoveries.list()).toEqual([]);

        // A kill mid-group leaves at most temp files, which start-up's sweep recognises.
        const now = Date.now() + 120_000;
        const folders = ['connections', 'vault', 'audit/int_audit'];
        for (const folder of folders) await removeStaleTempFiles(dataDir, folder, 60_000, now);
        const strays = folders.flatMap((folder) => fs.readdirSync(path.join(dataDir, folder))).filter((f) => f.includes('.tmp'));
        expect(strays, round).toEqual([]);
      }),
    CRASH_LOOP_TIMEOUT_MS,
  );
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { removeStaleTempFiles } from '../../main/core/storage/shards.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { CRASH_LOOP_TIMEOUT_MS, CRASH_ROUNDS, expectAcknowledgedTokens, killRepeatedly } from '../support/kill-writer.js';

/**
 * Issue 15: a sign-in writes its tokens and its record in one durable step (`writeTogether`). kill -9
 * at random moments, rounds bounded by `DESK_CRASH_ROUNDS` (default 12): every acknowledged sign-in is
 * on disk (tokens and record), no record is ahead of its tokens, nothing is restored from a backup,
 * and what a kill leaves behind is only temp files that start-up removes.
 */
const KEYS = 8;
const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/signin-writer.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-signin-crash-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));


describe.skipIf(process.platform === 'win32')('one durable write per sign-in, under kill -9', () => {
  it(
    `keeps every acknowledged sign-in, tokens never behind their record, over ${CRASH_ROUNDS} kills`,
    () =>
      killRepeatedly(fixture, dataDir, async (lastReported, round) => {
        const recoveries = createRecoveryLog();
        const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true, existingOnly: true });
        const vault = createVault({ dir: path.join(dataDir, 'vault'), cipher: cipher!, recoveries });
        const record = openJsonStore({ dir: dataDir, name: 'connections/signin', schema: z.object({ seq: z.number().int() }), defaults: { seq: 0 }, version: 1, recoveries });
        const stored = record.get().seq;
        expect(stored, `${round}: the acknowledged record`).toBeGreaterThanOrEqual(lastReported);
        // The record's own tokens are there (renamed before it): a record never points at missing tokens.
        const own = vault.get('integration-signin', `conn.k${stored % KEYS}.refresh`);
        expect(Number(own?.slice('refresh-'.length)), `${round}: tokens of record ${stored}`).toBeGreaterThanOrEqual(stored);
        expectAcknowledgedTokens(vault, 'integration-signin', KEYS, lastReported, round);
        expect(recoveries.list()).toEqual([]);
        // A kill mid-group leaves at most temp files, which start-up's sweep recognises.
        const now = Date.now() + 120_000;
        await removeStaleTempFiles(dataDir, 'connections', 60_000, now);
        await removeStaleTempFiles(dataDir, 'vault', 60_000, now);
        const strays = [...fs.readdirSync(path.join(dataDir, 'connections')), ...fs.readdirSync(path.join(dataDir, 'vault'))].filter((f) => f.includes('.tmp'));
        expect(strays, round).toEqual([]);
      }),
    CRASH_LOOP_TIMEOUT_MS,
  );
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { CRASH_LOOP_TIMEOUT_MS, CRASH_ROUNDS, expectAcknowledgedTokens, killRepeatedly } from '../support/kill-writer.js';

/**
 * Security suite: kill -9 during writes, N rounds (bounded by count; `DESK_CRASH_ROUNDS`, default 12),
 * through the real vault and a real store. After every kill: every acknowledged secret is readable with
 * its value or a later one, the record is at least the last acknowledged one, nothing had to be
 * restored from a backup, and every file and folder of the profile is still owner-only (0600/0700).
 */
const CRASH_KEYS = 8;
const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/vault-writer.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-crash-loop-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));


/** Every file and folder under `dir` whose mode lets group or others in. */
function looseModes(dir: string): string[] {
  const loose: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if ((fs.statSync(full).mode & 0o077) !== 0) loose.push(`${path.relative(dir, full)} ${(fs.statSync(full).mode & 0o777).toString(8)}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return loose;
}

describe.skipIf(process.platform === 'win32')('crash loop (security suite)', () => {
  it(
    `every acknowledged write survives ${CRASH_ROUNDS} kill -9s and every file keeps its mode`,
    () =>
      killRepeatedly(fixture, dataDir, async (lastReported, round) => {
        const recoveries = createRecoveryLog();
        const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true, existingOnly: true });
        expect(cipher, `${round}: the vault key survived`).toBeDefined();
        const vault = createVault({ dir: path.join(dataDir, 'vault'), cipher: cipher!, recoveries });
        const record = openJsonStore({ dir: dataDir, name: 'crash-record', schema: z.object({ seq: z.number().int() }), defaults: { seq: 0 }, version: 1, recoveries });
        expect(record.get().seq, round).toBeGreaterThanOrEqual(lastReported);
        expectAcknowledgedTokens(vault, 'integration-crash', CRASH_KEYS, lastReported, round);
        expect(recoveries.list()).toEqual([]);
        expect(looseModes(dataDir), round).toEqual([]);
      }),
    CRASH_LOOP_TIMEOUT_MS,
  );
});

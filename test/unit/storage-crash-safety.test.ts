import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { runAndKill } from '../support/kill-writer.js';

const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/store-writer.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The schema test/fixtures/store-writer.ts writes with. */
const writerSchema = z.object({ seq: z.number().int(), payload: z.string() });

const MIN_KILLS = 25;
const MAX_KILLS = 40;
const BUDGET_MS = 20_000;


describe('store crash safety', () => {
  it(
    'a write that returned is on disk after the writer is SIGKILLed at random moments',
    async () => {
      const deadline = Date.now() + BUDGET_MS;
      let kills = 0;
      let highest = 0;
      while (kills < MAX_KILLS && (kills < MIN_KILLS || Date.now() < deadline)) {
        const { lastReported, stderr } = await runAndKill(fixture, dir, { midStream: 0.8, midStreamMs: 40, startupMs: [150, 250] });
        kills += 1;
        expect(stderr, 'the writer never had to recover a store').not.toMatch(/recovered/);

        const recoveries = createRecoveryLog();
        const store = openJsonStore({ dir, name: 'crash/writer', schema: writerSchema, defaults: { seq: 0, payload: '' }, version: 1, recoveries });
        const { seq, payload } = store.get();
        expect(seq, `kill ${kills}: reported ${lastReported}, stored ${seq}`).toBeGreaterThanOrEqual(lastReported);
        expect(payload.startsWith(`${seq}:`) || seq === 0).toBe(true);
        expect(recoveries.list()).toEqual([]);
        highest = Math.max(highest, lastReported);
      }
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(highest).toBeGreaterThan(0);
    },
    60_000,
  );
});

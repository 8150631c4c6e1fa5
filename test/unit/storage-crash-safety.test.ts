import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';

const repo = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/store-writer.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The schema test/fixtures/store-writer.ts writes with. */
const writerSchema = z.object({ seq: z.number().int(), payload: z.string() });

const MIN_KILLS = 25;
const MAX_KILLS = 40;
const BUDGET_MS = 20_000;

/** Run the writer, SIGKILL it at a random moment, and return the last sequence number it reported. */
async function runAndKill(): Promise<{ lastReported: number; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '';
  let lastReported = 0;
  let stderr = '';
  let firstLine: () => void = () => {};
  const started = new Promise<void>((resolve) => (firstLine = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) lastReported = Number(line);
    if (lines.length > 0) firstLine();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = once(child, 'close');

  // Mostly mid-stream (after writes have started), sometimes during start-up or the first write.
  if (Math.random() < 0.8) {
    await Promise.race([started, closed]);
    await sleep(Math.random() * 40);
  } else {
    await sleep(150 + Math.random() * 250);
  }
  child.kill('SIGKILL');
  await closed; // every byte the child wrote to stdout has been read by now
  return { lastReported, stderr };
}

describe('store crash safety', () => {
  it(
    'a write that returned is on disk after the writer is SIGKILLed at random moments',
    async () => {
      const deadline = Date.now() + BUDGET_MS;
      let kills = 0;
      let highest = 0;
      while (kills < MAX_KILLS && (kills < MIN_KILLS || Date.now() < deadline)) {
        const { lastReported, stderr } = await runAndKill();
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

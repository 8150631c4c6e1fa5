import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { afterGroupCommits, asGroupCommit } from '../../main/core/storage/group-commits.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';

/**
 * Issue 15: the backups of a sign-in's staged writes used to start right after the renames, so their
 * temp files shared the thread pool (and the main thread's renames) with the group's folder fsyncs,
 * before "connected". They now wait for the group commit to end.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const docSchema = z.object({ n: z.number().int() });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function numberStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-group-'));
  dirs.push(dir);
  return openJsonStore({ dir, name: 'number', schema: docSchema, defaults: { n: 0 }, version: 1, recoveries: createRecoveryLog() });
}

const backupOf = (file: string) => (JSON.parse(fs.readFileSync(`${file}.bak`, 'utf8')) as { n: number }).n;

describe('a group commit', () => {
  it("holds back a staged write's backup until it ends, then the backup follows", async () => {
    const store = numberStore();
    store.set({ n: 1 });
    expect(backupOf(store.path)).toBe(1);
    await asGroupCommit(async () => {
      const write = store.prepare(() => ({ n: 2 }));
      fs.writeFileSync(store.path, write.text); // (the caller's rename, as writeTogether does it)
      write.adopt();
      await sleep(40); // the folder fsyncs
      expect(backupOf(store.path)).toBe(1);
      expect(fs.readdirSync(path.dirname(store.path)).filter((f) => f.includes('.tmp'))).toEqual([]);
    });
    await expect.poll(() => backupOf(store.path)).toBe(2);
  });

  it('runs background work after the caller\'s synchronous step, and at once when no commit is in progress', async () => {
    const order: string[] = [];
    afterGroupCommits(() => order.push('task'));
    order.push('caller');
    await sleep(5);
    expect(order).toEqual(['caller', 'task']);
  });

  it('releases the work it held back when the commit fails', async () => {
    let ran = false;
    await expect(
      asGroupCommit(async () => {
        afterGroupCommits(() => (ran = true));
        await sleep(5);
        expect(ran).toBe(false);
        throw new Error('rename failed');
      }),
    ).rejects.toThrow('rename failed');
    await expect.poll(() => ran).toBe(true);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { StoreError } from '../../main/core/storage/store-error.js';
import { writeTogether } from '../../main/core/storage/write-together.js';

/**
 * Issue 15: the audit trail's head segment is staged for a sign-in's group commit with
 * `prepareAppend`, which checks only the new items, and a staged write's backup follows it off the
 * sign-in's path.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const itemSchema = z.object({ n: z.number().int(), note: z.string().default('') });
const docSchema = z.object({ title: z.string(), items: z.array(itemSchema) });

function listStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-append-'));
  dirs.push(dir);
  const open = () => openJsonStore({ dir, name: 'list', schema: docSchema, defaults: { title: 't', items: [] }, version: 1, recoveries: createRecoveryLog() });
  return { dir, open, store: open() };
}

describe('a staged append', () => {
  it('appends the items as the schema accepts them, and is on disk for a new process once committed', async () => {
    const { store, open } = listStore();
    store.set({ title: 'kept', items: [{ n: 1, note: 'first' }] });
    const write = store.prepareAppend('items', [{ n: 2 }, { n: 3, note: 'third' }]);
    expect(store.get().items).toHaveLength(1); // nothing changes before the commit
    await writeTogether(() => [write]);
    const expected = { title: 'kept', items: [{ n: 1, note: 'first' }, { n: 2, note: '' }, { n: 3, note: 'third' }] };
    expect(store.get()).toEqual(expected);
    expect(open().get()).toEqual(expected);
  });

  it('refuses an item the schema refuses, and changes nothing', () => {
    const { store } = listStore();
    store.set({ title: 'kept', items: [{ n: 1, note: '' }] });
    expect(() => store.prepareAppend('items', [{ n: 'two' }])).toThrow(StoreError);
    expect(() => store.prepareAppend('title', [{ n: 2 }])).toThrow(StoreError);
    expect(store.get().items).toEqual([{ n: 1, note: '' }]);
  });

  it('is no longer current once another write reached the store', () => {
    const { store } = listStore();
    const write = store.prepareAppend('items', [{ n: 1 }]);
    store.set({ title: 'other', items: [] });
    expect(write.isCurrent()).toBe(false);
  });

  it('leaves a backup of the committed document behind it', async () => {
    const { store } = listStore();
    store.set({ title: 'kept', items: [] });
    await writeTogether(() => [store.prepareAppend('items', [{ n: 7 }])]);
    const backup = () => JSON.parse(fs.readFileSync(`${store.path}.bak`, 'utf8')) as { items: unknown[] };
    await expect.poll(() => backup().items).toEqual([{ n: 7, note: '' }]);
    await expect.poll(() => fs.readdirSync(path.dirname(store.path)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore, type JsonStoreOptions } from '../../main/core/storage/json-store.js';
import { createRecoveryLog, type RecoveryLog } from '../../main/core/storage/recovery-log.js';
import { deleteShard, listShards, removeStaleTempFiles } from '../../main/core/storage/shards.js';
import { StoreError } from '../../main/core/storage/store-error.js';

const schema = z.object({ items: z.array(z.object({ id: z.string(), n: z.number() })) });
type Doc = z.infer<typeof schema>;

let dir: string;
let recoveries: RecoveryLog;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-store-'));
  recoveries = createRecoveryLog();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (name = 'things', extra: Partial<JsonStoreOptions<Doc>> = {}) =>
  openJsonStore<Doc>({ dir, name, schema, defaults: { items: [] }, version: 1, recoveries, ...extra });

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('json store', () => {
  it('starts from the defaults and writes nothing until the first write', () => {
    const store = open();
    expect(store.get()).toEqual({ items: [] });
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('persists a write that a new instance reads back', () => {
    open().update((doc) => ({ items: [...doc.items, { id: 'a', n: 1 }] }));
    expect(open().get()).toEqual({ items: [{ id: 'a', n: 1 }] });
  });

  it('refuses a document that fails the schema and keeps the file as it was', () => {
    const store = open();
    store.set({ items: [{ id: 'a', n: 1 }] });
    const before = fs.readFileSync(store.path, 'utf8');
    const bad = { items: [{ id: 'b', n: 'two' }] } as unknown as Doc;
    expect(() => store.set(bad)).toThrow(StoreError);
    expect(fs.readFileSync(store.path, 'utf8')).toBe(before);
    expect(store.get()).toEqual({ items: [{ id: 'a', n: 1 }] });
  });

  it('hands out a frozen document, and a mutable copy to update', () => {
    const store = open();
    store.set({ items: [{ id: 'a', n: 1 }] });
    expect(() => store.get().items.push({ id: 'x', n: 0 })).toThrow(TypeError);
    const next = store.update((doc) => {
      doc.items.push({ id: 'b', n: 2 });
      return doc;
    });
    expect(next.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('creates files 0600 and directories 0700, backup included', () => {
    const store = open('connections/int_Ab3');
    store.set({ items: [] });
    expect(mode(store.path)).toBe(0o600);
    expect(mode(`${store.path}.bak`)).toBe(0o600);
    expect(mode(path.dirname(store.path))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
  });

  it('tightens an existing directory to 0700', () => {
    fs.chmodSync(dir, 0o755);
    open();
    expect(mode(dir)).toBe(0o700);
  });

  it('writes the backup after each successful write', () => {
    const store = open();
    store.set({ items: [{ id: 'a', n: 1 }] });
    store.set({ items: [{ id: 'a', n: 2 }] });
    expect(fs.readFileSync(`${store.path}.bak`, 'utf8')).toBe(fs.readFileSync(store.path, 'utf8'));
  });

  it('refreshes at load a backup older than its file (a crash came between a write and its backup), so a later restore loses nothing', () => {
    const store = open();
    store.set({ items: [{ id: 'a', n: 1 }] });
    const backup = `${store.path}.bak`;
    // A staged write (a sign-in's group commit) renamed into place, then a crash before its backup
    // followed: the file holds b, the backup still a and is older.
    const temp = `${store.path}.tmp-0000000000abcdef`;
    fs.writeFileSync(temp, JSON.stringify({ items: [{ id: 'b', n: 2 }], __internal__: { version: 1 } }));
    fs.renameSync(temp, store.path);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(backup, past, past);

    expect(open().get()).toEqual({ items: [{ id: 'b', n: 2 }] });
    // Later the file is damaged: the restore brings back b, not a.
    fs.writeFileSync(store.path, '{ torn');
    expect(open().get()).toEqual({ items: [{ id: 'b', n: 2 }] });
    expect(recoveries.list()).toMatchObject([{ store: 'things', restoredFrom: 'backup' }]);
  });

  it('refuses names that could leave the data directory', () => {
    for (const name of ['../escape', 'a/../../b', '/etc/passwd', 'a\\b', '', 'a/', '.hidden', 'x.json', '-flag', 'con']) {
      expect(() => open(name), name).toThrow(StoreError);
    }
  });

  it('keeps names that differ only by case apart, even on case-insensitive file systems', () => {
    open('connections/int_ab').set({ items: [{ id: 'lower', n: 1 }] });
    open('connections/int_AB').set({ items: [{ id: 'upper', n: 2 }] });
    expect(open('connections/int_ab').get().items[0]?.id).toBe('lower');
    expect(open('connections/int_AB').get().items[0]?.id).toBe('upper');
    expect(new Set(fs.readdirSync(path.join(dir, 'connections')).map((f) => f.toLowerCase())).size).toBe(4);
  });

  it('refuses to open a file written by a newer version, and leaves it untouched', () => {
    const store = open();
    store.set({ items: [] });
    const newer = JSON.stringify({ items: [], __internal__: { version: 3 } });
    fs.writeFileSync(store.path, newer);
    expect(() => open()).toThrow(/newer version/);
    expect(fs.readFileSync(store.path, 'utf8')).toBe(newer);
    expect(recoveries.list()).toEqual([]);
  });

  it('opened lazily, reads its file at the first use, not at open (issue 15)', () => {
    open().set({ items: [{ id: 'a', n: 1 }] });
    fs.writeFileSync(open().path, JSON.stringify({ items: [{ id: 'b', n: 2 }], __internal__: { version: 1 } }));
    const lazy = open('things', { lazy: true });
    expect(lazy.loaded).toBe(false);
    // Changed after the open and before the first use: the first use sees it.
    fs.writeFileSync(lazy.path, JSON.stringify({ items: [{ id: 'c', n: 3 }], __internal__: { version: 1 } }));
    expect(lazy.get()).toEqual({ items: [{ id: 'c', n: 3 }] });
    expect(lazy.loaded).toBe(true);
  });

  it('opened lazily, a damaged file is put aside and reported at the first use, even when that use is a write', () => {
    open().set({ items: [{ id: 'a', n: 1 }] });
    const lazy = open('things', { lazy: true });
    fs.writeFileSync(lazy.path, '{ torn');
    lazy.set({ items: [{ id: 'new', n: 9 }] });
    expect(recoveries.list()).toEqual([expect.objectContaining({ store: 'things', restoredFrom: 'backup' })]);
    const quarantined = fs.readdirSync(dir).filter((f) => f.includes('things') && !f.endsWith('.json.bak') && f !== 'things.json');
    expect(quarantined.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))).toContain('{ torn');
    expect(open().get()).toEqual({ items: [{ id: 'new', n: 9 }] });
  });

  it('opened lazily, a file written by a newer version is refused at the first use, and left untouched', () => {
    const newer = JSON.stringify({ items: [], __internal__: { version: 3 } });
    const lazy = open('things', { lazy: true });
    fs.writeFileSync(lazy.path, newer);
    expect(() => lazy.get()).toThrow(/newer version/);
    expect(() => lazy.update((d) => d)).toThrow(/newer version/);
    expect(fs.readFileSync(lazy.path, 'utf8')).toBe(newer);
  });

  it('rejects defaults that do not match the schema, and missing migrations', () => {
    expect(() => open('x', { defaults: { items: 'no' } as unknown as Doc })).toThrow(/defaults/);
    expect(() => open('x', { version: 3, migrations: { 2: (d) => d } })).toThrow(/migration to version 3/);
  });
});

describe('shards', () => {
  it('lists the stores of a folder, without backups, quarantined or temp files', () => {
    open('connections/int_a').set({ items: [] });
    open('connections/int_B').set({ items: [] });
    open('settings').set({ items: [] });
    const folder = path.join(dir, 'connections');
    fs.writeFileSync(path.join(folder, 'int_a.corrupt-2025-01-01T00-00-00-000Z.json'), '{');
    fs.writeFileSync(path.join(folder, 'int_a.json.tmp-123456'), '{');
    expect(listShards(dir, 'connections')).toEqual(['int_B', 'int_a']);
    expect(listShards(dir, '')).toEqual(['settings']);
    expect(listShards(dir, 'nothing-here')).toEqual([]);
  });

  it('deletes a store and its backup, and a deleted store opens empty without a recovery', () => {
    const store = open('connections/int_a');
    store.set({ items: [{ id: 'a', n: 1 }] });
    expect(deleteShard(dir, 'connections/int_a')).toBe(true);
    expect(fs.existsSync(store.path)).toBe(false);
    expect(fs.existsSync(`${store.path}.bak`)).toBe(false);
    expect(open('connections/int_a').get()).toEqual({ items: [] });
    expect(recoveries.list()).toEqual([]);
    expect(deleteShard(dir, 'connections/int_a')).toBe(false);
  });

  it('removes the temp files a crash left behind, once they are old enough', async () => {
    open('connections/int_a').set({ items: [] });
    const folder = path.join(dir, 'connections');
    const stale = ['int_a.json.tmp-1064767123abc123', 'int_a.json.bak.tmp'];
    for (const f of stale) fs.writeFileSync(path.join(folder, f), '{');
    expect(await removeStaleTempFiles(dir, 'connections', 60_000)).toBe(0);
    expect(await removeStaleTempFiles(dir, 'connections', 60_000, Date.now() + 61_000)).toBe(2);
    expect(fs.readdirSync(folder).sort()).toEqual(['int_a.json', 'int_a.json.bak']);
  });

  it('writing one shard leaves every other shard file untouched', () => {
    for (let i = 0; i < 50; i += 1) open(`connections/int_${i}`).set({ items: [{ id: String(i), n: i }] });
    const folder = path.join(dir, 'connections');
    const snapshot = () =>
      new Map(fs.readdirSync(folder).map((f) => {
        const s = fs.statSync(path.join(folder, f));
        return [f, `${s.ino}:${s.mtimeMs}`];
      }));
    const before = snapshot();
    open('connections/int_7').update((doc) => ({ items: [...doc.items, { id: 'new', n: 0 }] }));
    const after = snapshot();
    const changed = [...after].filter(([f, v]) => before.get(f) !== v).map(([f]) => f).sort();
    expect(changed).toEqual(['int_7.json', 'int_7.json.bak']);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { deleteShard } from '../../main/core/storage/shards.js';
import { openWriteJournal, type WriteJournal } from '../../main/core/storage/write-journal.js';

/**
 * Issue 15: a sign-in's group of writes is made durable as one write-journal entry (one fsync round)
 * and reaches its files afterwards. The crash loop is `signin-journal-crash.test.ts`; these are the
 * rules one at a time.
 */
const dirs: string[] = [];
const journals: WriteJournal[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const docSchema = z.object({ n: z.number().int() });

function dataFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-journal-'));
  dirs.push(dir);
  const journalDir = path.join(dir, 'journal');
  const open = (name: string) => openJsonStore({ dir, name, schema: docSchema, defaults: { n: 0 }, version: 1, recoveries: createRecoveryLog() });
  const journal = () => {
    const opened = openWriteJournal(journalDir);
    journals.push(opened);
    return opened;
  };
  // The entries written (an open journal also keeps its next entry's file ready, empty).
  const entries = () => fs.readdirSync(journalDir).filter((name) => (fs.statSync(path.join(journalDir, name), { throwIfNoEntry: false })?.size ?? 0) > 0);
  const onDisk = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { n: number }).n;
  return { dir, journalDir, open, journal, entries, onDisk };
}

describe('the write journal', () => {
  it('adopts a group once its entry is durable, and writes the files and removes the entry afterwards', async () => {
    const f = dataFolder();
    const journal = f.journal();
    const a = f.open('a');
    const b = f.open('connections/b');
    a.set({ n: 1 });
    await journal.commit(() => [a.prepare(() => ({ n: 2 })), b.prepare(() => ({ n: 3 }))]);
    expect([a.get().n, b.get().n]).toEqual([2, 3]);
    await journal.settled();
    expect(f.entries()).toEqual([]);
    expect([f.onDisk(a.path), f.onDisk(b.path)]).toEqual([2, 3]);
  });

  it('is replayed when the data folder is opened: every intact entry, in order, before any store reads its file', () => {
    const f = dataFolder();
    const a = f.open('a');
    const b = f.open('connections/b');
    a.set({ n: 1 });
    const entry = (name: string, files: Array<[string, number]>) => {
      fs.mkdirSync(f.journalDir, { recursive: true });
      fs.writeFileSync(path.join(f.journalDir, name), entryText(files.map(([file, n]) => [path.relative(f.dir, file), JSON.stringify({ n })])));
    };
    entry('000000000000-aaaaaa.journal', [[a.path, 2], [b.path, 3]]);
    entry('000000000001-bbbbbb.journal', [[a.path, 4]]);
    f.journal();
    expect(f.entries()).toEqual([]);
    expect([f.open('a').get().n, f.open('connections/b').get().n]).toEqual([4, 3]);
  });

  it('drops a torn entry (never adopted, never acknowledged) and leaves the files as they were', () => {
    const f = dataFolder();
    const a = f.open('a');
    a.set({ n: 1 });
    fs.mkdirSync(f.journalDir, { recursive: true });
    const whole = entryText([['a.json', JSON.stringify({ n: 9 })]]);
    fs.writeFileSync(path.join(f.journalDir, '000000000000-aaaaaa.journal'), whole.slice(0, whole.length - 5)); // cut short
    fs.writeFileSync(path.join(f.journalDir, '000000000001-bbbbbb.journal'), whole.replace('{"n":9}', '{"n":8}')); // its digest is another body's
    fs.writeFileSync(path.join(f.journalDir, '000000000002-cccccc.journal'), ''); // a next entry's file, never filled
    f.journal();
    expect(f.entries()).toEqual([]);
    expect(f.open('a').get().n).toBe(1);
  });

  it('refuses an entry that names a file outside the data folder', () => {
    const f = dataFolder();
    const outside = path.join(path.dirname(f.dir), `${path.basename(f.dir)}-outside.json`);
    fs.mkdirSync(f.journalDir, { recursive: true });
    fs.writeFileSync(path.join(f.journalDir, '000000000000-aaaaaa.journal'), entryText([[path.relative(f.dir, outside), '{"n":1}']]));
    f.journal();
    expect(fs.existsSync(outside)).toBe(false);
    expect(f.entries()).toEqual([]);
  });

  it('is written out first, synchronously, by a write that bypasses it, so its replay cannot undo that write', async () => {
    const f = dataFolder();
    const journal = f.journal();
    const a = f.open('a');
    const b = f.open('connections/b');
    await journal.commit(() => [a.prepare(() => ({ n: 2 })), b.prepare(() => ({ n: 3 }))]);
    expect(f.entries()).toHaveLength(1); // durable in the journal, not yet in the files
    a.set({ n: 5 });
    expect(f.entries()).toEqual([]);
    expect([f.onDisk(a.path), f.onDisk(b.path)]).toEqual([5, 3]);
    await journal.settled();
    expect([f.onDisk(a.path), f.onDisk(b.path)]).toEqual([5, 3]); // the background write did not come back
  });

  it("is written out first by a shard's deletion, so the next start does not bring the shard back", async () => {
    const f = dataFolder();
    const journal = f.journal();
    const b = f.open('connections/b');
    await journal.commit(() => [b.prepare(() => ({ n: 3 }))]);
    deleteShard(f.dir, 'connections/b');
    f.journal(); // the next start
    expect(fs.existsSync(b.path)).toBe(false);
    await journal.settled();
    expect(fs.existsSync(b.path)).toBe(false);
  });

  it('recomputes a group when a write reached one of its stores while its entry was on its way to disk', async () => {
    const f = dataFolder();
    const journal = f.journal();
    const a = f.open('a');
    let attempts = 0;
    const committed = journal.commit(() => {
      attempts += 1;
      return [a.prepare((doc) => ({ n: doc.n + 10 }))];
    });
    await Promise.resolve(); // the entry is written; its fsyncs are under way
    a.set({ n: 1 });
    await committed;
    expect(attempts).toBe(2);
    expect(a.get().n).toBe(11);
    await journal.settled();
    expect(f.onDisk(a.path)).toBe(11);
    expect(f.entries()).toEqual([]);
  });

  it('keeps a loop of commits from piling up entries faster than their files are written', async () => {
    const f = dataFolder();
    const journal = f.journal();
    const a = f.open('a');
    let most = 0;
    for (let i = 1; i <= 40; i++) {
      await journal.commit(() => [a.prepare(() => ({ n: i }))]);
      most = Math.max(most, f.entries().length);
    }
    expect(most).toBeLessThanOrEqual(17);
    await journal.settled();
    expect(f.onDisk(a.path)).toBe(40);
    expect(f.entries()).toEqual([]);
  });

  it('refuses, before writing anything, a group whose file cannot be replaced', async () => {
    const f = dataFolder();
    const journal = f.journal();
    const a = f.open('a');
    const write = a.prepare(() => ({ n: 2 }));
    fs.mkdirSync(a.path); // a folder where the file must go
    await expect(journal.commit(() => [write])).rejects.toThrow(/could not be saved \(EISDIR\)/);
    expect(f.entries()).toEqual([]);
    expect(a.get().n).toBe(0);
  });
});

/** An entry as `write-journal.ts` writes one: header (digest, length), then path, length and text per file. */
function entryText(files: Array<[file: string, text: string]>): string {
  const body = files.map(([file, text]) => `${file}\n${Buffer.byteLength(text)}\n${text}\n`).join('');
  return `desk-write-journal 1 ${createHash('sha256').update(body).digest('hex')} ${Buffer.byteLength(body)}\n${body}`;
}

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { asGroupCommit } from './group-commits.js';
import type { PreparedWrite } from './json-store.js';
import { PRIVATE_FILE_MODE, ensurePrivateDir, unlinkIfExists } from './private-fs.js';
import { StoreError } from './store-error.js';
import { writeTogether } from './write-together.js';

/** How often a group is recomputed when another write to one of its stores came in between. */
const ATTEMPTS = 5;
/** Entries waiting for their background writes beyond which a commit waits for them (back-pressure). */
const MAX_PENDING = 16;
const HEADER = 'desk-write-journal 1';
const ENTRY_NAME = /^\d{12}-[a-f0-9]{6}\.journal$/;

/** The stores' files a journal entry holds, relative to the journal folder's parent (the data folder). */
interface EntryFile {
  readonly file: string;
  readonly text: string;
}

interface Entry {
  readonly path: string;
  readonly files: readonly EntryFile[];
  /**
   * `writing`: on its way to disk, not adopted; `adopted`: durable and held by the stores, its files
   * still to be written; `doomed`: removed before it was adopted (a write came between); `retired`:
   * its files are durable and the entry is gone.
   */
  state: 'writing' | 'adopted' | 'doomed' | 'retired';
  /** Its files were written and their folders fsynced (only the entry's removal is left). */
  applied: boolean;
}

interface OpenJournal {
  settleFor(file: string): void;
  settled(): Promise<void>;
}

const openJournals = new Set<OpenJournal>();

/**
 * Called by every write to a store's file that does not go through a journal (`JsonStore.set`, a
 * shard's deletion) before it touches the file: an entry still holding that file is written out and
 * removed first (synchronously), so that a replay can never put an older document over this write.
 * A no-op (one lookup per open journal) unless a sign-in committed in the last few milliseconds.
 */
export function settleJournalsFor(file: string): void {
  for (const journal of openJournals) journal.settleFor(file);
}

/** Resolves once every open journal has written out and removed the entries committed so far. */
export async function journalsSettled(): Promise<void> {
  await Promise.all([...openJournals].map((journal) => journal.settled()));
}

export interface WriteJournal {
  /**
   * Makes a group of prepared writes durable with one fsync round, then adopts them (issue 15: one
   * durable write per completed sign-in). Resolves once the group is durable and the stores hold it.
   */
  commit(prepare: () => readonly PreparedWrite<unknown>[]): Promise<void>;
  /** Resolves once the entries committed so far have been written to their files and removed. */
  settled(): Promise<void>;
  /** Settles, then stops: later writes no longer wait for this journal. */
  close(): Promise<void>;
}

/**
 * A write-ahead journal for groups of store writes (a sign-in's tokens, audit entry and record).
 *
 * Issue 15: `writeTogether` makes a group durable in place — temp files fsynced, renamed, folders
 * fsynced — two fsync rounds after the sign-in's identity is known. Here the group's documents go
 * into one new journal file: written, then its data and its folder fsynced at once, one round. The
 * stores adopt the documents right after, "connected" is reported, and the documents are written to
 * their own files in the background (`writeTogether`); the entry is removed once they are durable.
 *
 * Crash safety:
 * - An entry is a header with the SHA-256 and length of its body: a torn entry (a crash or power cut
 *   during its one round) fails the check and is dropped at the next start. It was never adopted, so
 *   no one was told "connected"; the stores' files still hold what they held before it.
 * - `openWriteJournal` replays the intact entries, in commit order, before the stores are opened:
 *   each document is written to its file (temp, fsync, rename, folder fsync), then the entry removed.
 *   A replayed entry is the whole group, so no half sign-in is visible: it is all there, or, if the
 *   entry was torn, none of it.
 * - A replay must never put an older document over a newer write. Commits are one at a time, and the
 *   background writes go in commit order; a write that bypasses the journal (`JsonStore.set`, a
 *   shard's deletion) first settles the entries holding its file (`settleJournalsFor`): adopted ones
 *   are written out and removed synchronously, and one still on its way to disk is removed and its
 *   commit recomputed. So every entry on disk at a crash is newer than anything its files hold.
 * - A background write that fails (a folder made unwritable) leaves its entry and every later one in
 *   place: the next start replays them in order.
 */
export function openWriteJournal(folder: string): WriteJournal {
  const dir = path.resolve(folder);
  ensurePrivateDir(dir);
  const base = path.dirname(dir);
  replayJournal(dir, base);
  const dirFd = process.platform === 'win32' ? undefined : fs.openSync(dir, 'r');
  /** Entries not yet retired, in commit order. */
  const pending: Entry[] = [];
  let counter = 0;
  /** Commits one at a time: an entry is adopted or discarded before the next is written. */
  let committing: Promise<unknown> = Promise.resolve();
  /** The background writes, in commit order. */
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  /**
   * The next entry's file, created empty and its name made durable ahead of the sign-in that fills
   * it: that sign-in's one round is then its entry's data alone (an fdatasync). An empty file left by
   * a crash is dropped at the next start like any torn entry.
   */
  let spare: { path: string; fd: number; named: Promise<void> } | undefined;

  const syncFolder = (): Promise<void> =>
    dirFd === undefined ? Promise.resolve() : new Promise((resolve) => fs.fsync(dirFd, () => resolve()));
  const syncFolderNow = (): void => {
    if (dirFd === undefined) return;
    try {
      fs.fsyncSync(dirFd);
    } catch {
      // Best effort, as for every folder fsync (EINVAL on some file systems).
    }
  };
  const nextName = (): string => path.join(dir, `${String(counter++).padStart(12, '0')}-${randomBytes(3).toString('hex')}.journal`);
  const makeSpare = (): void => {
    if (spare || closed) return;
    try {
      const file = nextName();
      spare = { path: file, fd: fs.openSync(file, 'wx', PRIVATE_FILE_MODE), named: syncFolder() };
    } catch {
      // The next commit creates its own file.
    }
  };
  const forget = (entry: Entry): void => {
    const at = pending.indexOf(entry);
    if (at >= 0) pending.splice(at, 1);
  };

  /** Removes an entry that was not adopted (synchronously: its removal is durable when this returns). */
  const discard = (entry: Entry): void => {
    if (entry.state !== 'writing') return;
    unlinkIfExists(entry.path);
    syncFolderNow();
    entry.state = 'doomed';
    forget(entry);
  };

  /** Writes out and removes an adopted entry now, synchronously. */
  const settleNow = (entry: Entry): void => {
    if (entry.state === 'writing') return discard(entry);
    if (entry.state !== 'adopted') return;
    if (!entry.applied) {
      writeFilesSync(entry.files.map((f) => ({ file: path.resolve(base, f.file), text: f.text })));
      entry.applied = true;
    }
    unlinkIfExists(entry.path);
    syncFolderNow();
    entry.state = 'retired';
    forget(entry);
  };

  /** The background step of an adopted entry: its files, then its removal. */
  const writeOut = async (entry: Entry): Promise<void> => {
    // An earlier entry that could not be written keeps this one too: the replay keeps the order.
    if (entry.state !== 'adopted' || pending[0] !== entry) return;
    try {
      await writeTogether(() =>
        entry.state === 'adopted' && !entry.applied
          ? entry.files.map((f) => ({ file: path.resolve(base, f.file), text: f.text, isCurrent: () => entry.state === 'adopted', adopt: () => undefined }))
          : [],
      );
    } catch {
      return; // Left in place: replayed at the next start, or written out by the next write to its files.
    }
    if (entry.state !== 'adopted') return;
    entry.applied = true;
    try {
      await fsp.rm(entry.path, { force: true });
      await syncFolder();
    } catch {
      return;
    }
    if (entry.state !== 'adopted') return;
    entry.state = 'retired';
    forget(entry);
  };

  const journal: OpenJournal & WriteJournal = {
    settleFor(file) {
      if (pending.length === 0) return;
      const target = path.resolve(file);
      let last = -1;
      for (const [i, entry] of pending.entries()) if (entry.files.some((f) => path.resolve(base, f.file) === target)) last = i;
      if (last < 0) return;
      // In commit order, up to the last entry holding the file: a later entry is never retired first.
      for (const entry of pending.slice(0, last + 1)) settleNow(entry);
    },

    commit(prepare) {
      if (closed) return Promise.reject(new StoreError('STORE_IO', 'The sign-in could not be saved: Integrations Desk is closing.'));
      const run = committing.then(() => asGroupCommit(() => commitOnce(prepare)));
      committing = run.catch(() => undefined);
      return run;
    },

    async settled() {
      for (let seen: Promise<void> | undefined; seen !== writing; ) {
        seen = writing;
        await seen;
      }
    },

    async close() {
      await journal.settled();
      closed = true;
      openJournals.delete(journal);
      if (spare) {
        fs.closeSync(spare.fd);
        unlinkIfExists(spare.path);
        spare = undefined;
      }
      if (dirFd !== undefined) fs.closeSync(dirFd);
    },
  };

  async function commitOnce(prepare: () => readonly PreparedWrite<unknown>[]): Promise<void> {
    // Commits faster than their background writes (a loop of them) wait for those rather than pile up.
    if (pending.length >= MAX_PENDING) await journal.settled();
    for (let attempt = 1; ; attempt += 1) {
      const writes = prepare();
      if (writes.length === 0) return;
      checkWritable(writes);
      const files = writes.map((w) => ({ file: path.relative(base, path.resolve(w.file)), text: w.text }));
      // A store outside the data folder (none today) is written in place, as before.
      if (files.some((f) => f.file.startsWith('..') || path.isAbsolute(f.file) || f.file.includes('\n'))) return writeTogether(prepare);
      const bytes = encodeEntry(files);
      const taken = spare;
      spare = undefined;
      const entry: Entry = {
        path: taken?.path ?? nextName(),
        files,
        state: 'writing',
        applied: false,
      };
      // Written synchronously (a page-cache copy, microseconds), so that a write which bypasses the
      // journal can remove it at any moment from here on.
      let fd: number | undefined;
      try {
        let named: Promise<void>;
        if (taken) {
          fd = taken.fd;
          named = taken.named; // long done, as a rule
        } else {
          fd = fs.openSync(entry.path, 'wx', PRIVATE_FILE_MODE);
          named = syncFolder();
        }
        pending.push(entry);
        fs.writeSync(fd, bytes);
        // The one round: the entry's data, and its name in the folder if it was not made durable ahead.
        await Promise.all([datasync(fd), named]);
      } catch (error) {
        discard(entry);
        const code = (error as NodeJS.ErrnoException).code;
        throw new StoreError('STORE_IO', `The sign-in could not be saved${typeof code === 'string' ? ` (${code})` : ''}.`);
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
      if (entry.state !== 'writing' || !writes.every((w) => w.isCurrent())) {
        discard(entry);
        if (attempt < ATTEMPTS) continue;
        throw new StoreError('STORE_IO', 'The sign-in could not be saved: its files kept changing. Try again.');
      }
      // The commit: every store adopts its document in one synchronous step.
      entry.state = 'adopted';
      for (const w of writes) w.adopt();
      writing = writing.then(() => writeOut(entry)).then(makeSpare);
      return;
    }
  }

  openJournals.add(journal);
  makeSpare();
  return journal;
}

/**
 * Replays a journal folder's intact entries in commit order, synchronously, and removes every entry
 * (torn ones are dropped: they were never adopted). Runs before any store of the data folder opens.
 */
function replayJournal(dir: string, base: string): void {
  const names = fs.readdirSync(dir).filter((name) => ENTRY_NAME.test(name)).sort();
  for (const name of names) {
    const entry = path.join(dir, name);
    const files = readEntry(fs.readFileSync(entry), base);
    if (files) {
      try {
        writeFilesSync(files);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new StoreError('STORE_IO', `The data folder could not be brought up to date from its write journal${typeof code === 'string' ? ` (${code})` : ''}.`);
      }
    }
    unlinkIfExists(entry);
  }
  if (names.length > 0) fsyncFolderSync(dir);
}

/**
 * An entry: a header line (`desk-write-journal 1 <SHA-256 of the body> <body bytes>`), then for each
 * file its path (relative to the data folder), its byte length and its text, each on a line of its
 * own. No JSON around the documents: escaping them again cost a sign-in ≈ 0.1 ms for a 60 kB segment.
 */
function encodeEntry(files: readonly EntryFile[]): Buffer {
  const body = Buffer.from(files.map((f) => `${f.file}\n${Buffer.byteLength(f.text)}\n${f.text}\n`).join(''));
  return Buffer.concat([Buffer.from(`${HEADER} ${sha256(body)} ${body.length}\n`), body]);
}

/** An entry's files (absolute), or undefined when it is torn, damaged, or names a file outside `base`. */
function readEntry(bytes: Buffer, base: string): EntryFile[] | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return undefined;
  const [header, version, digest, length] = bytes.subarray(0, newline).toString('utf8').split(' ');
  const body = bytes.subarray(newline + 1);
  if (`${header} ${version}` !== HEADER || Number(length) !== body.length || digest !== sha256(body)) return undefined;
  const files: EntryFile[] = [];
  for (let at = 0; at < body.length; ) {
    const pathEnd = body.indexOf(0x0a, at);
    const lengthEnd = pathEnd < 0 ? -1 : body.indexOf(0x0a, pathEnd + 1);
    if (lengthEnd < 0) return undefined;
    const relative = body.subarray(at, pathEnd).toString('utf8');
    const size = Number(body.subarray(pathEnd + 1, lengthEnd).toString('utf8'));
    const end = lengthEnd + 1 + size;
    if (!Number.isSafeInteger(size) || size < 0 || end >= body.length || body[end] !== 0x0a) return undefined;
    const file = path.resolve(base, relative);
    if (relative === '' || path.isAbsolute(relative) || !file.startsWith(base + path.sep)) return undefined;
    files.push({ file, text: body.subarray(lengthEnd + 1, end).toString('utf8') });
    at = end + 1;
  }
  return files;
}

/** `writeTogether`, synchronously: temp files fsynced, renamed in order, folders fsynced. */
function writeFilesSync(files: readonly EntryFile[]): void {
  const temps = files.map((f) => `${f.file}.tmp-${String(Date.now()).slice(-10).padStart(10, '0')}${randomBytes(3).toString('hex')}`);
  for (const [i, f] of files.entries()) {
    ensurePrivateDir(path.dirname(f.file));
    const fd = fs.openSync(temps[i]!, 'wx', PRIVATE_FILE_MODE);
    try {
      fs.writeSync(fd, f.text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  for (const [i, f] of files.entries()) fs.renameSync(temps[i]!, f.file);
  for (const folder of new Set(files.map((f) => path.dirname(f.file)))) fsyncFolderSync(folder);
}

/**
 * Refuses, before anything is written, a group whose file cannot be replaced (a folder in its place,
 * a folder that is not writable): the sign-in fails with nothing stored, as it did when the group was
 * written in place, instead of being acknowledged and failing in the background.
 */
function checkWritable(writes: readonly PreparedWrite<unknown>[]): void {
  for (const w of writes) {
    let code: string | undefined;
    try {
      if (fs.statSync(w.file, { throwIfNoEntry: false })?.isDirectory()) code = 'EISDIR';
      else if (process.platform !== 'win32') fs.accessSync(path.dirname(w.file), fs.constants.W_OK);
    } catch (error) {
      code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    }
    if (code) throw new StoreError('STORE_IO', `The sign-in could not be saved (${code}).`);
  }
}

function fsyncFolderSync(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort, as `fsyncDir`.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const datasync = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import type { z } from 'zod';
import { systemClock, type Clock } from '../support/clock.js';
import { afterGroupCommits } from './group-commits.js';
import type { RecoveryLog, RecoveryNotice } from './recovery-log.js';
import { storeNameToStem } from './shard-name.js';
import { StoreError } from './store-error.js';
import { tempFileFor } from './temp-files.js';
import {
  INTERNAL_KEY,
  decodeDocument,
  describeIssues,
  isPlainObject,
  type DecodeResult,
  type DocumentSpec,
  type StoreMigration,
} from './store-document.js';
import {
  PRIVATE_FILE_MODE,
  ensurePrivateDir,
  fsyncDir,
  quarantineFile,
  readIfExists,
  replaceFileSync,
} from './private-fs.js';

/** The part of conf (and of electron-store, its subclass) the store relies on: a path and `store`. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Options the store passes to the conf class; `name` is there for electron-store, which maps it to `configName`. */
export interface ConfLikeOptions {
  cwd: string;
  configName: string;
  name: string;
  fileExtension: string;
  configFileMode: number;
  clearInvalidConfig: boolean;
  accessPropertiesByDotNotation: boolean;
  watch: boolean;
  serialize: (value: Record<string, unknown>) => string;
  deserialize: (text: string) => Record<string, unknown>;
}

/** `conf` itself, or `electron-store` passed in by the Electron adapter (core never imports it). */
export type ConfConstructor = new (options: ConfLikeOptions) => ConfLike;

export interface JsonStoreOptions<T> {
  /** The data directory; created 0700 if missing. */
  dir: string;
  /** `settings`, or `connections/<integrationId>`: the file is `<dir>/<name>.json`. */
  name: string;
  schema: z.ZodType<T>;
  /** The document of a store that has never been written; must pass the schema. */
  defaults: T;
  /** The current schema version, an integer from 1. */
  version: number;
  /** `migrations[n]` turns a version n - 1 document into version n; one for each n in 2..version. */
  migrations?: Readonly<Record<number, StoreMigration>>;
  recoveries: RecoveryLog;
  clock?: Clock;
  ConfClass?: ConfConstructor;
  /**
   * Read the file at the first use instead of at open (issue 15: the integrations document is 3.5 MB
   * at 10,000 integrations, and the start-up's first rows come from `list-head.ts` without it). A
   * damaged or newer file is then reported at that first use, by the call that made it.
   */
  lazy?: boolean;
}

/** One JSON document on disk; matches the domain's `DocStore<T>`. */
export interface JsonStore<T> {
  readonly name: string;
  readonly path: string;
  /** The current document. It is deep-frozen: change it through `update` or `set`. */
  get(): T;
  /** Whether the file has been read (always, unless the store was opened `lazy` and not used yet). */
  readonly loaded: boolean;
  /** Validate and persist a new document; returns it (frozen) once it is on disk. */
  set(doc: T): T;
  /** `set(fn(copy of the current document))`. */
  update(fn: (doc: T) => T): T;
  /** Stages `update(fn)` for a group commit (`write-together.ts`): validated now, written by the caller. */
  prepare(fn: (doc: T) => T): PreparedWrite<T>;
  /**
   * Stages appending `items` to the document's array field `key` (issue 15: the audit trail's head
   * segment). Only the new items are checked: the document with just them must pass the schema, so a
   * schema whose array items are checked one by one (no rule across items) gets the same guarantee as
   * `prepare`, without re-checking up to hundreds of stored entries on every append.
   */
  prepareAppend(key: string, items: readonly unknown[]): PreparedWrite<T>;
}

/**
 * A validated write not yet on disk: the file to replace and its new bytes. `writeTogether` writes
 * many of these with their fsyncs in parallel, then calls `adopt()` on each right after its rename.
 */
export interface PreparedWrite<T> {
  readonly file: string;
  readonly text: string;
  /** Whether the store still holds the document this write was computed from (no write came between). */
  isCurrent(): boolean;
  /**
   * After the file was renamed into place: the store's document becomes this one. Its backup follows
   * in the background (not part of the durable write; the backup ends as the newest document's).
   */
  adopt(): T;
}

// Tabs, as conf writes by default, so files look the same whichever class wrote them.
const serialize = (value: unknown): string => JSON.stringify(value, undefined, '\t');

/**
 * Open one JSON document store: validated, migrated, written atomically, never silently reset.
 *
 * Each store is its own small file so that one integration's token refresh rewrites one small file,
 * whatever the number of integrations. Opening reads only that file (conf, which re-reads the file in
 * its constructor, is only created at the first write). A damaged file is moved aside and replaced by
 * its backup, or by the defaults, and the recovery is reported: the admin's data is never discarded.
 *
 * Writes go through conf, i.e. `atomically`: temp file, fsync, rename (then we fsync the directory).
 * Conf writes in place only inside a Snap package or after an EXDEV rename error; a torn file there is
 * still caught at the next load and restored from the backup.
 *
 * Open each store once per process and keep the handle (or reopen it per operation): the document is
 * cached, so two long-lived handles on one file would not see each other's writes.
 *
 * Backup policy: `<name>.json.bak` is rewritten after each successful write (and at load when missing
 * or older than the file). A backup taken only at load would be as old as the app session, so a restore would drop
 * every change since launch (a rotated refresh token among them); written after each write, it is the
 * newest document that passed the schema. It costs one extra small write, without fsync: the main file
 * is the durable copy, the backup is only for when that copy is damaged later.
 */
export function openJsonStore<T>(options: JsonStoreOptions<T>): JsonStore<T> {
  const spec = checkOptions(options);
  const clock = options.clock ?? systemClock;
  const ConfClass: ConfConstructor = options.ConfClass ?? Conf;
  const stem = storeNameToStem(options.name);
  const file = path.join(options.dir, `${stem}.json`);
  const folder = path.dirname(file);
  const base = path.basename(stem);
  const backup = `${file}.bak`;

  ensurePrivateDir(options.dir);
  ensurePrivateDir(folder);

  let conf: ConfLike | undefined;
  let current: T;
  let loaded = false;

  const confInstance = (): ConfLike => {
    conf ??= new ConfClass({
      cwd: folder,
      configName: base,
      name: base,
      fileExtension: 'json',
      configFileMode: PRIVATE_FILE_MODE,
      // A damaged file must reach our recovery path, never be replaced by `{}`.
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      watch: false,
      serialize,
      deserialize: (text) => JSON.parse(text) as Record<string, unknown>,
    });
    return conf;
  };

  const validated = (doc: unknown): { data: T; value: Record<string, unknown> } => {
    const result = spec.schema.safeParse(doc);
    if (!result.success) {
      throw new StoreError('STORE_INVALID_DOCUMENT', `The ${options.name} store refused a document: ${describeIssues(result.error)}.`);
    }
    if (!isPlainObject(result.data)) {
      throw new StoreError('STORE_INVALID_DOCUMENT', `The ${options.name} store only holds JSON objects.`);
    }
    // Conf sees `__internal__` and keeps it; having it in the value also spares conf a re-read of the file.
    return { data: result.data, value: { ...result.data, [INTERNAL_KEY]: { version: spec.version } } };
  };

  const write = (doc: unknown): T => {
    const { data, value } = validated(doc);
    try {
      confInstance().store = value;
    } catch (error) {
      // No `cause`: conf's JSON errors quote the file, and a vault shard's file is ciphertext.
      const code = (error as NodeJS.ErrnoException).code;
      throw new StoreError('STORE_IO', `The ${options.name} store could not be saved${typeof code === 'string' ? ` (${code})` : ''}.`);
    }
    current = deepFreeze(data);
    fsyncDir(folder);
    try {
      replaceFileSync(backup, serialize(value));
    } catch {
      // The write itself succeeded and is durable; a missing backup only weakens a future recovery, and
      // the next successful write (or load) tries again.
    }
    return current;
  };

  /**
   * The backup of a staged write (`prepare`/`adopt`), refreshed off the caller's path and off the main
   * thread (issue 15: a sign-in's group commit wrote three backups synchronously, ~1 ms each, before
   * "connected").
   *
   * The backup is not what makes a write durable (the main file is, fsynced), so it may follow a moment
   * later. It is written to a temp file of its own (named like atomically's, so start-up sweeps one a
   * crash leaves) and renamed over the backup only if the store still holds that document and its
   * file exists, both checked in the rename's synchronous step: a deleted store gets no backup back, and
   * a newer document (which writes its own backup) is never overwritten by an older one. Failures are
   * ignored, as after `set`: the next write tries again.
   */
  const refreshBackupLater = async (doc: T, text: string): Promise<void> => {
    const temp = tempFileFor(file);
    try {
      await fsp.writeFile(temp, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
      // Checked and renamed in one synchronous step: a deletion of the store (backup first, then the
      // file) cannot come in between and be undone by a backup renamed after it.
      if (current === doc && fs.existsSync(file)) {
        fs.renameSync(temp, backup);
        return;
      }
    } catch {
      // Best effort, as for every backup.
    }
    await fsp.rm(temp, { force: true }).catch(() => undefined);
  };

  const report = (reason: string, restoredFrom: RecoveryNotice['restoredFrom'], quarantinedFile: string): void => {
    options.recoveries.record({
      store: options.name,
      at: new Date(clock.now()).toISOString(),
      reason,
      restoredFrom,
      quarantinedFile,
    });
  };

  const decode = (text: string): Exclude<DecodeResult<T>, { kind: 'newer' }> => {
    const result = decodeDocument(text, spec);
    if (result.kind === 'newer') {
      throw new StoreError(
        'STORE_NEWER_VERSION',
        `The ${options.name} store was written by a newer version of the app (format ${result.version}, this app reads up to ${spec.version}). Update the app; the file was left untouched.`,
      );
    }
    return result;
  };

  /** Restore from the backup, else the defaults; the damaged main file (if any) is already aside. */
  const restore = (reason: string, quarantined: string): void => {
    let quarantinedFile = quarantined;
    const backupText = readIfExists(backup);
    const fromBackup = backupText === undefined ? undefined : decode(backupText);
    if (fromBackup?.kind === 'ok') {
      write(fromBackup.doc);
      report(reason, 'backup', quarantinedFile);
      return;
    }
    let why = reason;
    if (fromBackup?.kind === 'invalid') {
      // An unusable backup is kept too: it may hold what the admin needs to rebuild by hand.
      const aside = quarantineFile(backup, base, '.bak.json', new Date(clock.now()));
      if (quarantinedFile === '') quarantinedFile = aside;
      why = `${reason}; the backup was unusable too (${fromBackup.reason})`;
    }
    write(spec.defaults);
    report(why, 'defaults', quarantinedFile);
  };

  const read = (): void => {
    current = deepFreeze(structuredClone(spec.defaults));
    const text = readIfExists(file);
    if (text === undefined) {
      // Deletion removes the backup first, so a lone backup means the main file vanished on its own.
      // `quarantinedFile` stays '' unless the backup itself has to be put aside: nothing else was damaged.
      if (fs.existsSync(backup)) restore('the store file was missing', '');
      return;
    }
    const result = decode(text);
    if (result.kind === 'ok') {
      if (result.migratedFrom !== undefined) write(result.doc);
      else {
        current = deepFreeze(result.doc);
        if (backupIsBehind()) replaceFileSync(backup, text);
      }
      return;
    }
    // Move the bad file aside before anything else touches it: it is never overwritten.
    const quarantined = quarantineFile(file, base, '.json', new Date(clock.now()));
    restore(result.reason, quarantined);
  };

  /**
   * Whether the backup is missing, or older than the file: the file's last write was not followed by
   * its backup (a crash came between a staged write and its backup, which follows in the background).
   * It is then rewritten from the document just read, so a later restore loses nothing. Equal times
   * (a coarse clock, a whole-second file system) are taken as current: a backup follows its file.
   */
  const backupIsBehind = (): boolean => {
    const backupTime = fs.statSync(backup, { throwIfNoEntry: false })?.mtimeMs;
    return backupTime === undefined || backupTime < (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  };

  /** Reads the file; a file it refuses (newer version) throws, and is refused again at the next use. */
  const load = (): void => {
    read();
    loaded = true;
  };

  /** The document, read first if this is a lazy store's first use. */
  const doc = (): T => {
    if (!loaded) load();
    return current;
  };

  if (!options.lazy) load();

  return {
    name: options.name,
    path: file,
    get: doc,
    get loaded() {
      return loaded;
    },
    set: (next) => {
      // A lazy store's file is still read first: a damaged one is put aside, never overwritten unseen.
      doc();
      return write(next);
    },
    update: (fn) => write(fn(structuredClone(doc()))),
    prepare(fn) {
      const { data, value } = validated(fn(structuredClone(doc())));
      return staged(data, serialize(value));
    },
    prepareAppend(key, items) {
      doc();
      const stored = (current as Record<string, unknown>)[key];
      if (!Array.isArray(stored)) throw new StoreError('STORE_INVALID_DOCUMENT', `The ${options.name} store has no list "${key}" to append to.`);
      // The rest of the document as stored (frozen, checked when it was written or read) with only the
      // new items: what the schema accepts of them (defaults, stripped keys) is what is appended.
      const { data: checked } = validated({ ...current, [key]: items });
      const fresh = (checked as Record<string, unknown>)[key] as unknown[];
      const data = { ...current, [key]: [...stored, ...fresh] } as T;
      return staged(data, serialize({ ...data, [INTERNAL_KEY]: { version: spec.version } }));
    },
  };

  /** A write of `data` (checked) as `text`, current while no other write reached the store. */
  function staged(data: T, text: string): PreparedWrite<T> {
    const base = current;
    return {
      file,
      text,
      isCurrent: () => current === base,
      adopt() {
        const adopted = (current = deepFreeze(data));
        // After the caller's synchronous step (a sign-in reports "connected" in it), not during it, and
        // after the group's folder fsyncs: its temp files would share the thread pool with them.
        afterGroupCommits(() => void refreshBackupLater(adopted, text));
        return current;
      },
    };
  }
}

function checkOptions<T>(options: JsonStoreOptions<T>): DocumentSpec<T> & { defaults: T } {
  const { version, schema, defaults } = options;
  const migrations = options.migrations ?? {};
  if (!Number.isInteger(version) || version < 1) {
    throw new StoreError('STORE_INVALID_OPTIONS', `The ${options.name} store's version must be an integer from 1.`);
  }
  for (let n = 2; n <= version; n += 1) {
    if (typeof migrations[n] !== 'function') {
      throw new StoreError('STORE_INVALID_OPTIONS', `The ${options.name} store has no migration to version ${n}.`);
    }
  }
  const result = schema.safeParse(defaults);
  if (!result.success || !isPlainObject(result.data)) {
    throw new StoreError('STORE_INVALID_OPTIONS', `The ${options.name} store's defaults do not match its schema.`);
  }
  return { schema, version, migrations, defaults: result.data };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

import fs from 'node:fs';
import type { ConfConstructor, JsonStore, PreparedWrite } from '../storage/json-store.js';
import { storeFile } from '../storage/shard-name.js';
import type { RecoveryLog } from '../storage/recovery-log.js';
import { deleteShard } from '../storage/shards.js';
import { writeNewStores, type NewStore } from '../storage/new-stores-batch.js';
import { systemClock, type Clock } from '../support/clock.js';
import { createKeyCheck } from './key-check.js';
import { createPassphraseCipher, openPassphraseCipher, type ScryptCost } from './passphrase-cipher.js';
import type { CipherKind, SecretCipher } from './secret-cipher.js';
import { encodeEntry, entryTag, kindOf, shardSchema, tagOf, type EntryTag, type Shard } from './vault-entry.js';
import { VaultError } from './vault-error.js';
import { createUnlockThrottle } from './unlock-throttle.js';
import { checkKeys, ciphersByKind, decryptOrUndefined, type CheckedKind } from './vault-keys.js';
import { createDecryptedSlots } from './decrypted-slots.js';
import { META, metaSchema, openVaultStore, scanTags, vaultNamespaces, type TagScan } from './vault-meta.js';
import { assertKey, assertNamespace } from './vault-names.js';
import { describeVault, desktopOnlyMessage, keyMissingMessage, keyStoreLabel, type VaultStatus } from './vault-status.js';

export interface VaultOptions {
  /** The vault's own folder, e.g. `<dataDir>/vault`; holds `<namespace>.json` shards and `_meta.json`. */
  dir: string;
  /** The app's cipher, which writes: safeStorage in Electron, the Node key cipher elsewhere. */
  cipher: SecretCipher;
  /**
   * Ciphers of other kinds that only read, e.g. the Node key cipher in Electron for the `c:` entries
   * browser mode wrote into the same data folder. At most one per kind; never `passphrase`.
   */
  readers?: readonly SecretCipher[];
  recoveries: RecoveryLog;
  clock?: Clock;
  ConfClass?: ConfConstructor;
  /** scrypt cost for a new passphrase; tests lower it. Existing passphrases keep the cost they were set with. */
  passphraseCost?: ScryptCost;
}

/** Secrets by namespace (one per integration or connection) and key; ciphertext only on disk. */
export interface Vault {
  status(): VaultStatus;
  put(namespace: string, key: string, secret: string): void;
  /** Several secrets of one namespace in one atomic write: all are on disk, or none. */
  putMany(namespace: string, secrets: Record<string, string>): void;
  /** `putMany` staged for a group commit with other stores (`storage/write-together.ts`; issue 15). */
  prepareMany(namespace: string, secrets: Record<string, string>): PreparedWrite<unknown>;
  /**
   * Issue 16 (bundle import): the secrets of many namespaces that have no shard yet, each shard as
   * durable as `putMany`'s, written together (`storage/new-stores-batch.ts`). Refuses if any exists.
   * Waits while a passphrase is being set or unlocked, and a passphrase set meanwhile waits for it.
   */
  putNewNamespaces(batch: Record<string, Record<string, string>>): Promise<void>;
  /**
   * A secret's plaintext. `keepDecrypted`: a secret read on every request (a connection's access token,
   * by the local API) is kept decrypted in memory for the next read; every other secret (refresh
   * tokens, client secrets, passphrases) is decrypted per read and not kept.
   */
  get(namespace: string, key: string, options?: { keepDecrypted?: boolean }): string | undefined;
  has(namespace: string, key: string): boolean;
  /** Whether a shard of this namespace exists (open, or on disk), without opening it. */
  holds(namespace: string): boolean;
  delete(namespace: string, key: string): void;
  deleteNamespace(namespace: string): void;
  /** Allow storing secrets under a `weak` cipher; persisted, and still reported by `status()`. */
  acceptWeakProtection(): void;
  /** Encrypt every secret, now and from now on, with a key derived from `passphrase` (scrypt off the main thread). */
  setPassphrase(passphrase: string): Promise<void>;
  /** One attempt at a time; after a few wrong passphrases, further attempts wait longer and longer. */
  unlock(passphrase: string): Promise<void>;
  /** Forget the passphrase-derived key until the next `unlock`. */
  lock(): void;
  /** Move every `c:` secret to the safeStorage cipher (`s:`), as `status().reencrypt` offers. */
  reencrypt(): void;
}

const LOCKED_MESSAGE = 'The vault is locked. Enter the vault passphrase to use saved secrets.';

/**
 * Create the secrets vault: encrypted entries, sharded one file per namespace.
 *
 * One shard per namespace means a token refresh rewrites one small file, whatever the number of
 * integrations, and deleting an integration deletes a file. Each entry records which kind of cipher
 * wrote it (`vault-entry.ts`), so one data folder serves the desktop app and browser mode, and a change
 * of cipher can be interrupted and resumed without guessing.
 *
 * The `basic_text` rule: when the cipher is `weak` (a key anyone can find), `put` refuses with
 * `VAULT_WEAK_PROTECTION` until the admin sets a passphrase or explicitly accepts the weak protection.
 * The key-missing rule: when a key that saved entries need is gone or different (its check value does
 * not decrypt), the state is `key-missing`: no secret is saved and no tag or key check recorded, so
 * restoring the key and restarting brings every secret back. Reading and deleting stay possible in every state but
 * `locked` (deleting even then): refusing them would only strand data.
 */
export function createVault(options: VaultOptions): Vault {
  const { dir, cipher, recoveries } = options;
  const clock = options.clock ?? systemClock;
  const storeOptions = { dir, recoveries, clock, ConfClass: options.ConfClass };
  const ciphers = ciphersByKind(cipher, options.readers ?? []);

  const meta = openVaultStore(storeOptions, META, metaSchema, {});
  const shards = new Map<string, JsonStore<Shard>>();
  let passphraseCipher: SecretCipher | undefined;
  const throttle = createUnlockThrottle(clock);
  /**
   * Passphrase operations run one after another: two derivations at once would double the memory.
   * A batch of new namespaces joins the queue too: it encrypts before it writes, and a passphrase set
   * while its files were still being written re-encrypted every shard on disk but those, which then
   * landed under the old key, their tag no longer recorded (unreadable wherever that key is not).
   */
  let passphraseQueue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = passphraseQueue.then(run, run);
    passphraseQueue = next.catch(() => undefined);
    return next;
  };

  const shard = (namespace: string): JsonStore<Shard> => {
    let store = shards.get(namespace);
    if (!store) {
      store = openVaultStore(storeOptions, namespace, shardSchema, {});
      shards.set(namespace, store);
    }
    return store;
  };
  const scan = (): TagScan => scanTags(vaultNamespaces(dir), (namespace) => shard(namespace).get());

  // --- Open: which tags are present, and does every key they need still open them? ---
  const legacyScan = meta.get().tags === undefined ? scan() : undefined;
  let tags = new Set<EntryTag>(meta.get().tags ?? legacyScan?.tags);
  const { missing, learned } = checkKeys(meta.get(), tags, ciphers, (tag) => legacyScan?.samples.get(tag) ?? scan().samples.get(tag));
  if (!missing && ((legacyScan && tags.size > 0) || Object.keys(learned).length > 0)) {
    meta.update((m) => ({ ...m, tags: [...tags], checks: { ...m.checks, ...learned } }));
  }

  const keyMissingError = (kind: CheckedKind): VaultError =>
    new VaultError('VAULT_KEY_UNAVAILABLE', keyMissingMessage({ kind, backend: backendOf(kind) }));
  const backendOf = (kind: CipherKind): string => ciphers.get(kind)?.backend ?? meta.get().checks?.[kind as CheckedKind]?.backend ?? kind;

  const desktopOnly = (): VaultStatus['desktopOnly'] => {
    if (!tags.has('s') || ciphers.has('safe-storage')) return undefined;
    const keyStore = keyStoreLabel(meta.get().checks?.['safe-storage']?.backend);
    return { keyStore, message: desktopOnlyMessage(keyStore, meta.get().passphrase !== undefined) };
  };

  /** The move from browser mode's key to safeStorage, when it is possible and worth it. */
  const reencryptOffer = (): VaultStatus['reencrypt'] => {
    const appKey = ciphers.get('app-key');
    if (missing || !appKey || cipher.kind !== 'safe-storage' || cipher.protection !== 'os') return undefined;
    if (meta.get().passphrase || !tags.has('c')) return undefined;
    return { from: keyStoreLabel(appKey.backend), to: keyStoreLabel(cipher.backend) };
  };

  const status = (): VaultStatus => {
    const m = meta.get();
    return describeVault({
      cipher,
      passphraseSet: m.passphrase !== undefined,
      unlocked: passphraseCipher !== undefined,
      weakAccepted: m.weakAcceptedAt !== undefined,
      keyMissing: missing && { kind: missing, backend: backendOf(missing) },
      reencrypt: reencryptOffer(),
      desktopOnly: desktopOnly(),
    });
  };

  const refuseIfLocked = (): void => {
    if (meta.get().passphrase && !passphraseCipher) throw new VaultError('VAULT_LOCKED', LOCKED_MESSAGE);
  };

  const refuseIfKeyMissing = (): void => {
    if (missing) throw keyMissingError(missing);
  };

  /**
   * Record a tag (and its kind's key check) before the first entry with it is written.
   *
   * Before, not after: a crash in between then leaves a tag without entries (harmless), never entries
   * the meta does not know of, whose key could later vanish unnoticed.
   */
  const recordTag = (tag: EntryTag, through: SecretCipher): void => {
    if (tags.has(tag)) return;
    const check = through.kind === 'passphrase' ? {} : { [through.kind]: createKeyCheck(through) };
    meta.update((m) => ({ ...m, tags: [...tags, tag], checks: { ...m.checks, ...check } }));
    tags = new Set([...tags, tag]);
  };

  /** The cipher new secrets go through, and its tag; throws if the vault may not store secrets now. */
  const writer = (): { tag: EntryTag; cipher: SecretCipher } => {
    refuseIfKeyMissing();
    refuseIfLocked();
    if (passphraseCipher) return { tag: 'p', cipher: passphraseCipher };
    if (cipher.protection === 'weak' && meta.get().weakAcceptedAt === undefined) {
      throw new VaultError('VAULT_WEAK_PROTECTION', status().message);
    }
    return { tag: tagOf[cipher.kind], cipher };
  };

  /** The cipher that reads entries of `tag` here, if any. */
  const readerFor = (tag: EntryTag): SecretCipher | undefined => (tag === 'p' ? passphraseCipher : ciphers.get(kindOf[tag]));

  /** Access tokens kept decrypted for the local API (`decrypted-slots.ts`). */
  const decrypted = createDecryptedSlots();

  const decryptEntry = (namespace: string, key: string, entry: string, keep = false): string => {
    const tag = entryTag(entry);
    if (tag === 'p' && !passphraseCipher) throw new VaultError('VAULT_LOCKED', LOCKED_MESSAGE);
    if (missing && kindOf[tag] === missing) throw keyMissingError(missing);
    const source = readerFor(tag);
    if (!source) {
      // Only safeStorage can be absent here (browser mode): a missing app key is `key-missing` above.
      throw new VaultError('VAULT_KEY_UNAVAILABLE', desktopOnly()?.message ?? keyMissingMessage({ kind: kindOf[tag], backend: backendOf(kindOf[tag]) }));
    }
    const cached = decrypted.get(namespace, key, entry);
    if (cached !== undefined) return cached;
    const plain = decryptOrUndefined(source, entry);
    // The cipher's own error is replaced rather than wrapped: only this message is known to be safe.
    if (plain === undefined) {
      throw new VaultError(
        'VAULT_DECRYPT_FAILED',
        `The secret "${key}" of "${namespace}" could not be decrypted: it was changed on disk, or encrypted with another key (${source.backend}).`,
      );
    }
    if (keep) decrypted.keep(namespace, key, entry, plain);
    return plain;
  };

  /**
   * Re-encrypt every entry tagged one of `from` that a cipher here can read, to `target`, one shard
   * at a time (each write atomic); then record the tags exactly and clear the run's `flag`.
   *
   * The flag is set (with the target's tag) before the first shard, so an interrupted run is resumed.
   * Entries no cipher here can read are left as they are: they were unreadable before, too.
   */
  const reencryptEntries = (target: SecretCipher, from: readonly EntryTag[], flag: 'reencrypting' | 'reencryptingToSafeStorage'): void => {
    const targetTag = tagOf[target.kind];
    recordTag(targetTag, target);
    decrypted.clear();
    const found = new Set<EntryTag>();
    for (const namespace of vaultNamespaces(dir)) {
      const store = shard(namespace);
      const next: Shard = { ...store.get() };
      let changed = false;
      for (const [key, entry] of Object.entries(next)) {
        const source = from.includes(entryTag(entry)) ? readerFor(entryTag(entry)) : undefined;
        const plain = source && decryptOrUndefined(source, entry);
        // Unreadable: kept, `get` reports it clearly. A target that cannot encrypt stops the run
        // instead (its flag stays set, so it resumes), rather than leaving entries behind unnoticed.
        if (plain !== undefined) {
          next[key] = encodeEntry(targetTag, target.encrypt(plain));
          changed = true;
        }
        found.add(entryTag(next[key]!));
      }
      if (changed) store.set(next);
    }
    tags = found;
    meta.update(({ [flag]: _done, ...rest }) => ({ ...rest, tags: [...found] }));
  };

  /** Whether entries of a key other than the passphrase exist that a cipher here can read. */
  const convertibleToPassphrase = (): boolean =>
    (tags.has('c') && ciphers.has('app-key')) || (tags.has('s') && ciphers.has('safe-storage'));

  function putMany(namespace: string, secrets: Record<string, string>): void {
    const entries = encryptedEntries(namespace, secrets);
    shard(namespace).update((doc) => ({ ...doc, ...entries }));
    decrypted.forget(namespace, Object.keys(entries));
  }

  function prepareMany(namespace: string, secrets: Record<string, string>): PreparedWrite<unknown> {
    const entries = encryptedEntries(namespace, secrets);
    const prepared = shard(namespace).prepare((doc) => ({ ...doc, ...entries }));
    // Emptied once the write lands: a read while it was being written may have kept the old value.
    return {
      ...prepared,
      adopt() {
        const adopted = prepared.adopt();
        decrypted.forget(namespace, Object.keys(entries));
        return adopted;
      },
    };
  }

  /** Encrypts secrets for one namespace with the writing cipher (its tag recorded first, see `recordTag`). */
  function encryptedEntries(namespace: string, secrets: Record<string, string>): Record<string, string> {
    assertNamespace(namespace);
    const { tag, cipher: through } = writer();
    const entries: Record<string, string> = {};
    for (const [key, secret] of Object.entries(secrets)) {
      assertKey(key);
      // Checked here because Node's own type errors quote the value they received.
      if (typeof secret !== 'string') throw new VaultError('VAULT_INVALID_INPUT', 'A secret must be a string.');
      entries[key] = encodeEntry(tag, through.encrypt(secret));
    }
    recordTag(tag, through);
    return entries;
  }

  function reencrypt(): void {
    refuseIfKeyMissing();
    if (cipher.kind !== 'safe-storage' || meta.get().passphrase) {
      throw new VaultError(
        'VAULT_REENCRYPT_UNAVAILABLE',
        meta.get().passphrase
          ? 'Secrets are already encrypted with your vault passphrase.'
          : 'Secrets can only be moved to the desktop app’s key store from the desktop app.',
      );
    }
    if (cipher.protection !== 'os') {
      throw new VaultError('VAULT_REENCRYPT_UNAVAILABLE', 'The desktop app’s key store offers no protection of its own here, so secrets stay where they are. Set a vault passphrase instead.');
    }
    meta.update((m) => ({ ...m, reencryptingToSafeStorage: true }));
    reencryptEntries(cipher, ['c'], 'reencryptingToSafeStorage');
  }

  // An interrupted move to safeStorage resumes as soon as both keys are at hand.
  if (meta.get().reencryptingToSafeStorage && reencryptOffer()) reencrypt();

  return {
    status,

    put(namespace, key, secret) {
      putMany(namespace, { [key]: secret });
    },

    putMany,
    prepareMany,

    // In the passphrase queue (see `oneAtATime`): encrypted with the key that is current once no
    // passphrase is being set, and on disk before the next one re-encrypts the shards.
    putNewNamespaces: (batch) => oneAtATime(async () => {
      const { tag, cipher: through } = writer();
      const stores: NewStore[] = [];
      for (const [namespace, secrets] of Object.entries(batch)) {
        assertNamespace(namespace);
        if (shards.has(namespace)) throw new VaultError('VAULT_INVALID_INPUT', 'A namespace of the batch already exists.');
        const entries: Record<string, string> = {};
        for (const [key, secret] of Object.entries(secrets)) {
          assertKey(key);
          if (typeof secret !== 'string') throw new VaultError('VAULT_INVALID_INPUT', 'A secret must be a string.');
          entries[key] = encodeEntry(tag, through.encrypt(secret));
        }
        stores.push({ dir, name: namespace, version: 1, doc: shardSchema.parse(entries) });
      }
      if (stores.length === 0) return;
      recordTag(tag, through);
      await writeNewStores(stores);
    }),

    get(namespace, key, options) {
      assertNamespace(namespace);
      assertKey(key);
      refuseIfLocked();
      const doc = shard(namespace).get();
      const entry = Object.hasOwn(doc, key) ? doc[key] : undefined;
      return entry === undefined ? undefined : decryptEntry(namespace, key, entry, options?.keepDecrypted === true);
    },

    holds(namespace) {
      assertNamespace(namespace);
      return shards.has(namespace) || fs.existsSync(storeFile(dir, namespace));
    },

    has(namespace, key) {
      assertNamespace(namespace);
      assertKey(key);
      return Object.hasOwn(shard(namespace).get(), key);
    },

    delete(namespace, key) {
      assertNamespace(namespace);
      assertKey(key);
      const store = shard(namespace);
      const doc = store.get();
      if (!Object.hasOwn(doc, key)) return;
      decrypted.forget(namespace, [key]);
      const { [key]: _removed, ...rest } = doc;
      if (Object.keys(rest).length === 0) {
        shards.delete(namespace);
        deleteShard(dir, namespace);
      } else {
        store.set(rest);
      }
    },

    deleteNamespace(namespace) {
      assertNamespace(namespace);
      decrypted.forgetNamespace(namespace);
      shards.delete(namespace);
      deleteShard(dir, namespace);
    },

    acceptWeakProtection() {
      if (meta.get().weakAcceptedAt !== undefined) return;
      meta.update((m) => ({ ...m, weakAcceptedAt: new Date(clock.now()).toISOString() }));
    },

    setPassphrase: (passphrase) => oneAtATime(async () => {
      if (meta.get().passphrase) {
        throw new VaultError('VAULT_PASSPHRASE_ALREADY_SET', 'A vault passphrase is already set.');
      }
      refuseIfKeyMissing();
      const created = await createPassphraseCipher(passphrase, options.passphraseCost);
      if (meta.get().passphrase) throw new VaultError('VAULT_PASSPHRASE_ALREADY_SET', 'A vault passphrase is already set.');
      // The record is saved before any secret is re-encrypted: if the app stops half-way, the next
      // start is locked, and unlocking resumes the run (the `reencrypting` flag).
      meta.update((m) => ({ ...m, passphrase: created.record, reencrypting: true }));
      passphraseCipher = created.cipher;
      reencryptEntries(created.cipher, ['c', 's'], 'reencrypting');
    }),

    unlock: (passphrase) => oneAtATime(async () => {
      const record = meta.get().passphrase;
      if (!record) throw new VaultError('VAULT_NO_PASSPHRASE', 'No vault passphrase is set, so there is nothing to unlock.');
      throttle.check();
      let opened: SecretCipher;
      try {
        opened = await openPassphraseCipher(record, passphrase);
      } catch (error) {
        throttle.failed();
        throw error;
      }
      throttle.succeeded();
      passphraseCipher = opened;
      // Resumes an interrupted run, and takes in what another mode left under its own key (the
      // desktop app's `s:` entries that browser mode could not read when the passphrase was set).
      if (!missing && (meta.get().reencrypting || convertibleToPassphrase())) reencryptEntries(opened, ['c', 's'], 'reencrypting');
    }),

    lock() {
      passphraseCipher = undefined;
      decrypted.clear();
    },

    reencrypt,
  };
}

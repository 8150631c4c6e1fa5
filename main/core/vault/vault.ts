import { z } from 'zod';
import { openJsonStore, type ConfConstructor, type JsonStore } from '../storage/json-store.js';
import type { RecoveryLog } from '../storage/recovery-log.js';
import { deleteShard, listShards } from '../storage/shards.js';
import { systemClock, type Clock } from '../support/clock.js';
import { createPassphraseCipher, openPassphraseCipher, passphraseRecordSchema, type ScryptCost } from './passphrase-cipher.js';
import type { SecretCipher } from './secret-cipher.js';
import { VaultError } from './vault-error.js';
import { assertKey, assertNamespace, vaultKeyPattern } from './vault-names.js';
import { describeVault, type VaultStatus } from './vault-status.js';

export interface VaultOptions {
  /** The vault's own folder, e.g. `<dataDir>/vault`; holds `<namespace>.json` shards and `_meta.json`. */
  dir: string;
  /** The app's cipher: safeStorage in Electron, the Node key cipher elsewhere. */
  cipher: SecretCipher;
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
  get(namespace: string, key: string): string | undefined;
  has(namespace: string, key: string): boolean;
  delete(namespace: string, key: string): void;
  deleteNamespace(namespace: string): void;
  /** Allow storing secrets under a `weak` cipher; persisted, and still reported by `status()`. */
  acceptWeakProtection(): void;
  /** Encrypt every secret, now and from now on, with a key derived from `passphrase`. */
  setPassphrase(passphrase: string): void;
  unlock(passphrase: string): void;
  /** Forget the passphrase-derived key until the next `unlock`. */
  lock(): void;
}

const META = '_meta';
/** `c:` = encrypted by the app's cipher, `p:` = by the passphrase cipher; then base64. */
const entrySchema = z.string().regex(/^[cp]:[A-Za-z0-9+/]*={0,2}$/);
const shardSchema = z.record(z.string().regex(vaultKeyPattern), entrySchema);
type Shard = z.infer<typeof shardSchema>;

const metaSchema = z.object({
  weakAcceptedAt: z.string().optional(),
  passphrase: passphraseRecordSchema.optional(),
  /** Set while secrets are being re-encrypted under a new passphrase, so an interrupted run resumes. */
  reencrypting: z.boolean().optional(),
});

/**
 * Create the secrets vault: encrypted entries, sharded one file per namespace.
 *
 * One shard per namespace means a token refresh rewrites one small file, whatever the number of
 * integrations, and deleting an integration deletes a file. Each entry records which cipher wrote it,
 * so switching to a passphrase can be interrupted and resumed without guessing.
 *
 * The `basic_text` rule: when the cipher is `weak` (a key anyone can find), `put` refuses with
 * `VAULT_WEAK_PROTECTION` until the admin sets a passphrase or explicitly accepts the weak protection.
 * Reading and deleting stay possible in every state but `locked` (deleting even then): refusing them
 * would only strand data.
 */
export function createVault(options: VaultOptions): Vault {
  const { dir, cipher, recoveries } = options;
  const clock = options.clock ?? systemClock;
  const open = <T>(name: string, schema: z.ZodType<T>, defaults: T): JsonStore<T> =>
    openJsonStore({ dir, name, schema, defaults, version: 1, recoveries, clock, ConfClass: options.ConfClass });

  const meta = open(META, metaSchema, {});
  const shards = new Map<string, JsonStore<Shard>>();
  let passphraseCipher: SecretCipher | undefined;

  const shard = (namespace: string): JsonStore<Shard> => {
    let store = shards.get(namespace);
    if (!store) {
      store = open(namespace, shardSchema, {});
      shards.set(namespace, store);
    }
    return store;
  };

  const status = (): VaultStatus => {
    const m = meta.get();
    return describeVault({
      cipher,
      passphraseSet: m.passphrase !== undefined,
      unlocked: passphraseCipher !== undefined,
      weakAccepted: m.weakAcceptedAt !== undefined,
    });
  };

  const refuseIfLocked = (): void => {
    if (meta.get().passphrase && !passphraseCipher) {
      throw new VaultError('VAULT_LOCKED', 'The vault is locked. Enter the vault passphrase to use saved secrets.');
    }
  };

  /** The cipher new secrets go through, and its tag; throws if the vault may not store secrets now. */
  const writer = (): { tag: 'c' | 'p'; cipher: SecretCipher } => {
    refuseIfLocked();
    if (passphraseCipher) return { tag: 'p', cipher: passphraseCipher };
    if (cipher.protection === 'weak' && meta.get().weakAcceptedAt === undefined) {
      throw new VaultError('VAULT_WEAK_PROTECTION', status().message);
    }
    return { tag: 'c', cipher };
  };

  const decryptEntry = (namespace: string, key: string, entry: string): string => {
    const source = entry.startsWith('p:') ? passphraseCipher : cipher;
    if (!source) throw new VaultError('VAULT_LOCKED', 'The vault is locked. Enter the vault passphrase to use saved secrets.');
    try {
      return source.decrypt(Buffer.from(entry.slice(2), 'base64'));
    } catch {
      // The cipher's own error is replaced rather than wrapped: only this message is known to be safe.
      throw new VaultError(
        'VAULT_DECRYPT_FAILED',
        `The secret "${key}" of "${namespace}" could not be decrypted: it was changed on disk, or encrypted with another key (${source.backend}).`,
      );
    }
  };

  /**
   * Re-encrypt every `c:` entry with the passphrase cipher, one shard at a time (each write atomic).
   * Entries the app cipher cannot read are left as they are: they were unreadable before, too.
   */
  const reencryptAll = (target: SecretCipher): void => {
    for (const namespace of listShards(dir, '')) {
      if (!/^[A-Za-z0-9]/.test(namespace)) continue;
      const store = shard(namespace);
      const doc = store.get();
      if (!Object.values(doc).some((entry) => entry.startsWith('c:'))) continue;
      const next: Shard = {};
      for (const [key, entry] of Object.entries(doc)) {
        next[key] = entry;
        if (!entry.startsWith('c:')) continue;
        try {
          const plain = cipher.decrypt(Buffer.from(entry.slice(2), 'base64'));
          next[key] = `p:${target.encrypt(plain).toString('base64')}`;
        } catch {
          // Keep it; `get` will report it clearly.
        }
      }
      store.set(next);
    }
    meta.update(({ reencrypting: _done, ...rest }) => rest);
  };

  function putMany(namespace: string, secrets: Record<string, string>): void {
    assertNamespace(namespace);
    const { tag, cipher: through } = writer();
    const entries: Record<string, string> = {};
    for (const [key, secret] of Object.entries(secrets)) {
      assertKey(key);
      // Checked here because Node's own type errors quote the value they received.
      if (typeof secret !== 'string') throw new VaultError('VAULT_INVALID_INPUT', 'A secret must be a string.');
      entries[key] = `${tag}:${through.encrypt(secret).toString('base64')}`;
    }
    shard(namespace).update((doc) => ({ ...doc, ...entries }));
  }

  return {
    status,

    put(namespace, key, secret) {
      putMany(namespace, { [key]: secret });
    },

    putMany,

    get(namespace, key) {
      assertNamespace(namespace);
      assertKey(key);
      refuseIfLocked();
      const doc = shard(namespace).get();
      const entry = Object.hasOwn(doc, key) ? doc[key] : undefined;
      return entry === undefined ? undefined : decryptEntry(namespace, key, entry);
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
      shards.delete(namespace);
      deleteShard(dir, namespace);
    },

    acceptWeakProtection() {
      if (meta.get().weakAcceptedAt !== undefined) return;
      meta.update((m) => ({ ...m, weakAcceptedAt: new Date(clock.now()).toISOString() }));
    },

    setPassphrase(passphrase) {
      if (meta.get().passphrase) {
        throw new VaultError('VAULT_PASSPHRASE_ALREADY_SET', 'A vault passphrase is already set.');
      }
      const created = createPassphraseCipher(passphrase, options.passphraseCost);
      // The record is saved before any secret is re-encrypted: if the app stops half-way, the next
      // start is locked, and unlocking resumes the run (the `reencrypting` flag).
      meta.update((m) => ({ ...m, passphrase: created.record, reencrypting: true }));
      passphraseCipher = created.cipher;
      reencryptAll(created.cipher);
    },

    unlock(passphrase) {
      const record = meta.get().passphrase;
      if (!record) throw new VaultError('VAULT_NO_PASSPHRASE', 'No vault passphrase is set, so there is nothing to unlock.');
      const opened = openPassphraseCipher(record, passphrase);
      passphraseCipher = opened;
      if (meta.get().reencrypting) reencryptAll(opened);
    },

    lock() {
      passphraseCipher = undefined;
    },
  };
}

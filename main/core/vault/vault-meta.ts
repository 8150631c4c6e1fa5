import { z } from 'zod';
import { openJsonStore, type ConfConstructor, type JsonStore } from '../storage/json-store.js';
import type { RecoveryLog } from '../storage/recovery-log.js';
import { listShards, listShardsInBackground } from '../storage/shards.js';
import type { Clock } from '../support/clock.js';
import { keyCheckSchema } from './key-check.js';
import { passphraseRecordSchema } from './passphrase-cipher.js';
import { entryTag, entryTagSchema, shardSchema, type EntryTag, type Shard } from './vault-entry.js';

export const META = '_meta';

/** The vault's own record beside the shards; it holds no secret. */
export const metaSchema = z.object({
  weakAcceptedAt: z.string().optional(),
  passphrase: passphraseRecordSchema.optional(),
  /** Set while secrets are being re-encrypted under a new passphrase, so an interrupted run resumes. */
  reencrypting: z.boolean().optional(),
  /**
   * The entry tags present. Added before the first entry of a tag is written, so it never under-reports;
   * made exact again by every full re-encryption run. Absent in vaults older than it: scanned once.
   */
  tags: z.array(entryTagSchema).optional(),
  /** Per key kind, a check value written when that kind first wrote (the passphrase has its verifier). */
  checks: z.object({ 'app-key': keyCheckSchema.optional(), 'safe-storage': keyCheckSchema.optional() }).optional(),
  /** Set while `c:` entries are being moved to safeStorage (`s:`), so an interrupted run resumes at the next start. */
  reencryptingToSafeStorage: z.boolean().optional(),
});

export type VaultMeta = z.infer<typeof metaSchema>;

export interface VaultStoreOptions {
  dir: string;
  recoveries: RecoveryLog;
  clock?: Clock;
  ConfClass?: ConfConstructor;
}

export function openVaultStore<T>(options: VaultStoreOptions, name: string, schema: z.ZodType<T>, defaults: T): JsonStore<T> {
  const { dir, recoveries, clock, ConfClass } = options;
  return openJsonStore({ dir, name, schema, defaults, version: 1, recoveries, clock, ConfClass });
}

/** The namespaces with a shard on disk (the meta, starting with `_`, is not one). One directory read. */
export function vaultNamespaces(dir: string): string[] {
  return listShards(dir, '').filter(isNamespace);
}

/** `vaultNamespaces` without blocking (start-up's tidying, in the background). */
export async function vaultNamespacesInBackground(dir: string): Promise<string[]> {
  return (await listShardsInBackground(dir, '')).filter(isNamespace);
}

const isNamespace = (name: string) => /^[A-Za-z0-9]/.test(name);

/** What a full read of the shards found: the tags present, and one entry of each to test a key on. */
export interface TagScan {
  tags: Set<EntryTag>;
  samples: Map<EntryTag, string>;
}

/** Read every shard once, for a vault whose meta does not record its tags yet. */
export function scanTags(namespaces: readonly string[], read: (namespace: string) => Shard): TagScan {
  const scan: TagScan = { tags: new Set(), samples: new Map() };
  for (const namespace of namespaces) {
    for (const entry of Object.values(read(namespace))) {
      const tag = entryTag(entry);
      scan.tags.add(tag);
      if (!scan.samples.has(tag)) scan.samples.set(tag, entry);
    }
  }
  return scan;
}

/**
 * The entry tags a vault folder holds, read before its ciphers are chosen; writes nothing.
 *
 * The composition root asks this first: whether `c:` entries exist decides whether a missing
 * `vault.key` may be created afresh (no) and whether the desktop app opens browser mode's key to read them.
 */
export function readVaultTags(options: VaultStoreOptions): Set<EntryTag> {
  const recorded = openVaultStore(options, META, metaSchema, {}).get().tags;
  if (recorded) return new Set(recorded);
  return scanTags(vaultNamespaces(options.dir), (namespace) => openVaultStore(options, namespace, shardSchema, {}).get()).tags;
}

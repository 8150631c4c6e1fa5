import { createKeyCheck, keyCheckMatches, type KeyCheck } from './key-check.js';
import type { CipherKind, SecretCipher } from './secret-cipher.js';
import { entryData, tagOf, type EntryTag } from './vault-entry.js';
import type { VaultMeta } from './vault-meta.js';

/** The kinds whose key lives outside the vault and is checked at open (the passphrase has its verifier). */
export const CHECKED_KINDS = ['safe-storage', 'app-key'] as const;
export type CheckedKind = (typeof CHECKED_KINDS)[number];

/** The plaintext of an entry, or undefined if `cipher` cannot open it. */
export function decryptOrUndefined(cipher: SecretCipher, entry: string): string | undefined {
  try {
    return cipher.decrypt(entryData(entry));
  } catch {
    return undefined;
  }
}

/** The ciphers by kind: the writer first, then the readers; a second cipher of one kind is a wiring error. */
export function ciphersByKind(primary: SecretCipher, readers: readonly SecretCipher[]): Map<CipherKind, SecretCipher> {
  const byKind = new Map<CipherKind, SecretCipher>([[primary.kind, primary]]);
  for (const reader of readers) {
    if (reader.kind === 'passphrase' || byKind.has(reader.kind)) {
      throw new Error(`A vault reader must be of another kind than the vault's other ciphers, and not a passphrase (got ${reader.kind}).`);
    }
    byKind.set(reader.kind, reader);
  }
  return byKind;
}

/**
 * At open: which kind of key, if any, saved entries need and cannot get (`missing`), and the checks
 * learned from vaults written before checks existed.
 *
 * A kind counts only while entries of it exist (its tag): a check left by entries since re-encrypted
 * elsewhere may fail harmlessly, and is replaced at that kind's next first write. With a check, the
 * check decides; without one, one entry of the kind is tried, and the check is recorded if it opens.
 * safeStorage can be absent without being missing (browser mode); the app key never is, since both
 * modes open it.
 */
export function checkKeys(
  meta: VaultMeta,
  tags: ReadonlySet<EntryTag>,
  ciphers: ReadonlyMap<CipherKind, SecretCipher>,
  sampleOf: (tag: EntryTag) => string | undefined,
): { missing?: CheckedKind; learned: Partial<Record<CheckedKind, KeyCheck>> } {
  const learned: Partial<Record<CheckedKind, KeyCheck>> = {};
  for (const kind of CHECKED_KINDS) {
    if (!tags.has(tagOf[kind])) continue;
    const through = ciphers.get(kind);
    if (!through) {
      if (kind === 'app-key') return { missing: kind, learned };
      continue;
    }
    const check = meta.checks?.[kind];
    if (check) {
      if (!keyCheckMatches(check, through)) return { missing: kind, learned };
      continue;
    }
    const sample = sampleOf(tagOf[kind]);
    if (sample === undefined) continue;
    if (decryptOrUndefined(through, sample) === undefined) return { missing: kind, learned };
    learned[kind] = createKeyCheck(through);
  }
  return { learned };
}

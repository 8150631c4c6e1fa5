import { z } from 'zod';
import type { CipherKind } from './secret-cipher.js';
import { vaultKeyPattern } from './vault-names.js';

/**
 * The prefix of a stored entry, naming the cipher that wrote it.
 *
 * `c:` is the Node key cipher's key (`app-key`; every entry written before the tags were split is one,
 * since the Electron path never stored any), `s:` is Electron's safeStorage, `p:` the passphrase key.
 * Without the tag, an entry written in one mode would be handed to the other mode's key and fail.
 */
export type EntryTag = 'c' | 's' | 'p';

export const tagOf: Readonly<Record<CipherKind, EntryTag>> = { 'app-key': 'c', 'safe-storage': 's', passphrase: 'p' };
export const kindOf: Readonly<Record<EntryTag, CipherKind>> = { c: 'app-key', s: 'safe-storage', p: 'passphrase' };

export const entryTagSchema = z.enum(['c', 's', 'p']);
/** A tag, a colon, then the ciphertext in base64. */
export const entrySchema = z.string().regex(/^[csp]:[A-Za-z0-9+/]*={0,2}$/);

export const entryTag = (entry: string): EntryTag => entry[0] as EntryTag;
export const entryData = (entry: string): Buffer => Buffer.from(entry.slice(2), 'base64');
export const encodeEntry = (tag: EntryTag, data: Buffer): string => `${tag}:${data.toString('base64')}`;

/** One namespace's file: key → entry. */
export const shardSchema = z.record(z.string().regex(vaultKeyPattern), entrySchema);
export type Shard = z.infer<typeof shardSchema>;

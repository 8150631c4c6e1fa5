import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { AES_KEY_BYTES, createAesGcmCipher } from './aes-gcm-cipher.js';
import type { SecretCipher } from './secret-cipher.js';
import { VaultError } from './vault-error.js';

/** scrypt work factors; stored with the record so that they can be raised later without breaking old vaults. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (N = 2^17, r = 8, p = 1): 128 MiB, about a third of a second. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
export const MIN_PASSPHRASE_LENGTH = 8;
const MAX_PASSPHRASE_LENGTH = 1024;
const VERIFIER_LABEL = 'integrations-desk/vault-passphrase-verifier/v1';

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/**
 * What the vault stores beside the secrets to re-derive the key: salt, cost, verifier. No secret.
 *
 * The bounds refuse a tampered record that would make the app allocate gigabytes on unlock.
 */
export const passphraseRecordSchema = z.object({
  kdf: z.literal('scrypt'),
  salt: base64,
  N: z.number().int().min(2 ** 10).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  verifier: base64,
});

export type PassphraseRecord = z.infer<typeof passphraseRecordSchema>;

/**
 * Check a new passphrase and derive a cipher and its record (fresh random salt).
 *
 * Asynchronous: scrypt (128 MiB, a third of a second) runs on libuv's thread pool, so main keeps
 * answering the window, the local API and token refreshes meanwhile (issue 13: it used to block).
 */
export async function createPassphraseCipher(passphrase: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<{ cipher: SecretCipher; record: PassphraseRecord }> {
  const normalized = normalizePassphrase(passphrase);
  if ([...normalized].length < MIN_PASSPHRASE_LENGTH || normalized.length > MAX_PASSPHRASE_LENGTH) {
    const message = `The vault passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`;
    throw new VaultError('VAULT_PASSPHRASE_INVALID', message, { passphrase: message });
  }
  const salt = randomBytes(16);
  const key = await derive(normalized, salt, cost);
  const record: PassphraseRecord = { kdf: 'scrypt', salt: salt.toString('base64'), ...cost, verifier: verifierOf(key).toString('base64') };
  return { cipher: cipherFor(key), record };
}

/**
 * Re-derive the cipher from a passphrase and its record; a wrong passphrase is a clear error.
 *
 * The verifier is an HMAC under the derived key, so checking it reveals nothing about the key, and the
 * comparison is constant-time.
 */
export async function openPassphraseCipher(record: PassphraseRecord, passphrase: string): Promise<SecretCipher> {
  const key = await derive(normalizePassphrase(passphrase), Buffer.from(record.salt, 'base64'), record);
  const expected = Buffer.from(record.verifier, 'base64');
  const actual = verifierOf(key);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    const message = 'The vault passphrase is not correct.';
    throw new VaultError('VAULT_WRONG_PASSPHRASE', message, { passphrase: message });
  }
  return cipherFor(key);
}

// NFC: the same passphrase typed on another OS or keyboard layout must give the same bytes.
const normalizePassphrase = (passphrase: string): string => passphrase.normalize('NFC');

function derive(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, AES_KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const verifierOf = (key: Buffer): Buffer => createHmac('sha256', key).update(VERIFIER_LABEL).digest();

const cipherFor = (key: Buffer): SecretCipher => createAesGcmCipher(key, { kind: 'passphrase', backend: 'passphrase', protection: 'os' });

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CipherKind, CipherProtection, SecretCipher } from './secret-cipher.js';
import { VaultError } from './vault-error.js';

/** Layout: format byte, 12-byte IV, 16-byte tag, ciphertext. The format byte is authenticated too. */
const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
export const AES_KEY_BYTES = 32;

/**
 * Build an AES-256-GCM cipher around a 32-byte key.
 *
 * GCM authenticates: a flipped bit, a truncated value or the wrong key is an error, never garbage
 * handed to a provider as a token. A random IV per secret is safe far beyond the number of secrets a
 * desktop vault will hold under one key. The leading format byte leaves room for a future layout.
 */
export function createAesGcmCipher(
  key: Buffer,
  identity: { kind: CipherKind; backend: string; protection: CipherProtection },
): SecretCipher {
  if (key.length !== AES_KEY_BYTES) throw new VaultError('VAULT_KEY_UNAVAILABLE', 'The vault key has the wrong length.');
  const secretKey = Buffer.from(key);
  const header = Buffer.from([FORMAT_V1]);
  return {
    kind: identity.kind,
    backend: identity.backend,
    protection: identity.protection,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data.length < HEADER_BYTES || data[0] !== FORMAT_V1) {
        throw new VaultError('VAULT_DECRYPT_FAILED', 'The secret is not in a format this vault can read.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, data.subarray(1, 1 + IV_BYTES));
        decipher.setAAD(header);
        decipher.setAuthTag(data.subarray(1 + IV_BYTES, HEADER_BYTES));
        return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new VaultError(
          'VAULT_DECRYPT_FAILED',
          'The secret could not be decrypted: it was changed on disk, or it was encrypted with a different key.',
        );
      }
    },
  };
}

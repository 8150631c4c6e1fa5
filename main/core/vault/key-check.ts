import { z } from 'zod';
import type { SecretCipher } from './secret-cipher.js';

/** A fixed, public label: its ciphertext proves a key is the one that wrote the vault, and reveals nothing. */
const CHECK_LABEL = 'integrations-desk/vault-key-check/v1';

/** Kept in the vault's meta per cipher kind: which key store wrote it (for messages) and the check itself. */
export const keyCheckSchema = z.object({
  backend: z.string().min(1).max(100),
  value: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

export type KeyCheck = z.infer<typeof keyCheckSchema>;

/**
 * Encrypt the check label with `cipher`, to be stored when its kind first writes.
 *
 * A key that was deleted and silently recreated, or replaced by another file, opens every secret with
 * an error only at first use; the check makes the vault notice at start, before it writes anything.
 */
export function createKeyCheck(cipher: SecretCipher): KeyCheck {
  return { backend: cipher.backend, value: cipher.encrypt(CHECK_LABEL).toString('base64') };
}

/** Whether `cipher` holds the key that wrote `check`; any failure to decrypt is a no. */
export function keyCheckMatches(check: KeyCheck, cipher: SecretCipher): boolean {
  try {
    return cipher.decrypt(Buffer.from(check.value, 'base64')) === CHECK_LABEL;
  } catch {
    return false;
  }
}

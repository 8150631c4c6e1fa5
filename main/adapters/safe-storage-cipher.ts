import { safeStorage } from 'electron';
import { classifySafeStorage } from '../core/vault/safe-storage-backend.js';
import type { SecretCipher } from '../core/vault/secret-cipher.js';
import { VaultError } from '../core/vault/vault-error.js';

/**
 * Electron's `safeStorage` as the vault's cipher. Call it after `app.whenReady()`.
 *
 * Uses the synchronous calls (deprecated in Electron 45 in favour of the async ones, still supported):
 * the vault port is synchronous. The backend rating, including the Linux `basic_text` rule, lives in
 * core (`classifySafeStorage`); this file only wires it. Errors carry no ciphertext.
 */
export function createSafeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  const identity = classifySafeStorage(platform, () => safeStorage.getSelectedStorageBackend());
  if (!identity || !safeStorage.isEncryptionAvailable()) {
    throw new VaultError(
      'VAULT_KEY_UNAVAILABLE',
      'The operating system secret storage is not available yet (safeStorage was used before the app was ready, or has no backend).',
    );
  }
  return {
    kind: 'safe-storage',
    ...identity,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt(data) {
      try {
        return safeStorage.decryptString(data);
      } catch {
        throw new VaultError(
          'VAULT_DECRYPT_FAILED',
          `The secret could not be decrypted with the ${identity.backend} key: it was changed on disk, or saved under another key store or user account.`,
        );
      }
    },
  };
}
